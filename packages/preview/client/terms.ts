// Glossary terms in a question: each occurrence a button in the text; pressing it shows the term's
// plain-language definition (and its translation, when the student picked a language) just under
// the paragraph. Everything from the glossary is put in the page as text.
import type { BundleGlossary, QuestionTermRange } from '@qbank/runtime';
import { announce, el } from './dom.js';
import { app } from './state.js';

/**
 * Wrap each range of an element's text in a term button. The ranges are
 * offsets into the element's `textContent` (the bundle's `terms`); a range
 * that crosses markup (half of it in italics) or lies in a link stays plain.
 *
 * @param root The element holding a field's HTML (stem, lead-in, an option).
 * @param ranges The field's term ranges.
 * @param glossary The bundle's glossary.
 */
export function markTerms(
  root: HTMLElement,
  ranges: readonly QuestionTermRange[],
  glossary: BundleGlossary | null,
): void {
  if (!glossary || ranges.length === 0) return;
  const texts: { node: Text; start: number }[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let offset = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    texts.push({ node, start: offset });
    offset += node.data.length;
  }
  // Right to left: splitting a text node keeps its start, so the ranges before stay where they were.
  for (const [start, end, index] of [...ranges].reverse()) {
    const entry = glossary.terms[index];
    const host = texts.find((t) => t.start <= start && end <= t.start + t.node.data.length);
    if (!entry || !host || host.node.parentElement?.closest('a, button')) continue;
    const word = host.node.splitText(start - host.start);
    word.splitText(end - start);
    const button = el('button', {
      type: 'button',
      class: 'term',
      'data-term': index,
      'aria-expanded': 'false',
      'aria-controls': 'definition',
    });
    word.replaceWith(button);
    button.append(word);
  }
}

/** The language names the page shows, in English. */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * The languages the glossary has translations in, sorted.
 *
 * @param glossary The bundle's glossary.
 * @returns Language codes.
 */
export function glossaryLanguages(glossary: BundleGlossary | null): string[] {
  return [...new Set((glossary?.terms ?? []).flatMap((t) => Object.keys(t.translations)))].sort();
}

/**
 * The language picker: definitions in plain English, and the term in the
 * student's language when they pick one. `null` when the glossary has no translations.
 *
 * @returns The picker, or `null`.
 */
export function languagePicker(): HTMLElement | null {
  const languages = glossaryLanguages(app.glossary);
  if (languages.length === 0) return null;
  const select = el(
    'select',
    { id: 'term-language' },
    el('option', { value: '' }, 'English only'),
    ...languages.map((code) => el('option', { value: code, selected: code === app.language }, languageName(code))),
  );
  select.addEventListener('change', () => {
    app.language = select.value || null;
    closeDefinition();
  });
  return el('span', { class: 'term-language' }, el('label', { for: 'term-language' }, 'Terms also in '), select);
}

/**
 * The definition box of a question view (filled and moved under a term's paragraph when it is pressed).
 *
 * @returns The empty, hidden box.
 */
export function definitionBox(): HTMLElement {
  return el('section', {
    id: 'definition',
    class: 'definition',
    'aria-label': 'Definition',
    'data-testid': 'definition',
    hidden: true,
  });
}

/**
 * Show or hide a term's definition: the handler of clicks in a question view.
 *
 * @param event A click anywhere in the view.
 */
export function onTermClick(event: MouseEvent): void {
  const button = (event.target as Element | null)?.closest<HTMLButtonElement>('button.term');
  if (!button) return;
  // A term in an option's label: pressing it does not choose the option.
  event.preventDefault();
  const open = button.getAttribute('aria-expanded') === 'true';
  closeDefinition();
  if (!open) showDefinition(button);
}

function showDefinition(button: HTMLButtonElement): void {
  const box = document.querySelector<HTMLElement>('#definition');
  const entry = app.glossary?.terms[Number(button.dataset.term)];
  if (!box || !entry) return;
  const translation = app.language ? entry.translations[app.language] : undefined;
  const close = el('button', { type: 'button', class: 'close' }, 'Close');
  close.addEventListener('click', () => {
    closeDefinition();
    button.focus();
  });
  const parts: Node[] = [
    el(
      'p',
      { class: 'definition-term' },
      el('dfn', {}, entry.term),
      entry.variants.length ? ` (${entry.variants.join(', ')})` : '',
    ),
    el('p', { 'data-testid': 'definition-text' }, entry.definition),
  ];
  if (translation && app.language) {
    const language = el('span', { lang: app.language }, translation);
    parts.push(el('p', { 'data-testid': 'definition-translation' }, `${languageName(app.language)}: `, language));
  }
  box.replaceChildren(...parts, close);
  // Under the paragraph (or option) that holds the term.
  button.closest('.choice, #stem, #lead-in')?.after(box);
  box.hidden = false;
  button.setAttribute('aria-expanded', 'true');
  announce(`${entry.term}: ${entry.definition}${translation ? ` ${translation}` : ''}`);
}

/**
 * Hide the definition box, if it is open.
 *
 * @returns Whether it was open.
 */
export function closeDefinition(): boolean {
  const box = document.querySelector<HTMLElement>('#definition');
  for (const b of document.querySelectorAll('button.term[aria-expanded="true"]')) {
    b.setAttribute('aria-expanded', 'false');
  }
  if (!box || box.hidden) return false;
  box.hidden = true;
  box.replaceChildren();
  return true;
}
