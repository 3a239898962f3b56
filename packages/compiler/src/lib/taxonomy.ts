import type { Taxonomy, TaxonomyEntry } from '@qbank/taxonomy';
import type { BundleNote, BundleQuestion, ManifestTaxonomy, ManifestTaxonomyEntry } from './model.js';

/** The values an item is counted under, per kind, each once: what the counts add up. */
interface CountedValues {
  system: string[];
  group: string[];
  discipline: string[];
  competency: string[];
  tag: string[];
}

/**
 * Per item record, its counted values (watch mode works out only changed
 * items afresh); items with the same values share one object, so a bank is
 * counted by how many items each set of values has.
 */
export interface TaxonomyMemo {
  /** Per item record. */
  values: WeakMap<object, CountedValues>;
  /** The one object for each set of tags an item has, by their text. */
  shared: Map<string, CountedValues>;
}

/**
 * An empty memo for `manifestTaxonomy`.
 *
 * @returns The memo.
 */
export function createTaxonomyMemo(): TaxonomyMemo {
  return { values: new WeakMap(), shared: new Map() };
}

const kinds = ['system', 'group', 'discipline', 'competency', 'tag'] as const;

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
  questions: readonly Pick<BundleQuestion, 'type' | 'system' | 'disciplines' | 'competency' | 'tags'>[],
  notes: readonly BundleNote[],
  memo: TaxonomyMemo = createTaxonomyMemo(),
): ManifestTaxonomy {
  const groupOf = new Map(taxonomy.systems.map((s) => [s.id, s.group]));
  const parentOf = new Map([...taxonomy.disciplines, ...taxonomy.competencies].map((e) => [e.id, e.parent]));
  const unique = (values: string[]) => [...new Set(values)];
  const withParents = (ids: string[]) => unique(ids.flatMap((id) => [id, parentOf.get(id) ?? id]));
  const valuesOf = (item: (typeof questions)[number] | BundleNote): CountedValues => {
    let values = memo.values.get(item);
    if (!values) {
      const systems = item.type === 'question' ? [item.system] : item.systems;
      const competency = item.type === 'question' ? [item.competency] : [];
      // Keyed by what the item has, so that the values are worked out once per combination.
      const text = JSON.stringify([systems, item.disciplines, competency, item.tags]);
      values = memo.shared.get(text);
      if (!values) {
        values = {
          system: unique(systems),
          group: unique(systems.map((s) => groupOf.get(s) ?? '')),
          discipline: withParents(item.disciplines),
          competency: withParents(competency),
          tag: unique(item.tags),
        };
        memo.shared.set(text, values);
      }
      memo.values.set(item, values);
    }
    return values;
  };
  const counts = (items: readonly ((typeof questions)[number] | BundleNote)[]) => {
    const itemsPerValues = new Map<CountedValues, number>();
    for (const item of items) {
      const values = valuesOf(item);
      itemsPerValues.set(values, (itemsPerValues.get(values) ?? 0) + 1);
    }
    const byKind = Object.fromEntries(kinds.map((kind) => [kind, new Map<string, number>()])) as Record<
      (typeof kinds)[number],
      Map<string, number>
    >;
    for (const [values, count] of itemsPerValues) {
      for (const kind of kinds) {
        const into = byKind[kind];
        for (const value of values[kind]) into.set(value, (into.get(value) ?? 0) + count);
      }
    }
    return byKind;
  };
  const q = counts(questions);
  const n = counts(notes);
  const [systemQ, systemN, groupQ, groupN] = [q.system, n.system, q.group, n.group];
  const [disciplineQ, disciplineN, competencyQ, tagQ, tagN] = [q.discipline, n.discipline, q.competency, q.tag, n.tag];
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
