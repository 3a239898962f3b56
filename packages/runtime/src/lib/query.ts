import type { LoadedBundle } from './open.js';
import type { BundleManifest, ManifestItem } from './types.js';

/** Filters over the manifest's item index (no chunk is loaded). Within a field any value matches; fields combine with AND; an empty or absent field does not filter. */
export interface IndexFilter {
  /** Only questions or only notes. */
  type?: 'question' | 'note';
  /** System ids (a note matches through any of its systems). */
  systems?: readonly string[];
  /** Spec group ids (`manifest.taxonomy.systems[].parent`), e.g. `cardiovascular-group`. */
  specGroups?: readonly string[];
  /** Discipline ids; a parent matches its children (`biochemistry-nutrition` matches `biochemistry`). */
  disciplines?: readonly string[];
  /** Competency ids; a parent matches its children. */
  competencies?: readonly string[];
  /** Difficulties 1-5 (items without one never match). */
  difficulty?: readonly number[];
  /** Item ids. */
  ids?: readonly string[];
}

/** {@link IndexFilter} plus the fields that live in the chunks (their chunks are loaded to apply them). */
export interface ItemFilter extends IndexFilter {
  /** Free-form tags. */
  tags?: readonly string[];
  /** Note ids: the questions that reinforce one of these notes, and the notes themselves. */
  notes?: readonly string[];
}

const any = (wanted: readonly string[] | undefined): wanted is readonly string[] => !!wanted && wanted.length > 0;

/**
 * Ancestor lookup for a taxonomy axis: each id with its parents.
 *
 * @param entries Taxonomy entries with `parent`.
 * @returns A function giving an id and all its ancestors.
 */
export function lineage(entries: readonly { id: string; parent: string | null }[]): (id: string) => string[] {
  const parents = new Map(entries.map((e) => [e.id, e.parent]));
  return (id) => {
    const out = [id];
    for (let p = parents.get(id); p && !out.includes(p); p = parents.get(p)) out.push(p);
    return out;
  };
}

/**
 * Apply an {@link IndexFilter} to the manifest's index, without loading any chunk.
 * Fields of {@link ItemFilter} that need chunks (`tags`, `notes`) are ignored here:
 * use {@link queryItems} for them.
 *
 * @param manifest The bundle's manifest.
 * @param filter The filter.
 * @returns Matching index entries, sorted by id.
 */
export function filterIndex(manifest: BundleManifest, filter: IndexFilter = {}): ManifestItem[] {
  const { taxonomy } = manifest;
  const disciplinesOf = lineage(taxonomy.disciplines);
  const competenciesOf = lineage(taxonomy.competencies);
  const groupOf = new Map(taxonomy.systems.map((s) => [s.id, s.parent]));
  const sets = {
    systems: any(filter.systems) ? new Set(filter.systems) : null,
    groups: any(filter.specGroups) ? new Set(filter.specGroups) : null,
    disciplines: any(filter.disciplines) ? new Set(filter.disciplines) : null,
    competencies: any(filter.competencies) ? new Set(filter.competencies) : null,
    ids: any(filter.ids) ? new Set(filter.ids) : null,
  };
  const difficulty = filter.difficulty && filter.difficulty.length > 0 ? new Set(filter.difficulty) : null;
  return manifest.items.filter((item) => {
    if (filter.type && item.type !== filter.type) return false;
    if (sets.ids && !sets.ids.has(item.id)) return false;
    if (sets.systems && !item.systems.some((s) => sets.systems!.has(s))) return false;
    if (sets.groups && !item.systems.some((s) => sets.groups!.has(groupOf.get(s) ?? ''))) return false;
    if (sets.disciplines && !item.disciplines.some((d) => disciplinesOf(d).some((x) => sets.disciplines!.has(x)))) {
      return false;
    }
    if (
      sets.competencies &&
      !(item.competency && competenciesOf(item.competency).some((c) => sets.competencies!.has(c)))
    ) {
      return false;
    }
    if (difficulty && !(item.difficulty !== null && difficulty.has(item.difficulty))) return false;
    return true;
  });
}

/**
 * Filter the bundle's items. Index fields are applied first; only when `tags`
 * or `notes` are given are the chunks of the remaining items loaded.
 *
 * @param bundle The opened bundle.
 * @param filter The filter.
 * @returns Matching index entries, sorted by id.
 * @example
 * ```ts
 * const items = await queryItems(bundle, { type: 'question', specGroups: ['cardiovascular-group'], tags: ['valvular-disease'] });
 * ```
 */
export async function queryItems(bundle: LoadedBundle, filter: ItemFilter = {}): Promise<ManifestItem[]> {
  let items = filterIndex(bundle.manifest, filter);
  if (any(filter.notes)) {
    const noteIds = filter.notes.filter((id) => bundle.item(id)?.type === 'note');
    const linked = new Set([...noteIds, ...(await bundle.notes(noteIds)).flatMap((n) => n.questions)]);
    items = items.filter((item) => linked.has(item.id));
  }
  if (any(filter.tags)) {
    const wanted = new Set(filter.tags);
    const tagged = new Set<string>();
    await Promise.all(
      [...new Set(items.map((item) => item.chunk))].map(async (path) => {
        const chunk = await bundle.readJson<{ items: { id: string; tags: string[] }[] }>(path);
        for (const entry of chunk.items) if (entry.tags.some((t) => wanted.has(t))) tagged.add(entry.id);
      }),
    );
    items = items.filter((item) => tagged.has(item.id));
  }
  return items;
}
