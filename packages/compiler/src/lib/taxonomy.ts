import type { Taxonomy, TaxonomyEntry } from '@qbank/taxonomy';
import type { BundleNote, BundleQuestion, ManifestTaxonomy, ManifestTaxonomyEntry } from './model.js';

function tally(values: readonly string[], into: Map<string, number>): void {
  // Each value once per item; most items have one or two, where a Set costs more than it saves.
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (values.indexOf(value) === i) into.set(value, (into.get(value) ?? 0) + 1);
  }
}

function entries(
  list: readonly TaxonomyEntry[],
  parentOf: (e: TaxonomyEntry) => string | undefined,
  questions: Map<string, number>,
  notes: Map<string, number>,
): ManifestTaxonomyEntry[] {
  return list
    .filter((e) => e.status === 'active' || questions.has(e.id) || notes.has(e.id))
    .map((e) => ({
      id: e.id,
      label: e.label,
      parent: parentOf(e) ?? null,
      questions: questions.get(e.id) ?? 0,
      notes: notes.get(e.id) ?? 0,
      range: e.range,
    }));
}

/**
 * The taxonomy as the manifest carries it: every active value with its label,
 * parent and the number of published questions and notes tagged with it.
 *
 * @param taxonomy The bank's taxonomy.
 * @param questions Published questions.
 * @param notes Published notes.
 * @returns Labels, hierarchy and counts.
 */
export function manifestTaxonomy(
  taxonomy: Taxonomy,
  questions: readonly BundleQuestion[],
  notes: readonly BundleNote[],
): ManifestTaxonomy {
  const count = (q: (item: BundleQuestion) => string[], n: (item: BundleNote) => string[]) => {
    const qs = new Map<string, number>();
    const ns = new Map<string, number>();
    for (const item of questions) tally(q(item), qs);
    for (const item of notes) tally(n(item), ns);
    return [qs, ns] as const;
  };
  const groupOf = new Map(taxonomy.systems.map((s) => [s.id, s.group]));
  const [systemQ, systemN] = count(
    (q) => [q.system],
    (n) => n.systems,
  );
  const [groupQ, groupN] = count(
    (q) => [groupOf.get(q.system) ?? ''],
    (n) => n.systems.map((s) => groupOf.get(s) ?? ''),
  );
  const parentOf = new Map([...taxonomy.disciplines, ...taxonomy.competencies].map((e) => [e.id, e.parent]));
  const withParents = (ids: string[]) => ids.flatMap((id) => [id, parentOf.get(id) ?? id]);
  const [disciplineQ, disciplineN] = count(
    (q) => withParents(q.disciplines),
    (n) => withParents(n.disciplines),
  );
  const [competencyQ] = count(
    (q) => withParents([q.competency]),
    () => [],
  );
  const [tagQ, tagN] = count(
    (q) => q.tags,
    (n) => n.tags,
  );
  return {
    id: taxonomy.id,
    label: taxonomy.label,
    specGroups: entries(taxonomy.specGroups, () => undefined, groupQ, groupN),
    systems: entries(taxonomy.systems, (e) => e.group, systemQ, systemN),
    disciplines: entries(taxonomy.disciplines, (e) => e.parent, disciplineQ, disciplineN),
    competencies: entries(taxonomy.competencies, (e) => e.parent, competencyQ, new Map()),
    tags: [...new Set([...tagQ.keys(), ...tagN.keys()])]
      .sort()
      .map((id) => ({ id, questions: tagQ.get(id) ?? 0, notes: tagN.get(id) ?? 0 })),
  };
}
