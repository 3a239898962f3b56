// The lab-values panel: normal reference ranges, conventional and SI, with a filter.
import { el, table } from './dom.js';
import { labValues, rangeText } from './lab-values.js';

let opener: HTMLElement | null = null;

function tables(filter: string): HTMLElement[] {
  const wanted = filter.trim().toLowerCase();
  const groups = [...new Set(labValues.map((v) => v.group))];
  return groups.flatMap((group) => {
    const rows = labValues.filter((v) => v.group === group && (!wanted || v.test.toLowerCase().includes(wanted)));
    if (!rows.length) return [];
    return [
      table(
        group,
        ['Test', 'Conventional units', 'SI units'],
        rows.map((v) => [v.test, rangeText(v.conventional), rangeText(v.si)]),
      ),
    ];
  });
}

/**
 * Open the panel, or close it when it is open; focus goes into it, and back to where it was on close.
 */
export function toggleLabs(): void {
  const panel = document.querySelector<HTMLElement>('#labs')!;
  if (!panel.hidden) return closeLabs();
  opener = document.activeElement as HTMLElement | null;
  const search = el('input', { type: 'search', id: 'labs-filter', placeholder: 'Filter tests' });
  const body = el('div', { class: 'labs-tables' }, ...tables(''));
  search.addEventListener('input', () => body.replaceChildren(...tables(search.value)));
  const close = el('button', { type: 'button', class: 'close', 'data-testid': 'labs-close' }, 'Close');
  close.addEventListener('click', closeLabs);
  panel.replaceChildren(
    el('div', { class: 'labs-head' }, el('h2', { id: 'labs-heading', tabindex: -1 }, 'Lab values'), close),
    el('label', { for: 'labs-filter' }, 'Filter'),
    search,
    body,
    el('p', { class: 'hint' }, 'Adult reference ranges (USMLE laboratory values); SI converted with standard factors.'),
  );
  panel.setAttribute('aria-labelledby', 'labs-heading');
  panel.hidden = false;
  search.focus();
}

/** Close the panel. */
export function closeLabs(): void {
  const panel = document.querySelector<HTMLElement>('#labs')!;
  if (panel.hidden) return;
  panel.hidden = true;
  if (opener?.isConnected) opener.focus();
  else document.querySelector<HTMLElement>('#item-heading')?.focus();
  opener = null;
}
