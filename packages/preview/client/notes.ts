// Notes with their memory tools: mnemonics, flashcards that flip, cloze cards that reveal, video cards,
// pearls and warnings, figures; backlinks to questions; the curriculum order per system.
import type { BundleNote, NoteBlock } from '@qbank/runtime';
import { el, html } from './dom.js';
import { app } from './state.js';

/**
 * The list of notes in curriculum order, per system.
 *
 * @returns The view's nodes.
 */
export async function notesIndexView(): Promise<Node[]> {
  const bundle = app.bundle!;
  const curriculum = await bundle.curriculum();
  const labels = new Map(bundle.manifest.taxonomy.systems.map((s) => [s.id, s.label]));
  const systems = curriculum ? Object.entries(curriculum.systems) : [];
  return [
    el('h1', { id: 'item-heading', tabindex: -1 }, 'Notes'),
    el('p', {}, 'In study order per system: each note comes after the notes it builds on.'),
    ...systems.flatMap(([system, ids]) => [
      el('h2', {}, labels.get(system) ?? system),
      el(
        'ol',
        { class: 'note-links' },
        ...ids.map((id) =>
          el('li', {}, el('a', { href: `#/note/${encodeURIComponent(id)}` }, app.noteTitles.get(id) ?? id)),
        ),
      ),
    ]),
  ];
}

/**
 * One note.
 *
 * @param id The note's id.
 * @returns The view's nodes.
 */
export async function noteView(id: string): Promise<Node[]> {
  const note: BundleNote = await app.bundle!.note(id);
  const labels = new Map(app.bundle!.manifest.taxonomy.systems.map((s) => [s.id, s.label]));
  return [
    el(
      'article',
      { class: 'note', 'aria-labelledby': 'item-heading', 'data-testid': 'note', 'data-note': note.id },
      el('h1', { id: 'item-heading', tabindex: -1 }, note.title),
      el(
        'p',
        { class: 'meta' },
        [...note.systems.map((s) => labels.get(s) ?? s), note.level ?? ''].filter(Boolean).join(' · '),
      ),
      ...note.blocks.map(blockView),
    ),
    el(
      'section',
      { class: 'backlinks', 'aria-labelledby': 'backlinks-heading' },
      el('h2', { id: 'backlinks-heading' }, 'Questions on this note'),
      note.questions.length
        ? el(
            'ul',
            {},
            ...note.questions.map((q) => el('li', {}, el('a', { href: `#/item/${encodeURIComponent(q)}` }, q))),
          )
        : el('p', {}, 'No published question links this note yet.'),
    ),
  ];
}

function blockView(block: NoteBlock): HTMLElement {
  switch (block.type) {
    case 'html':
      return html('div', block.html, { class: 'prose' });
    case 'mnemonic':
      return el('section', { class: 'mnemonic' }, el('h2', {}, `Mnemonic: ${block.title}`), html('div', block.html));
    case 'flashcard':
      return flashcard(block.id, block.front, block.back);
    case 'cloze':
      return cloze(block.text);
    case 'video':
      return el(
        'section',
        { class: 'video', 'data-testid': 'video' },
        el('h2', {}, `Video: ${block.title}`),
        el(
          'p',
          {},
          `${providerName(block.provider)} · starts at ${timestamp(block.start)} · video id `,
          el('code', {}, block.videoId),
        ),
        el('p', { class: 'hint' }, 'The preview is offline: videos are shown as a card, not played.'),
      );
    case 'callout':
      return el(
        'aside',
        { class: `callout ${block.kind}`, 'aria-label': block.kind === 'pearl' ? 'Pearl' : 'Warning' },
        el('strong', {}, block.kind === 'pearl' ? '★ Pearl' : '⚠ Warning'),
        html('div', block.html),
      );
    case 'figure':
      return el(
        'figure',
        {},
        html('div', `<img src="${attribute(block.src)}" alt="${attribute(block.alt)}">`),
        el('figcaption', {}, block.caption ?? '', block.credit ? ` (${block.credit})` : ''),
      );
  }
}

function attribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function providerName(provider: string): string {
  return ({ youtube: 'YouTube', vimeo: 'Vimeo' } as Record<string, string>)[provider] ?? provider;
}

function timestamp(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function flashcard(id: string, front: string, back: string): HTMLElement {
  const face = el('span', { class: 'face' }, front);
  const button = el(
    'button',
    { type: 'button', class: 'flashcard', 'aria-pressed': 'false', 'data-card': id },
    el('span', { class: 'side' }, 'Front'),
    face,
  );
  button.addEventListener('click', () => {
    const flipped = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(flipped));
    button.querySelector('.side')!.textContent = flipped ? 'Back' : 'Front';
    face.textContent = flipped ? back : front;
  });
  return el(
    'section',
    { class: 'card' },
    el('h2', { class: 'visually-hidden' }, 'Flashcard'),
    button,
    el('p', { class: 'hint' }, 'Press to flip.'),
  );
}

function cloze(text: string): HTMLElement {
  const paragraph = el('p', {});
  let last = 0;
  for (const match of text.matchAll(/\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}/g)) {
    paragraph.append(text.slice(last, match.index));
    const answer = match[2]!;
    const hint = match[3];
    const button = el(
      'button',
      { type: 'button', class: 'cloze', 'aria-expanded': 'false' },
      hint ? `[${hint}]` : '[…]',
    );
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      button.setAttribute('aria-expanded', String(open));
      button.textContent = open ? answer : hint ? `[${hint}]` : '[…]';
    });
    paragraph.append(button);
    last = match.index + match[0].length;
  }
  paragraph.append(text.slice(last));
  return el(
    'section',
    { class: 'card' },
    el('h2', { class: 'visually-hidden' }, 'Cloze card'),
    paragraph,
    el('p', { class: 'hint' }, 'Press a gap to reveal it.'),
  );
}
