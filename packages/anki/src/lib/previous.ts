import { unzipSync } from 'fflate';
import { basicModelId, clozeModelId } from './notetypes.js';
import type { NoteTimes, PlannedNote } from './deck-plan.js';
import { readDatabase } from './sqlite.js';

/**
 * Thrown when a bundle has no flashcard or cloze card to export: no deck is
 * written, since an empty deck would import as nothing at all.
 */
export class AnkiEmptyDeckError extends Error {
  /** Stable id of the problem. */
  readonly code = 'anki/empty-deck';
  /** What to do about it. */
  readonly hint =
    'Write `<Flashcard>` or `<Cloze>` cards in published notes (.mdx), run `qbank build`, then export again.';

  /** Create the error. */
  constructor() {
    super('Unexpected bundle without flashcards or cloze cards, expected at least one card: no deck written');
    this.name = 'AnkiEmptyDeckError';
  }
}

/** What decides whether a note changed: its note type, tags and fields. */
function contentOf(mid: number, tags: string, fields: string): string {
  return JSON.stringify([mid, tags, fields]);
}

function plannedContent(note: PlannedNote): string {
  const mid = note.kind === 'basic' ? basicModelId : clozeModelId;
  return contentOf(mid, note.tags.length ? ` ${note.tags.join(' ')} ` : '', note.fields.join('\u001f'));
}

/**
 * The notes of an earlier `.apkg`, by GUID: their `mod` and content. A file
 * that is not a readable deck gives none.
 *
 * @param bytes The earlier package.
 * @returns `mod` (seconds) and content per GUID.
 */
async function earlierNotes(bytes: Uint8Array): Promise<Map<string, { mod: number; content: string }>> {
  const notes = new Map<string, { mod: number; content: string }>();
  let collection: Uint8Array | undefined;
  try {
    collection = unzipSync(bytes, { filter: (file) => file.name === 'collection.anki2' })['collection.anki2'];
  } catch {
    return notes;
  }
  if (!collection) return notes;
  try {
    const rows = await readDatabase(collection, (db) => db.all('SELECT guid, mid, mod, tags, flds FROM notes'));
    for (const { guid, mid, mod, tags, flds } of rows) {
      notes.set(String(guid), { mod: Number(mod), content: contentOf(Number(mid), String(tags), String(flds)) });
    }
  } catch {
    notes.clear();
  }
  return notes;
}

/**
 * Set each note's `mod` against an earlier export of the same bank: a note
 * whose content (note type, tags, fields) is unchanged keeps its earlier
 * `mod`; a changed note gets the build time, or one second more than its
 * earlier `mod` when that is not older, so its `mod` always rises and no
 * `mod` of a note is ever used for two different contents. New notes keep the
 * build time.
 *
 * Note: Anki's default import ("update if newer") replaces a note only when
 * the incoming `mod` is greater. An edit that is not committed keeps the
 * bundle's build time (the commit time); comparing with the earlier deck is
 * what makes the corrected note newer.
 *
 * @param notes The planned notes (their `modified` is set in place).
 * @param base The build time in seconds.
 * @param previous The earlier package's bytes, if any.
 * @returns What changed, or `null` without an earlier package.
 */
export async function noteTimes(
  notes: PlannedNote[],
  base: number,
  previous: Uint8Array | undefined,
): Promise<NoteTimes | null> {
  if (!previous) return null;
  const earlier = await earlierNotes(previous);
  const counts: NoteTimes = { changed: 0, unchanged: 0, added: 0 };
  for (const note of notes) {
    const old = earlier.get(note.guid);
    if (!old) {
      counts.added += 1;
    } else if (old.content === plannedContent(note)) {
      note.modified = old.mod;
      counts.unchanged += 1;
    } else {
      note.modified = Math.max(base, old.mod + 1);
      counts.changed += 1;
    }
  }
  return counts;
}
