// Small DOM helpers: elements from data, bundle HTML with its asset paths resolved.

/** Attributes: a `false` or `undefined` value leaves the attribute out. */
export type Attributes = Record<string, string | number | boolean | undefined>;

/**
 * An element with attributes and children.
 *
 * @param tag Tag name.
 * @param attributes Attributes (`true`: present without a value).
 * @param children Nodes or text.
 * @returns The element.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

let assetBase = '/bundle/0/';

/**
 * Set where the bundle's `assets/...` paths point.
 *
 * @param base The bundle root, e.g. `/bundle/3/`.
 */
export function setAssetBase(base: string): void {
  assetBase = base;
}

/**
 * Bundle HTML (sanitized at build time) in an element, with image paths
 * resolved against the bundle's root. The page's CSP keeps it inert all the same.
 *
 * @param tag Tag name.
 * @param markup The HTML.
 * @param attributes Attributes.
 * @returns The element.
 */
export function html<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  markup: string,
  attributes: Attributes = {},
): HTMLElementTagNameMap[K] {
  const node = el(tag, attributes);
  node.innerHTML = withAssets(markup);
  return node;
}

/**
 * HTML with `assets/` paths pointing at the current bundle (also those of an earlier one).
 *
 * @param markup Bundle HTML.
 * @returns The HTML.
 */
export function withAssets(markup: string): string {
  return markup
    .replace(/(src|href)="assets\//g, `$1="${assetBase}assets/`)
    .replace(/\/bundle\/\d+\/assets\//g, `${assetBase}assets/`);
}

/**
 * Say something to screen readers (the polite live region).
 *
 * @param text What to say.
 */
export function announce(text: string): void {
  const status = document.querySelector('#status');
  if (status) status.textContent = text;
}

/**
 * A visually hidden text (read by screen readers).
 *
 * @param text The text.
 * @returns The span.
 */
export function hidden(text: string): HTMLSpanElement {
  return el('span', { class: 'visually-hidden' }, text);
}

/**
 * A table with a caption, header row and body rows.
 *
 * @param caption The caption.
 * @param head Column headings.
 * @param rows Cells per row.
 * @param attributes Attributes of the table.
 * @returns The table.
 */
export function table(
  caption: string,
  head: string[],
  rows: (string | Node)[][],
  attributes: Attributes = {},
): HTMLTableElement {
  return el(
    'table',
    attributes,
    el('caption', {}, caption),
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, h)))),
    el(
      'tbody',
      {},
      ...rows.map((cells) =>
        el('tr', {}, ...cells.map((cell, i) => (i === 0 ? el('th', { scope: 'row' }, cell) : el('td', {}, cell)))),
      ),
    ),
  );
}

/**
 * Whether a key event comes from a field that takes text (no shortcuts there).
 *
 * @param event The event.
 * @returns `true` in a text input, search box, text area or select.
 */
export function inTextField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable)
    return true;
  return target instanceof HTMLInputElement && !['radio', 'checkbox', 'button', 'submit'].includes(target.type);
}
