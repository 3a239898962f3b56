import { lineage } from './query.js';
import type { Candidate } from './selection.js';
import type { ManifestItem, ManifestTaxonomy, ManifestTaxonomyEntry } from './types.js';

/** An inclusive share range of exam items, in percent (USMLE: Cardiovascular 7-11%). */
export interface BlueprintRange {
  /** Lowest share, percent. */
  min: number;
  /** Highest share, percent. */
  max: number;
}

/** Blueprint ranges per spec group and per discipline id, percent of items. */
export interface BlueprintRanges {
  /** Ranges per spec group id (the parents of systems). */
  specGroups?: Readonly<Record<string, BlueprintRange>>;
  /** Ranges per discipline id (a parent discipline's range covers its children). */
  disciplines?: Readonly<Record<string, BlueprintRange>>;
}

type WithRange = ManifestTaxonomyEntry & { range?: BlueprintRange | null };

function fromEntries(entries: readonly WithRange[]): Record<string, BlueprintRange> | undefined {
  const ranged = entries.filter((e) => e.range && typeof e.range.min === 'number' && typeof e.range.max === 'number');
  return ranged.length > 0 ? Object.fromEntries(ranged.map((e) => [e.id, e.range!])) : undefined;
}

/**
 * The blueprint ranges to sample against: those given, else the `range` of the
 * manifest's taxonomy entries when the bundle carries them (an optional field a
 * later minor bundle format may add).
 *
 * @param taxonomy The manifest's taxonomy.
 * @param given Ranges from the app, if any.
 * @returns The ranges per axis (an axis may be absent).
 */
export function blueprintRanges(taxonomy: ManifestTaxonomy, given: BlueprintRanges = {}): BlueprintRanges {
  const specGroups = given.specGroups ?? fromEntries(taxonomy.specGroups);
  const disciplines = given.disciplines ?? fromEntries(taxonomy.disciplines);
  return { ...(specGroups ? { specGroups } : {}), ...(disciplines ? { disciplines } : {}) };
}

/**
 * Split `size` seats among keys in proportion to their weights, never giving a
 * key more than its capacity (Sainte-Laguë highest averages; ties by key).
 *
 * @param size Seats to give.
 * @param weights Weight per key (keys with weight 0 get nothing).
 * @param capacity Most seats per key (available questions).
 * @returns Seats per key, summing to at most `size`.
 */
export function allocate(
  size: number,
  weights: ReadonlyMap<string, number>,
  capacity: ReadonlyMap<string, number>,
): Map<string, number> {
  const seats = new Map<string, number>();
  const keys = [...weights.keys()].filter((k) => weights.get(k)! > 0 && (capacity.get(k) ?? 0) > 0).sort();
  for (let given = 0; given < size; given++) {
    let best: string | undefined;
    let bestValue = -1;
    for (const key of keys) {
      const taken = seats.get(key) ?? 0;
      if (taken >= capacity.get(key)!) continue;
      const value = weights.get(key)! / (2 * taken + 1);
      if (value > bestValue) [best, bestValue] = [key, value];
    }
    if (best === undefined) break;
    seats.set(best, (seats.get(best) ?? 0) + 1);
  }
  return seats;
}

/**
 * Targets for one axis: seats in proportion to the midpoints of the ranges, or,
 * without ranges, to how many questions each key has in the pool.
 *
 * @param size Block size.
 * @param keys The axis key of each candidate question.
 * @param ranges Ranges per key, if any.
 * @returns Target seats per key.
 */
export function axisTargets(
  size: number,
  keys: readonly string[],
  ranges: Readonly<Record<string, BlueprintRange>> | undefined,
): Map<string, number> {
  const capacity = new Map<string, number>();
  for (const key of keys) capacity.set(key, (capacity.get(key) ?? 0) + 1);
  const weights = new Map(
    [...capacity].map(([key, count]) => {
      const range = ranges?.[key];
      return [key, ranges ? (range ? (range.min + range.max) / 2 : 0) : count];
    }),
  );
  return allocate(size, weights, capacity);
}

/**
 * Sample a block in proportion to the blueprint: targets per spec group and
 * per (rolled-up primary) discipline, then each seat to the candidate of the best
 * selection tier that helps its spec group, then its discipline, reach their
 * targets; when targets cannot be met the rest is filled in selection order.
 *
 * @param ordered Candidates in selection order.
 * @param size Block size.
 * @param taxonomy The manifest's taxonomy.
 * @param given Ranges from the app, if any.
 * @returns The sampled questions.
 */
export function sampleProportional(
  ordered: readonly Candidate[],
  size: number,
  taxonomy: ManifestTaxonomy,
  given?: BlueprintRanges,
): ManifestItem[] {
  const ranges = blueprintRanges(taxonomy, given);
  const groupOf = new Map(taxonomy.systems.map((s) => [s.id, s.parent]));
  const disciplinesOf = lineage(taxonomy.disciplines);
  const keysOf = (item: ManifestItem): [string, string] => {
    const chain = disciplinesOf(item.disciplines[0] ?? '');
    const discipline = chain.find((d) => ranges.disciplines?.[d]) ?? chain[chain.length - 1]!;
    return [groupOf.get(item.systems[0]!) ?? item.systems[0]!, discipline];
  };
  const keys = ordered.map((c) => keysOf(c.item));
  const targets = [
    axisTargets(
      size,
      keys.map((k) => k[0]),
      ranges.specGroups,
    ),
    axisTargets(
      size,
      keys.map((k) => k[1]),
      ranges.disciplines,
    ),
  ];
  const counts = [new Map<string, number>(), new Map<string, number>()];
  const picked: ManifestItem[] = [];
  const free = ordered.map(() => true);
  // Each seat goes to the candidate of the best selection tier that helps its spec
  // group, then its discipline, reach their targets, then to the most under-filled
  // ones; the selection order breaks ties.
  while (picked.length < Math.min(size, ordered.length)) {
    let best = -1;
    let bestAxes = -1;
    let bestNeed = -1;
    for (let i = 0; i < ordered.length; i++) {
      if (!free[i]) continue;
      if (best !== -1 && ordered[i]!.tier > ordered[best]!.tier) break;
      let axes = 0;
      let need = 0;
      keys[i]!.forEach((key, a) => {
        const target = targets[a]!.get(key) ?? 0;
        const deficit = target - (counts[a]!.get(key) ?? 0);
        // The spec group axis outranks the discipline axis.
        if (deficit > 0) [axes, need] = [axes + (a === 0 ? 2 : 1), need + deficit / target];
      });
      if (axes > bestAxes || (axes === bestAxes && need > bestNeed)) [best, bestAxes, bestNeed] = [i, axes, need];
    }
    free[best] = false;
    picked.push(ordered[best]!.item);
    keys[best]!.forEach((key, a) => counts[a]!.set(key, (counts[a]!.get(key) ?? 0) + 1));
  }
  return picked;
}
