/** Sorted distinct phrase hashes, in an array or a Uint32Array. */
type Phrases = ArrayLike<number>;

/**
 * A 32-bit hash of a string (the final mix of cyrb53, public domain). Two
 * questions of 200 phrases each share a hash by chance about once in 100,000
 * pairs, which moves their similarity by half a percent: a near-duplicate
 * verdict never hangs on it, and a phrase takes 4 bytes, not 8.
 */
function hash32(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  return h1 >>> 0;
}

/**
 * A text as the set of its phrases of `size` consecutive words, each phrase
 * a number (its hash), so that the set is small, plain data that can be
 * cached and compared without the text.
 *
 * @param words The text's words, lower-cased.
 * @param size Words per phrase.
 * @returns Sorted distinct phrase hashes; a text shorter than `size` is one phrase.
 */
export function phraseHashes(words: readonly string[], size: number): number[] {
  const hashes = new Set<number>();
  for (let i = 0; i + size <= Math.max(words.length, size); i++) hashes.add(hash32(words.slice(i, i + size).join(' ')));
  return [...hashes].sort((a, b) => a - b);
}

/**
 * Jaccard similarity of two sorted sets: shared elements over all elements.
 *
 * @param a Sorted distinct numbers.
 * @param b Sorted distinct numbers.
 * @returns A number from 0 (disjoint) to 1 (equal).
 */
export function jaccard(a: Phrases, b: Phrases): number {
  let shared = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared || 1);
}

/**
 * The sets at least `threshold` similar to one set, by comparing it with
 * each: fast for a few sets against a whole bank (`--changed-since`, watch mode).
 *
 * @param target Sorted distinct numbers.
 * @param sets The sets to compare it with.
 * @param threshold Smallest similarity.
 * @returns Indexes into `sets` with their similarity.
 */
export function similarTo(target: Phrases, sets: readonly Phrases[], threshold: number): [number, number][] {
  const found: [number, number][] = [];
  sets.forEach((set, index) => {
    // |A ∩ B| <= min size, so similarity <= min/max: skip sets whose sizes alone rule them out.
    // (Less a hair throughout, so that rounding never rules out a pair exactly at the threshold.)
    if (Math.min(set.length, target.length) < threshold * Math.max(set.length, target.length) - 1e-9) return;
    const similarity = jaccardAtLeast(target, set, threshold);
    if (similarity >= threshold) found.push([index, similarity]);
  });
  return found;
}

/**
 * Jaccard similarity of two sorted sets when it reaches `threshold`, else -1
 * (as soon as the elements left cannot make up the overlap that needs): most
 * sets of a bank share nothing with a given one and are given up early.
 */
function jaccardAtLeast(a: Phrases, b: Phrases, threshold: number): number {
  // shared / (|A| + |B| - shared) >= t  <=>  shared >= t (|A| + |B|) / (1 + t)
  // (less a hair, so that rounding never gives up a pair exactly at the threshold)
  const needed = (threshold * (a.length + b.length)) / (1 + threshold) - 1e-9;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (shared + Math.min(a.length - i, b.length - j) < needed) return -1;
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  const similarity = shared / (a.length + b.length - shared || 1);
  return similarity >= threshold ? similarity : -1;
}

/** Elements numbered per pass of `globalRanks`: its tables are sized for this many, not for the bank's. */
const elementsPerPass = 2 ** 20;

/**
 * Every pair of sets whose Jaccard similarity is at least `threshold`, by
 * prefix filtering with length and positional filters (the PPJoin similarity
 * join). With the elements of every set in one global order, rarest first:
 * two sets with similarity t or more share an element among the first
 * |A| - ceil(t|A|) + 1 of each (prefix); their sizes are within a factor t
 * (length); and where they share one at positions i and j, the overlap they
 * can still reach is what they shared before plus 1 plus the smaller of the
 * lengths left after i and j (position). Exact: only pairs that cannot reach
 * the threshold are left out before the sets are compared in full.
 *
 * @param sets The sets, each sorted and distinct.
 * @param threshold Smallest similarity, above 0.
 * @param perPass Elements numbered per pass of the global order (`globalRanks`; tests use a small one).
 * @returns Index pairs `[i, j]` with `i < j`, sorted, with their similarity.
 */
export function similarPairs(
  sets: readonly Phrases[],
  threshold: number,
  perPass = elementsPerPass,
): [number, number, number][] {
  // Each set as the ranks of its elements in the global order, rarest first.
  const { ranks: ordered, distinct, unique } = globalRanks(sets, perPass);
  for (const ranks of ordered) ranks.sort();
  // Smaller sets first: a set is only probed against sets no larger than itself.
  const order = sets.map((_, i) => i).sort((a, b) => sets[a]!.length - sets[b]!.length || a - b);
  // Per element (by rank), the sets whose prefix holds it and its position there: linked lists
  // in typed arrays (head per element, then next entry), as a bank has a million prefix entries.
  // Only prefixes are indexed: the lists are sized for them, not for every element. An element of
  // one set only (the rarest, ranked below `unique`) pairs it with no other: it is not indexed,
  // which in realistic text leaves out most of them.
  const prefixOf = (size: number) => Math.min(size, size - Math.ceil(threshold * size - 1e-9) + 1);
  let indexed = 0;
  for (const keys of ordered) {
    for (let k = 0, prefix = prefixOf(keys.length); k < prefix; k++) if (keys[k]! >= unique) indexed++;
  }
  const head = new Int32Array(distinct - unique).fill(-1);
  const next = new Int32Array(indexed);
  const owner = new Int32Array(indexed);
  const position = new Int32Array(indexed);
  let entries = 0;
  // Per set: matches so far with the set being probed, or -1 once ruled out.
  const overlap = new Int32Array(sets.length);
  const pairs: [number, number, number][] = [];
  const touched: number[] = [];
  for (const probe of order) {
    const keys = ordered[probe]!;
    const size = keys.length;
    const prefix = prefixOf(size);
    for (let k = 0; k < prefix; k++) {
      const element = keys[k]! - unique;
      if (element < 0) continue;
      for (let entry = head[element]!; entry !== -1; entry = next[entry]!) {
        const other = owner[entry]!;
        const otherSize = ordered[other]!.length;
        if (overlap[other] === -1 || otherSize < threshold * size - 1e-9) continue;
        if (overlap[other] === 0) touched.push(other);
        // Overlap needed: shared / (|A| + |B| - shared) >= t  <=>  shared >= t (|A| + |B|) / (1 + t).
        const needed = Math.ceil((threshold * (size + otherSize)) / (1 + threshold) - 1e-9);
        const reachable = overlap[other]! + 1 + Math.min(size - k - 1, otherSize - position[entry]! - 1);
        overlap[other] = reachable < needed ? -1 : overlap[other]! + 1;
      }
      owner[entries] = probe;
      position[entries] = k;
      next[entries] = head[element]!;
      head[element] = entries++;
    }
    for (const other of touched) {
      if (overlap[other]! > 0) {
        const [i, j] = probe < other ? [probe, other] : [other, probe];
        const similarity = jaccard(sets[i]!, sets[j]!);
        if (similarity >= threshold) pairs.push([i, j, similarity]);
      }
      overlap[other] = 0;
    }
    touched.length = 0;
  }
  return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/**
 * Each set's elements as their ranks in one global order: rarer elements
 * first, ties by first sight. Elements are 32-bit hashes; an open-addressing
 * table numbers them (a Map is several times slower on a bank's million
 * phrases). The table holds ids
 * only, the elements are kept once per id. The elements are numbered a range
 * of values at a time, about a million per pass (each set is sorted, so its
 * elements in a range are next to each other), in one table sized for a pass,
 * not for the bank: at 40,000 questions of realistic text (8.2 million
 * phrases) one table for all lifted the join's peak RSS 159 MB above what the
 * phrases take, the passes (with singletons left out of the index) 73 MB, and
 * took 954 ms against 773 ms (`scripts/bench-similar.mjs`).
 *
 * @param sets The sets, each sorted and distinct.
 * @param perPass Elements per pass (tests use a small one).
 * @returns The ranks, the number of distinct elements, and how many of them are in one set only (ranked first).
 */
function globalRanks(
  sets: readonly Phrases[],
  perPass: number,
): { ranks: Int32Array[]; distinct: number; unique: number } {
  const ranks = sets.map((set) => new Int32Array(set.length));
  const passes = valueRanges(sets, perPass);
  const table = new PassTable(Math.max(...passes.map((p) => p.size), 0));
  // Each id's count of sets; ids are at most as many as elements.
  const counts = new Int32Array(ranks.reduce((sum, r) => sum + r.length, 0));
  const cursors = new Int32Array(sets.length);
  let distinct = 0;
  for (const { end, size } of passes) {
    table.clear(size);
    sets.forEach((set, i) => {
      const out = ranks[i]!;
      let n = cursors[i]!;
      for (; n < set.length && set[n]! < end; n++) {
        const id = distinct + table.idOf(set[n]!);
        counts[id]!++;
        out[n] = id;
      }
      cursors[i] = n;
    });
    distinct += table.size;
  }
  let unique = 0;
  for (let id = 0; id < distinct; id++) if (counts[id] === 1) unique++;
  const rank = rankByCount(counts, distinct);
  for (const out of ranks) for (let n = 0; n < out.length; n++) out[n] = rank[out[n]!]!;
  return { ranks, distinct, unique };
}

/** Ranges of values holding about `perPass` elements each: their upper bound (exclusive; the last infinite) and size. */
function valueRanges(sets: readonly Phrases[], perPass: number): { end: number; size: number }[] {
  let total = 0;
  let low = Infinity;
  let high = -Infinity;
  for (const set of sets) {
    total += set.length;
    if (set.length) [low, high] = [Math.min(low, set[0]!), Math.max(high, set[set.length - 1]!)];
  }
  const count = Math.max(1, Math.ceil(total / perPass));
  const width = (high - low) / count;
  // Hashes are spread evenly: equal ranges of values hold about as many elements.
  const passes = Array.from({ length: count }, (_, p) => ({
    end: p + 1 === count ? Infinity : low + (p + 1) * width,
    size: 0,
  }));
  for (const set of sets) {
    let p = 0;
    for (let n = 0; n < set.length; n++) {
      while (set[n]! >= passes[p]!.end) p++;
      passes[p]!.size++;
    }
  }
  return passes;
}

/** An open-addressing table that numbers the distinct elements of one pass, reused pass after pass. */
class PassTable {
  private readonly ids: Int32Array;
  private readonly keys: Uint32Array;
  private slots = 0;
  /** Distinct elements numbered in this pass. */
  size = 0;

  /** @param most The most elements a pass holds. */
  constructor(most: number) {
    this.ids = new Int32Array(slotsFor(most));
    this.keys = new Uint32Array(most);
  }

  /** Empty it for a pass of `elements` elements. */
  clear(elements: number): void {
    this.slots = slotsFor(elements);
    this.ids.fill(-1, 0, this.slots);
    this.size = 0;
  }

  /** The id of an element in this pass, numbered on first sight. */
  idOf(x: number): number {
    const { ids, keys, slots } = this;
    let slot = (x % slots) | 0;
    while (ids[slot] !== -1 && keys[ids[slot]!] !== x) slot = slot + 1 === slots ? 0 : slot + 1;
    if (ids[slot] === -1) {
      ids[slot] = this.size;
      keys[this.size++] = x;
    }
    return ids[slot]!;
  }
}

/** Slots of a table for this many elements: two thirds full at most (short probes). */
function slotsFor(elements: number): number {
  return Math.max(16, Math.ceil(elements * 1.5) + 1);
}

/**
 * Each id's rank, by count then id: a counting sort (a count is at most the
 * number of sets). Done in place: `counts` becomes the ranks.
 */
function rankByCount(counts: Int32Array, distinct: number): Int32Array {
  let most = 0;
  for (let id = 0; id < distinct; id++) most = Math.max(most, counts[id]!);
  const firstRank = new Int32Array(most + 2);
  for (let id = 0; id < distinct; id++) firstRank[counts[id]! + 1]!++;
  for (let c = 1; c <= most + 1; c++) firstRank[c]! += firstRank[c - 1]!;
  const rank = counts;
  for (let id = 0; id < distinct; id++) rank[id] = firstRank[counts[id]!]!++;
  return rank;
}
