import type { BundleNote, Curriculum } from './model.js';
import { curriculumFormatVersion } from '@qbank/bundle';

const levels = ['molecular', 'cellular', 'tissue', 'organ', 'organ-system'];

/**
 * The study order of the published notes: prerequisites before the notes that
 * need them (across systems), then molecules before cells, tissues, organs and
 * organ systems, then by id. Validation has already rejected cycles.
 *
 * @param notes Published notes.
 * @returns Per system, the notes whose first system it is, in study order.
 */
export function studyOrder(notes: readonly BundleNote[]): Curriculum {
  const byId = new Map(notes.map((n) => [n.id, n]));
  const rank = (n: BundleNote) => (n.level ? levels.indexOf(n.level) : levels.length);
  const sorted = [...notes].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1));
  const order: string[] = [];
  const placed = new Set<string>();
  const place = (note: BundleNote, path: Set<string>) => {
    if (placed.has(note.id) || path.has(note.id)) return;
    path.add(note.id);
    const prerequisites = note.prerequisites.map((id) => byId.get(id)).filter((n) => n !== undefined);
    for (const prerequisite of prerequisites.sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : 1))) {
      place(prerequisite, path);
    }
    placed.add(note.id);
    order.push(note.id);
  };
  for (const note of sorted) place(note, new Set());
  const systems: Record<string, string[]> = {};
  for (const id of order) {
    const system = byId.get(id)!.systems[0] ?? 'unassigned';
    (systems[system] ??= []).push(id);
  }
  return { curriculumFormat: curriculumFormatVersion, systems };
}
