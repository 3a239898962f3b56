import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintRules, type BankQuestion, type BankRule } from '@qbank/lint';

const rule = lintRules.find((r) => r.id === 'bank/near-duplicate-questions') as BankRule;

/** The rule's reports as `self other similarity` lines, sorted. */
function reports(questions: BankQuestion[], threshold: number, focus?: Set<BankQuestion>): string[] {
  const lines: string[] = [];
  rule.check(questions, {
    options: { threshold },
    focus,
    memo: new Map(),
    report: (question, init) => lines.push(`${question.id} ${init.related?.message ?? ''} ${init.actual ?? ''}`),
  });
  return lines.sort();
}

// Phrase sets drawn from a small universe, so that pairs land on both sides of the threshold.
const phraseSet = fc
  .uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 30 })
  .map((phrases) => phrases.sort((a, b) => a - b));

describe('bank/near-duplicate-questions', () => {
  it('finds the same pairs for the changed questions (focus) as over the whole bank', () => {
    fc.assert(
      fc.property(
        fc.array(phraseSet, { minLength: 2, maxLength: 25 }),
        fc.constantFrom(0.2, 0.3, 0.5, 0.55, 0.6, 0.7, 0.75, 1),
        fc.array(fc.nat(), { maxLength: 4 }),
        (sets, threshold, picks) => {
          const questions: BankQuestion[] = sets.map((phrases, i) => ({
            id: `q${i}`,
            path: `/bank/q${i}.md`,
            phrases,
            stemPlace: undefined,
            key: 0,
            options: 4,
          }));
          const focus = new Set(picks.map((p) => questions[p % questions.length]!));
          const focused = reports(questions, threshold, focus);
          // Whole-bank reports that involve a focused question, either side.
          const expected = reports(questions, threshold).filter((line) =>
            [...focus].some((q) => line.startsWith(`${q.id} `) || line.includes(`\`${q.id}\` `)),
          );
          expect(focused).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });
});
