/** Word ids below 2^17 pack three to a phrase key below 2^51, exact in a double. */
const packBase = 2 ** 17;

/**
 * Each text as a set of phrases of `size` consecutive words, a phrase being
 * a number: words are numbered in a vocabulary shared by all texts and a
 * phrase is numbered by its word ids, so no phrase string is built (10,000
 * questions make over a million phrases).
 *
 * @param texts Lists of lower-case words.
 * @param size Words per phrase.
 * @returns One set of phrase ids per text; a text shorter than `size` is one phrase.
 */
export function phraseSets(texts: readonly string[][], size: number): Set<number>[] {
  const vocabulary = new Map<string, number>();
  const phrases = new Map<number | string, number>();
  return texts.map((tokens) => {
    const ids = tokens.map((word) => {
      let id = vocabulary.get(word);
      if (id === undefined) vocabulary.set(word, (id = vocabulary.size));
      return id;
    });
    const set = new Set<number>();
    for (let i = 0; i + size <= Math.max(ids.length, size); i++) {
      const phraseIds = ids.slice(i, i + size);
      // Packed when it fits (size 3 and a vocabulary under 131,072 words), else a string: exact either way.
      const key =
        size <= 3 && phraseIds.every((id) => id < packBase)
          ? phraseIds.reduce((packed, id) => packed * packBase + id + 1, 0)
          : phraseIds.join(',');
      let phrase = phrases.get(key);
      if (phrase === undefined) phrases.set(key, (phrase = phrases.size));
      set.add(phrase);
    }
    return set;
  });
}

/**
 * Jaccard similarity: shared elements over all elements.
 *
 * @param a A set.
 * @param b Another set.
 * @returns A number from 0 (disjoint) to 1 (equal).
 */
function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

/**
 * Every pair of sets whose Jaccard similarity is at least `threshold`, by
 * prefix filtering (the AllPairs similarity join): with the elements of every
 * set in one global order, rarest first, two sets with similarity t or more
 * share an element among the first |A| - ceil(t|A|) + 1 of each. Exact, and
 * the rare prefixes keep the index small.
 *
 * @param sets The sets.
 * @param threshold Smallest similarity, above 0.
 * @returns Index pairs `[i, j]` with `i < j`, sorted, with their similarity.
 */
export function similarPairs(sets: readonly Set<number>[], threshold: number): [number, number, number][] {
  const count = new Map<number, number>();
  for (const set of sets) for (const x of set) count.set(x, (count.get(x) ?? 0) + 1);
  // Rarest first, ties by id: count * span + id orders both at once.
  const span = count.size + 1;
  const index = new Map<number, number[]>();
  const candidates = new Set<number>();
  sets.forEach((set, id) => {
    const ordered = new Float64Array(set.size);
    let n = 0;
    for (const x of set) ordered[n++] = count.get(x)! * span + x;
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
