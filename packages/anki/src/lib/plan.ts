import type { BundleNote } from '@qbank/bundle';
import { ankiGuidFor, fieldChecksum, IdAllocator } from './hash.js';
import { escapeHtml, figures, mnemonicFields, sourceField, tagsFor, videoField } from './fields.js';
import type { AnkiBundleSource, AnkiExportOptions } from './model.js';
import type { DeckPlan, PlannedDeck, PlannedNote } from './deck-plan.js';
import { AnkiEmptyDeckError, noteTimes } from './previous.js';
import { loadNotes, readVerified, studyOrder } from './read.js';

/** Used when the bundle has no usable build time (outside git, without SOURCE_DATE_EPOCH): 2020-01-01. */
const fallbackTime = Date.UTC(2020, 0, 1);

/** The export's clock: the bundle's build time, never the machine's. */
function exportTime(buildTime: string | null): number {
  const time = buildTime === null ? Number.NaN : Date.parse(buildTime);
  // Ids lie up to 2^32 ms below this time and must stay positive.
  return Number.isFinite(time) && time > 2 ** 33 ? time : fallbackTime;
}

/** Deletion numbers as card ords: unique, ascending, each number minus one. */
function clozeOrds(deletions: readonly number[]): number[] {
  return [...new Set(deletions.filter((n) => Number.isInteger(n) && n >= 1))].sort((a, b) => a - b).map((n) => n - 1);
}

/** The media files, sorted by name, each read and verified once. */
async function readMedia(source: AnkiBundleSource, paths: Map<string, string>): Promise<DeckPlan['media']> {
  const media: DeckPlan['media'] = [];
  for (const name of [...paths.keys()].sort())
    media.push({ name, bytes: await readVerified(source, paths.get(name)!) });
  return media;
}

/**
 * Plan the deck of a bundle: which notes, cards, decks, tags and media, with
 * their ids, all derived from the bundle alone.
 *
 * @param source The bundle.
 * @param options Export options.
 * @returns The plan.
 */
export async function planDeck(source: AnkiBundleSource, options: AnkiExportOptions = {}): Promise<DeckPlan> {
  const { manifest } = source;
  const time = exportTime(manifest.buildTime);
  const noteIds = new IdAllocator(time);
  const cardIds = new IdAllocator(time);
  const deckIds = new IdAllocator(time);
  const topName = options.deckName?.trim() || manifest.bank.name.trim() || 'qbank';
  const top: PlannedDeck = {
    id: deckIds.idFor(`deck:${topName}`),
    name: topName,
    description: escapeHtml(`${manifest.bank.name} ${manifest.bank.version}, exported from a qbank bundle.`),
  };
  const labels = new Map(manifest.taxonomy.systems.map((system) => [system.id, system.label]));
  const deckNames = new Map<string, string>();
  const deckOf = (note: BundleNote): string => {
    const system = note.systems[0];
    if (system === undefined) return topName;
    const label = (labels.get(system) ?? system).replaceAll('::', ':');
    const name = `${topName}::${label}`;
    deckNames.set(name, system);
    return name;
  };

  const ordered = await studyOrder(source, await loadNotes(source));
  const drafts: (Omit<PlannedNote, 'deckId' | 'modified'> & { deck: string })[] = [];
  const mediaPaths = new Map<string, string>();
  for (const note of ordered) {
    const exported = note.cards.filter((card) => card.kind === 'basic' || clozeOrds(card.deletions).length > 0);
    if (exported.length === 0) continue;
    const figure = figures(note);
    for (const ref of figure.media) mediaPaths.set(ref.name, ref.path);
    const mnemonics = mnemonicFields(note);
    const shared = [videoField(note), sourceField(note)];
    const tags = tagsFor(note);
    const deck = deckOf(note);
    for (const card of exported) {
      const basic = card.kind === 'basic';
      const sortText = (basic ? card.front : card.text) ?? '';
      const first = escapeHtml(sortText);
      const second = basic ? escapeHtml(card.back ?? '') + figure.html : figure.html;
      const ords = basic ? [0] : clozeOrds(card.deletions);
      drafts.push({
        id: noteIds.idFor(`note:${card.id}`),
        guid: ankiGuidFor(card.id),
        kind: card.kind,
        fields: [first, second, mnemonics.get(card.id) ?? '', ...shared],
        sortText,
        checksum: fieldChecksum(sortText),
        tags,
        deck,
        due: drafts.length + 1,
        cards: ords.map((ord) => ({ id: cardIds.idFor(`card:${card.id}:${ord}`), ord })),
      });
    }
  }

  const subdecks = [...deckNames.keys()].sort().map((name) => ({
    id: deckIds.idFor(`deck:${name}`),
    name,
    description: escapeHtml(`Cards from the ${manifest.bank.name} notes whose first system is ${deckNames.get(name)}.`),
  }));
  const deckId = new Map([[top.name, top.id], ...subdecks.map((deck) => [deck.name, deck.id] as const)]);
  const modified = Math.floor(time / 1000);
  const notes = drafts.map(({ deck, ...note }) => ({ ...note, deckId: deckId.get(deck)!, modified }));
  if (notes.length === 0) throw new AnkiEmptyDeckError();
  const updates = await noteTimes(notes, modified, options.previous);
  const media = await readMedia(source, mediaPaths);
  return {
    modified,
    updates,
    top,
    subdecks,
    notes,
    tags: [...new Set(notes.flatMap((note) => note.tags))].sort(),
    media,
  };
}
