import { strToU8, zipSync, type Zippable } from 'fflate';
import { writeCollection } from './collection.js';
import type { AnkiBundleSource, AnkiExportOptions } from './model.js';
import type { DeckPlan } from './deck-plan.js';
import { planDeck } from './plan.js';

// Zip timestamps cannot be before 1980; every entry gets this one, so packages depend only on content.
const fixedTime = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/**
 * Zip a planned deck as an `.apkg`: `collection.anki2`, the `media` map and the
 * media files `0`, `1`, ..., in that order with fixed timestamps.
 *
 * @param plan The deck.
 * @returns The package bytes.
 */
export async function packDeck(plan: DeckPlan): Promise<Uint8Array> {
  const options = { mtime: fixedTime, level: 9, os: 3, attrs: 0o100644 << 16 } as const;
  const entries: Zippable = {
    'collection.anki2': [await writeCollection(plan), options],
    media: [strToU8(JSON.stringify(Object.fromEntries(plan.media.map((m, i) => [String(i), m.name])))), options],
  };
  plan.media.forEach((m, i) => (entries[String(i)] = [m.bytes, options]));
  return zipSync(entries);
}

/**
 * Export the flashcards and cloze cards of a compiled bundle as an Anki deck
 * (`.apkg`, the classic collection schema 11 that Anki 2.1 and later, AnkiDroid
 * and AnkiMobile import).
 *
 * Every qbank card becomes one Anki note of type "qbank Basic" (Front, Back,
 * Mnemonic, Video, Source note) or "qbank Cloze" (Text, Extra, Mnemonic, Video,
 * Source note) in the subdeck `<deck name>::<label of the note's first system>`,
 * tagged `qbank::system::<id>`, `qbank::discipline::<id>` and `qbank::tag::<tag>`.
 * The figures of the note go into the package and are shown under the answer.
 *
 * Note: the same bundle always gives the same bytes. Note GUIDs come from the
 * stable card ids ({@link ankiGuidFor}), so importing the next release updates
 * the notes a learner already has, with their review history, instead of
 * adding copies; ids and timestamps come from the card ids and the bundle's
 * build time, never from the clock.
 *
 * @param bundle The bundle: its manifest and a reader for its files (each is checked against the manifest's sha256).
 * @param options Export options.
 * @returns The `.apkg` bytes.
 * @example
 * const bytes = await buildAnkiPackage({ manifest, readFile: (path) => contentBytes(bundle.files.get(path)!) });
 */
export async function buildAnkiPackage(bundle: AnkiBundleSource, options: AnkiExportOptions = {}): Promise<Uint8Array> {
  return packDeck(await planDeck(bundle, options));
}
