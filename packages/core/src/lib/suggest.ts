import { distance } from 'fastest-levenshtein';

/**
 * The closest candidate to a misspelt value, for "did you mean" hints.
 *
 * Note: a candidate is only offered when it is plausibly a typo: within a
 * third of the value's length in edit distance (at least 1, at most 4).
 *
 * @param value What the author wrote.
 * @param candidates Valid values to choose from.
 * @returns The best candidate, or `undefined` when none is close.
 */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  const needle = value.toLowerCase();
  const limit = Math.min(4, Math.max(1, Math.floor(needle.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(needle, candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
