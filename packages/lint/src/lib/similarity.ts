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
export function jaccard(a: readonly number[], b: readonly number[]): number {
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
export function similarTo(
  target: readonly number[],
  sets: readonly (readonly number[])[],
  threshold: number,
): [number, number][] {
  const found: [number, number][] = [];
  sets.forEach((set, index) => {
    // |A ∩ B| <= min size, so similarity <= min/max: skip sets whose sizes alone rule them out.
    if (Math.min(set.length, target.length) < threshold * Math.max(set.length, target.length)) return;
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
function jaccardAtLeast(a: readonly number[], b: readonly number[], threshold: number): number {
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

/**
 * Every pair of sets whose Jaccard similarity is at least `threshold`, by
 * prefix filtering (the AllPairs similarity join): with the elements of every
 * set in one global order, rarest first, two sets with similarity t or more
 * share an element among the first |A| - ceil(t|A|) + 1 of each. Exact, and
 * the rare prefixes keep the index small.
 *
 * @param sets The sets, each sorted and distinct.
 * @param threshold Smallest similarity, above 0.
 * @returns Index pairs `[i, j]` with `i < j`, sorted, with their similarity.
 */
export function similarPairs(sets: readonly (readonly number[])[], threshold: number): [number, number, number][] {
  // Elements numbered densely in order of first sight, with their counts.
  const ids = new Map<number, number>();
  const counts: number[] = [];
  for (const set of sets) {
    for (const x of set) {
      let id = ids.get(x);
      if (id === undefined) {
        ids.set(x, (id = counts.length));
        counts.push(0);
      }
      counts[id]!++;
    }
  }
  // Rarest first, ties by id: count * span + id orders both at once.
  const span = counts.length + 1;
  const index = new Map<number, number[]>();
  const candidates = new Set<number>();
  sets.forEach((set, id) => {
    const ordered = new Float64Array(set.length);
    let n = 0;
    for (const x of set) {
      const element = ids.get(x)!;
      ordered[n++] = counts[element]! * span + element;
    }
    ordered.sort();
    const prefix = ordered.length - Math.ceil(threshold * ordered.length) + 1;
    for (let k = 0; k < prefix && k < ordered.length; k++) {
      const key = ordered[k]!;
      const list = index.get(key);
      if (list) {
        for (const other of list) candidates.add(other * sets.length + id);
        list.push(id);
      } else {
        index.set(key, [id]);
      }
    }
  });
  const pairs: [number, number, number][] = [];
  for (const c of [...candidates].sort((a, b) => a - b)) {
    const [i, j] = [Math.floor(c / sets.length), c % sets.length];
    const similarity = jaccard(sets[i]!, sets[j]!);
    if (similarity >= threshold) pairs.push([i, j, similarity]);
  }
  return pairs;
}
