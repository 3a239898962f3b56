import { UnknownItemError } from './errors.js';
import type { LoadedBundle } from './open.js';
import type { BundleNote, ManifestItem } from './types.js';

/** Curriculum levels, smallest first: the tie-break of a study path. */
export const noteLevels = ['molecular', 'cellular', 'tissue', 'organ', 'organ-system'] as const;

const rank = (note: BundleNote): number => {
  const i = noteLevels.indexOf(note.level as (typeof noteLevels)[number]);
  return i === -1 ? noteLevels.length : i;
};
const byLevelThenId = (a: BundleNote, b: BundleNote): number =>
  rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The notes a question reinforces (its `notes`), loaded.
 *
 * @param bundle The opened bundle.
 * @param questionId Question id.
 * @returns The notes, in the question's order.
 * @throws {UnknownItemError} when there is no such question.
 */
export async function notesForQuestion(bundle: LoadedBundle, questionId: string): Promise<BundleNote[]> {
  const entry = bundle.item(questionId);
  if (entry?.type !== 'question') throw new UnknownItemError(questionId, 'question');
  const chunk = await bundle.readJson<{ items: { id: string; notes: string[] }[] }>(entry.chunk);
  const ids = chunk.items.find((q) => q.id === questionId)?.notes ?? [];
  return bundle.notes(ids.filter((id) => bundle.item(id)?.type === 'note'));
}

/**
 * The questions that link a note (the note's `questions`, computed at build
 * time), as index entries: no question chunk is loaded.
 *
 * @param bundle The opened bundle.
 * @param noteId Note id.
 * @returns Index entries of the questions, sorted by id.
 */
export async function questionsForNote(bundle: LoadedBundle, noteId: string): Promise<ManifestItem[]> {
  const note = await bundle.note(noteId);
  return note.questions
    .map((id) => bundle.item(id))
    .filter((item): item is ManifestItem => item?.type === 'question')
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * A note's study path: every prerequisite, transitively, in an order where each
 * note comes after its own prerequisites, then the note itself. Among notes
 * that could come next, the smaller level comes first (molecular, cellular,
 * tissue, organ, organ-system, then notes without a level), then by id.
 *
 * @param bundle The opened bundle.
 * @param noteId Note id.
 * @returns The notes to study, in order, ending with the note.
 */
export async function studyPath(bundle: LoadedBundle, noteId: string): Promise<BundleNote[]> {
  const target = await bundle.note(noteId);
  const notes = new Map<string, BundleNote>([[target.id, target]]);
  let frontier = [target];
  while (frontier.length > 0) {
    const next = [...new Set(frontier.flatMap((n) => n.prerequisites))].filter(
      (id) => !notes.has(id) && bundle.item(id)?.type === 'note',
    );
    frontier = await bundle.notes(next);
    for (const n of frontier) notes.set(n.id, n);
  }
  notes.delete(target.id);
  const waiting = new Map([...notes.values()].map((n) => [n.id, n.prerequisites.filter((p) => notes.has(p)).length]));
  const path: BundleNote[] = [];
  while (waiting.size > 0) {
    const ready = [...waiting].filter(([, count]) => count === 0).map(([id]) => notes.get(id)!);
    // A cycle (the validator rejects them) would leave nothing ready: take the lowest level anyway.
    const pick = (ready.length > 0 ? ready : [...waiting.keys()].map((id) => notes.get(id)!)).sort(byLevelThenId)[0]!;
    waiting.delete(pick.id);
    path.push(pick);
    for (const n of notes.values()) {
      if (waiting.has(n.id) && n.prerequisites.includes(pick.id)) waiting.set(n.id, waiting.get(n.id)! - 1);
    }
  }
  return [...path, target];
}
