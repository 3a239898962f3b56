import type { CheckedNote } from '@qbank/validate';
import type { Curriculum } from './model.js';

const levels = ['molecular', 'cellular', 'tissue', 'organ', 'organ-system'];

/**
 * The study order of the published notes: prerequisites before the notes that
 * need them (across systems), then molecules before cells, tissues, organs and
 * organ systems, then by id. Validation has already rejected cycles.
 *
 * @param notes Published notes.
 * @returns Per system, the notes whose first system it is, in study order.
 */
export function studyOrder(notes: readonly CheckedNote[]): Curriculum {
  const byId = new Map(notes.map((n) => [n.data.id, n]));
  const rank = (n: CheckedNote) => (n.data.level ? levels.indexOf(n.data.level) : levels.length);
  const sorted = [...notes].sort((a, b) => rank(a) - rank(b) || (a.data.id < b.data.id ? -1 : 1));
  const order: string[] = [];
  const placed = new Set<string>();
  const place = (note: CheckedNote, path: Set<string>) => {
    if (placed.has(note.data.id) || path.has(note.data.id)) return;
    path.add(note.data.id);
    const prerequisites = (note.data.prerequisites ?? []).map((id) => byId.get(id)).filter((n) => n !== undefined);
    for (const prerequisite of prerequisites.sort((a, b) => rank(a) - rank(b) || (a.data.id < b.data.id ? -1 : 1))) {
      place(prerequisite, path);
    }
    placed.add(note.data.id);
    order.push(note.data.id);
  };
  for (const note of sorted) place(note, new Set());
  const systems: Record<string, string[]> = {};
  for (const id of order) {
    const system = byId.get(id)!.tags.systems[0] ?? 'unassigned';
    (systems[system] ??= []).push(id);
  }
  return { curriculumFormat: '1.0.0', systems };
}
