// The start page: choose tutor or timed mode, the block's size and systems.
import { el } from './dom.js';
import { app } from './state.js';

/** What the start form asks for. */
export interface BlockChoice {
  mode: 'tutor' | 'timed';
  size: number;
  system: string;
}

/**
 * The start page.
 *
 * @param start Start a block.
 * @returns The view's nodes.
 */
export function homeView(start: (choice: BlockChoice) => void): Node[] {
  const bundle = app.bundle!;
  const questions = bundle.manifest.counts.questions;
  const systems = bundle.manifest.taxonomy.systems.filter((s) => s.questions > 0);
  const mode = (value: string, label: string, checked: boolean) =>
    el(
      'div',
      { class: 'option' },
      el('input', { type: 'radio', name: 'mode', id: `mode-${value}`, value, checked }),
      el('label', { for: `mode-${value}` }, label),
    );
  const size = el('input', {
    type: 'number',
    id: 'size',
    name: 'size',
    min: 1,
    max: questions,
    value: Math.min(10, questions),
    inputmode: 'numeric',
  });
  const system = el(
    'select',
    { id: 'system', name: 'system' },
    el('option', { value: '' }, 'All systems'),
    ...systems.map((s) => el('option', { value: s.id }, `${s.label} (${s.questions})`)),
  );
  const form = el(
    'form',
    { class: 'start', 'data-testid': 'start-form' },
    el(
      'fieldset',
      {},
      el('legend', {}, 'Mode'),
      mode('tutor', 'Tutor: answer and explanation after each item', true),
      mode('timed', 'Timed: a block clock, results at the end', false),
    ),
    el('div', { class: 'field' }, el('label', { for: 'size' }, 'Number of items'), size),
    el('div', { class: 'field' }, el('label', { for: 'system' }, 'System'), system),
    el('button', { type: 'submit', class: 'primary', id: 'start', 'data-testid': 'start' }, 'Start block'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen =
      form.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value === 'timed' ? 'timed' : 'tutor';
    start({ mode: chosen, size: Math.max(1, Math.min(questions, Number(size.value) || 10)), system: system.value });
  });
  return [
    el('h1', { id: 'item-heading', tabindex: -1 }, bundle.manifest.bank.name),
    el(
      'p',
      {},
      `Version ${bundle.manifest.bank.version}: ${questions} questions and ${bundle.manifest.counts.notes} notes published.`,
    ),
    form,
    el('h2', {}, 'Keys'),
    el(
      'dl',
      { class: 'keys' },
      ...[
        ['A–E or 1–5', 'select an option'],
        ['Shift + A–E, or right-click', 'strike an option out'],
        ['Enter', 'submit (tutor) or go on (timed)'],
        ['→ or N, ← or P', 'next, previous item'],
        ['F', 'flag the item'],
        ['H', 'highlight the text selected in the stem'],
        ['L', 'lab values; Esc closes them'],
        ['O', 'author overlay (diagnostics beside the item)'],
      ].flatMap(([key, what]) => [el('dt', {}, el('kbd', {}, key!)), el('dd', {}, what!)]),
    ),
  ];
}
