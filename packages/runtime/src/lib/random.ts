/** A seeded pseudo-random generator: the same seed always gives the same sequence, on every platform. */
export interface Random {
  /**
   * The next number.
   *
   * @returns A float in [0, 1).
   */
  next(): number;
  /**
   * A random integer.
   *
   * @param n Upper bound (exclusive).
   * @returns An integer in [0, n).
   */
  int(n: number): number;
  /**
   * Shuffle a copy of a list (Fisher-Yates).
   *
   * @param list The list.
   * @returns A new, shuffled array.
   */
  shuffle<T>(list: readonly T[]): T[];
}

// cyrb128-style string hash into a 32-bit state, then mulberry32: small, fast
// and identical in every JavaScript engine (integer arithmetic only).
function hashSeed(seed: string): number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Create a seeded generator.
 *
 * @param seed Any string or number; parts may be joined, e.g. `${learnerId}:${blockNumber}`.
 * @returns The generator.
 */
export function createRandom(seed: string | number): Random {
  let state = hashSeed(String(seed));
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    shuffle<T>(list: readonly T[]): T[] {
      const out = [...list];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
  };
}
