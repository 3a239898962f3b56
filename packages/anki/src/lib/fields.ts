import type { BundleNote, NoteBlock } from '@qbank/bundle';

type Block<T extends NoteBlock['type']> = Extract<NoteBlock, { type: T }>;

/**
 * Escape plain text for an Anki field (fields are HTML). Anki's field separator
 * (U+001F) is dropped, since it would split the field.
 *
 * @param text Plain text.
 * @returns HTML.
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('\u001f', '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function blocksOf<T extends NoteBlock['type']>(note: BundleNote, type: T): Block<T>[] {
  return note.blocks.filter((block): block is Block<T> => block.type === type);
}

/** A card's text as plain words, for finding it inside a rendered block. */
function plainWords(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function mnemonicHtml(mnemonic: Block<'mnemonic'>): string {
  const title = mnemonic.title ? `<p><strong>${escapeHtml(mnemonic.title)}</strong></p>` : '';
  // A card written inside the mnemonic is a card of its own, not part of the memory aid.
  const body = mnemonic.html.replace(/\s*<div data-qbank="(?:flashcard|cloze)">[\s\S]*?<\/div>/g, '');
  return (title + body).replaceAll('\u001f', '');
}

/**
 * The Mnemonic field of every card of a note. A mnemonic belongs to the cards
 * of its section (the cards between the same two headings of the note body,
 * at any level) and to the cards written inside it; a card gets every
 * mnemonic that belongs to it, in document order, each with its title in bold
 * above its text (already sanitized HTML in the bundle).
 *
 * Note: a card written inside a `<Pearl>` or `<Warning>` belongs to that
 * block's section; a card found in no block gets no mnemonic.
 *
 * @param note The note.
 * @returns The field's HTML per card id; cards without a mnemonic are absent.
 */
export function mnemonicFields(note: BundleNote): Map<string, string> {
  const sectionOf = new Map<string, number>();
  const inSection: Block<'mnemonic'>[][] = [[]];
  const located: { block: NoteBlock; section: number }[] = [];
  for (const block of note.blocks) {
    if (block.type === 'html' && /<h[1-6][\s>]/.test(block.html)) inSection.push([]);
    const section = inSection.length - 1;
    if (block.type === 'flashcard' || block.type === 'cloze') sectionOf.set(block.id, section);
    else if (block.type === 'mnemonic') inSection[section]!.push(block);
    located.push({ block, section });
  }
  const fields = new Map<string, string>();
  for (const card of note.cards) {
    let mnemonics = inSection[sectionOf.get(card.id) ?? -1];
    if (!mnemonics) {
      // Written inside another component: find the block that shows its text.
      const words = plainWords(escapeHtml((card.kind === 'basic' ? card.front : card.text) ?? ''));
      const host = located.find(({ block }) => 'html' in block && words && plainWords(block.html).includes(words));
      mnemonics = !host ? [] : host.block.type === 'mnemonic' ? [host.block] : inSection[host.section]!;
    }
    if (mnemonics.length) fields.set(card.id, mnemonics.map(mnemonicHtml).join(''));
  }
  return fields;
}

/**
 * A start time as `m:ss`, or `h:mm:ss` from one hour on.
 *
 * @param seconds Seconds from the start.
 * @returns The time.
 */
export function formatStart(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The Video field: the note's first video as text, `Title (provider id, from m:ss)`
 * (without the start when it is 0:00); empty when the note has none.
 *
 * @param note The note.
 * @returns HTML.
 */
export function videoField(note: BundleNote): string {
  const video = blocksOf(note, 'video')[0];
  if (!video) return '';
  const start = video.start ? `, from ${formatStart(video.start)}` : '';
  return escapeHtml(`${video.title} (${video.provider} ${video.videoId}${start})`);
}

/**
 * The Source note field: the note's title and id, `Title (id)`.
 *
 * @param note The note.
 * @returns HTML.
 */
export function sourceField(note: BundleNote): string {
  return escapeHtml(`${note.title} (${note.id})`);
}

/** A figure image and the name it has in the package's media. */
export interface MediaRef {
  /** Asset path in the bundle (`assets/<hash>.<ext>`). */
  path: string;
  /** File name in Anki's media folder. */
  name: string;
}

/**
 * The Anki media name of a bundle asset: its path below `assets/`. Assets are
 * named by content hash, so the same image always gets the same name and
 * different images never share one.
 *
 * @param path Asset path in the bundle.
 * @returns The media file name.
 */
export function mediaName(path: string): string {
  return path.replace(/^assets\//, '').replaceAll('/', '_');
}

/**
 * The note's figures, each as `<img>` with its caption and credit, for the Back
 * or Extra field, and the media they use.
 *
 * @param note The note.
 * @returns The HTML and the media references, in document order.
 */
export function figures(note: BundleNote): { html: string; media: MediaRef[] } {
  const media: MediaRef[] = [];
  let html = '';
  for (const figure of blocksOf(note, 'figure')) {
    const name = mediaName(figure.src);
    media.push({ path: figure.src, name });
    const caption = [figure.caption, figure.credit].filter(Boolean).join(' — ');
    html +=
      `<figure><img src="${escapeHtml(name)}" alt="${escapeHtml(figure.alt)}">` +
      (caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : '') +
      '</figure>';
  }
  return { html, media };
}

function tagPart(value: string): string {
  return value.trim().replace(/\s+/g, '_');
}

/**
 * The Anki tags of a note: `qbank::system::<id>` for each of its systems,
 * `qbank::discipline::<id>` for each discipline and `qbank::tag::<tag>` for each
 * free-form tag, sorted. Whitespace inside a value becomes `_` (Anki separates
 * tags with spaces).
 *
 * Note: `::` makes hierarchical tags (Anki 2.1.45 and later show them as a
 * tree under `qbank`); older versions show them as plain tags.
 *
 * @param note The note.
 * @returns The tags.
 */
export function tagsFor(note: BundleNote): string[] {
  const tags = [
    ...note.systems.map((id) => `qbank::system::${tagPart(id)}`),
    ...note.disciplines.map((id) => `qbank::discipline::${tagPart(id)}`),
    ...note.tags.map((tag) => `qbank::tag::${tagPart(tag)}`),
  ];
  return [...new Set(tags)].sort();
}
