/** Sorted distinct phrase hashes, in an array or a Float64Array. */
type Phrases = ArrayLike<number>;

/**
 * A 53-bit hash of a string (cyrb53, public domain): two 32-bit multiplicative
 * hashes combined. Collisions among a bank's million phrases are vanishingly rare.
 */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
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
  for (let i = 0; i + size <= Math.max(words.length, size); i++) hashes.add(hash53(words.slice(i, i + size).join(' ')));
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
  const { ranks: ordered, distinct } = globalRanks(sets, perPass);
  for (const ranks of ordered) ranks.sort();
  // Smaller sets first: a set is only probed against sets no larger than itself.
  const order = sets.map((_, i) => i).sort((a, b) => sets[a]!.length - sets[b]!.length || a - b);
  // Per element (by rank), the sets whose prefix holds it and its position there: linked lists
  // in typed arrays (head per element, then next entry), as a bank has a million prefix entries.
  // Only prefixes are indexed: the lists are sized for them, not for every element.
  const prefixOf = (size: number) => Math.min(size, size - Math.ceil(threshold * size - 1e-9) + 1);
  let indexed = 0;
  for (const set of sets) indexed += prefixOf(set.length);
  const head = new Int32Array(distinct).fill(-1);
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
      const element = keys[k]!;
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
 * first, ties by first sight. Elements are 53-bit hashes; an open-addressing
 * table keyed by their low 32 bits numbers them (a Map keyed by doubles is
 * several times slower on a bank's million phrases). The table holds ids
 * only, the elements are kept once per id. The elements are numbered a range
 * of values at a time, about a million per pass (each set is sorted, so its
 * elements in a range are next to each other), so that the tables follow the
 * pass, not the bank: at 40,000 questions of realistic text (8.8 million
 * phrases) one table for all was 125 MB at the peak of a cold build.
 *
 * @param sets The sets, each sorted and distinct.
 * @param perPass Elements per pass (tests use a small one).
 */
function globalRanks(sets: readonly Phrases[], perPass: number): { ranks: Int32Array[]; distinct: number } {
  const ranks = sets.map((set) => new Int32Array(set.length));
  const counts = new GrowingCounts();
  const passes = valueRanges(sets, perPass);
  const cursors = new Int32Array(sets.length);
  for (const end of passes) numberRange(sets, end, cursors, ranks, counts);
  const distinct = counts.size;
  const rank = rankByCount(counts.values(), distinct);
  for (const out of ranks) for (let n = 0; n < out.length; n++) out[n] = rank[out[n]!]!;
  return { ranks, distinct };
}

/** The upper bounds (exclusive; the last infinite) of ranges of values holding about `perPass` elements each. */
function valueRanges(sets: readonly Phrases[], perPass: number): number[] {
  let total = 0;
  let low = Infinity;
  let high = -Infinity;
  for (const set of sets) {
    total += set.length;
    if (set.length) [low, high] = [Math.min(low, set[0]!), Math.max(high, set[set.length - 1]!)];
  }
  const passes = Math.max(1, Math.ceil(total / perPass));
  const width = (high - low) / passes;
  // Hashes are spread evenly: equal ranges of values hold about as many elements.
  return Array.from({ length: passes }, (_, p) => (p + 1 === passes ? Infinity : low + (p + 1) * width));
}

/**
 * Number the elements below `end` not numbered yet (each set's from its
 * cursor on), counting each id's sets: ids go on from those of earlier passes.
 */
function numberRange(
  sets: readonly Phrases[],
  end: number,
  cursors: Int32Array,
  ranks: Int32Array[],
  counts: GrowingCounts,
): void {
  let inRange = 0;
  sets.forEach((set, i) => {
    for (let n = cursors[i]!; n < set.length && set[n]! < end; n++) inRange++;
  });
  // Two thirds full at most (short probes).
  const slots = Math.max(16, Math.ceil(inRange * 1.5) + 1);
  const ids = new Int32Array(slots).fill(-1);
  const keys = new Float64Array(inRange);
  const first = counts.size;
  let distinct = 0;
  sets.forEach((set, i) => {
    const out = ranks[i]!;
    let n = cursors[i]!;
    for (; n < set.length && set[n]! < end; n++) {
      const x = set[n]!;
      let slot = (x % slots) | 0;
      while (ids[slot] !== -1 && keys[ids[slot]!] !== x) slot = slot + 1 === slots ? 0 : slot + 1;
      if (ids[slot] === -1) {
        ids[slot] = distinct;
        keys[distinct++] = x;
        counts.add();
      }
      counts.count(first + ids[slot]!);
      out[n] = first + ids[slot]!;
    }
    cursors[i] = n;
  });
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

/** A count per id, for ids numbered from 0 on, in an array that grows as ids are added. */
class GrowingCounts {
  private counts = new Int32Array(1024);
  size = 0;

  /** A new id, counted 0 times. */
  add(): void {
    if (this.size === this.counts.length) {
      const grown = new Int32Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    this.counts[this.size++] = 0;
  }

  /** Count an id once more. */
  count(id: number): void {
    this.counts[id]!++;
  }

  /** The counts, by id (`size` of them). */
  values(): Int32Array {
    return this.counts;
  }
}
