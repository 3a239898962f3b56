import type { AnswerRecord } from './history.js';
import type { Random } from './random.js';
import type { ManifestItem } from './types.js';

/** Which questions come first when the pool is larger than the block. */
export type Selection = 'random' | 'unused-first' | 'incorrect-first';

/**
 * The last answer per question: the latest `answeredAt`, and among equal times the later record.
 *
 * @param history Answer records in the order they were made.
 * @returns The last record per question id.
 */
export function lastAnswers(history: readonly AnswerRecord[]): Map<string, AnswerRecord> {
  const last = new Map<string, AnswerRecord>();
  for (const record of history) {
    const seen = last.get(record.questionId);
    if (!seen || (record.answeredAt ?? '') >= (seen.answeredAt ?? '')) last.set(record.questionId, record);
  }
  return last;
}

/** A question of the pool with its selection tier (lower comes first). */
export interface Candidate {
  /** The question's index entry. */
  item: ManifestItem;
  /** 0 first. */
  tier: number;
}

/**
 * Order the pool: shuffled, then stably sorted by selection tier.
 *
 * @param items The pool.
 * @param selection The selection rule.
 * @param history The learner's answers.
 * @param random The block's generator.
 * @returns Candidates, best first.
 */
export function orderCandidates(
  items: readonly ManifestItem[],
  selection: Selection,
  history: readonly AnswerRecord[],
  random: Random,
): Candidate[] {
  const shuffled = random.shuffle(items);
  if (selection === 'random') return shuffled.map((item) => ({ item, tier: 0 }));
  const last = lastAnswers(history);
  const tier = (item: ManifestItem): number => {
    const answer = last.get(item.id);
    if (selection === 'unused-first') return answer ? 1 : 0;
    return !answer ? 1 : answer.correct ? 2 : 0;
  };
  const when = (item: ManifestItem) => last.get(item.id)?.answeredAt ?? '';
  const tiered = shuffled.map((item) => ({ item, tier: tier(item) }));
  // Least recently answered first among answered questions (unused-first); otherwise the shuffle decides.
  return tiered.sort(
    (a, b) =>
      a.tier - b.tier ||
      (selection === 'unused-first' && when(a.item) !== when(b.item) ? (when(a.item) < when(b.item) ? -1 : 1) : 0),
  );
}
