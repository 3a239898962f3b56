import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  lintRules,
  nearDuplicateSnapshot,
  restoreNearDuplicates,
  type BankQuestion,
  type BankRule,
  type LintMemo,
} from '@qbank/lint';
import { jaccard, similarPairs } from '../packages/lint/src/lib/similarity.js';

const rule = lintRules.find((r) => r.id === 'bank/near-duplicate-questions') as BankRule;

/** The rule's reports as `self other similarity` lines, sorted. */
function reports(
  questions: BankQuestion[],
  threshold: number,
  focus?: Set<BankQuestion>,
  memo: Map<string, unknown> = new Map(),
): string[] {
  const lines: string[] = [];
  rule.check(questions, {
    options: { threshold },
    focus,
    memo,
    report: (question, init) => lines.push(`${question.id} ${init.message} ${init.actual ?? ''}`),
  });
  return lines.sort();
}

// Phrase sets drawn from a small universe, so that pairs land on both sides of the threshold.
const phraseSet = fc
  .uniqueArray(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 30 })
  .map((phrases) => [...phrases].sort((a, b) => a - b));

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
          // Whole-bank reports of the focused questions and of every question similar to one.
          const involved = new Set([...focus].map((q) => q.id));
          for (const [i, j] of similarPairs(sets, threshold)) {
            if (focus.has(questions[i]!)) involved.add(`q${j}`);
            if (focus.has(questions[j]!)) involved.add(`q${i}`);
          }
          const expected = reports(questions, threshold).filter((line) => involved.has(line.split(' ')[0]!));
          expect(focused).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds the same pairs from a snapshot of an earlier process, after edits, as afresh', () => {
    fc.assert(
      fc.property(
        fc.array(phraseSet, { minLength: 2, maxLength: 25 }),
        fc.constantFrom(0.3, 0.5, 0.55, 0.7),
        fc.array(fc.tuple(fc.nat(), phraseSet), { maxLength: 4 }),
        fc.nat({ max: 3 }),
        (sets, threshold, edits, removed) => {
          const make = (phrases: number[], i: number): BankQuestion => ({
            id: `q${i}`,
            path: `/bank/q${i}.md`,
            // As the cache gives them back in the next process.
            phrases: Uint32Array.from(phrases),
            stemPlace: undefined,
            key: 0,
            options: 4,
          });
          const before = sets.map(make);
          const memo: LintMemo = new Map([['bank/near-duplicate-questions', new Map()]]);
          reports(before, threshold, undefined, memo.get('bank/near-duplicate-questions'));
          // Through JSON, as it is kept on disk.
          const snapshot = JSON.parse(JSON.stringify(nearDuplicateSnapshot(memo))) as Parameters<
            typeof restoreNearDuplicates
          >[1];
          // The next process: new objects, some questions edited, some gone.
          const after = sets.map(make);
          for (const [at, phrases] of edits) after[at % after.length] = make(phrases, at % after.length);
          after.splice(0, Math.min(removed, after.length - 2));
          const restored: LintMemo = new Map();
          restoreNearDuplicates(restored, snapshot, after);
          // The questions as they were are taken from the snapshot; only the others are compared again.
          const unchanged = after.filter((q) => {
            const original = sets[Number(q.id.slice(1))]!;
            return original.length === q.phrases.length && original.every((p, i) => p === q.phrases[i]);
          });
          const state = restored.get('bank/near-duplicate-questions')!.get('state') as { questions: BankQuestion[] };
          expect(new Set(state.questions)).toEqual(new Set(unchanged));
          const fromSnapshot = reports(after, threshold, undefined, restored.get('bank/near-duplicate-questions'));
          expect(fromSnapshot).toEqual(reports(after, threshold));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports a family of copies once per question, naming its size and closest members', () => {
    const questions: BankQuestion[] = Array.from({ length: 40 }, (_, i) => ({
      id: `copy-${String(i).padStart(2, '0')}`,
      path: `/bank/copy-${i}.md`,
      phrases: [1, 2, 3, 4, 5, 6, 7, 8, 9, i < 20 ? 10 : 11],
      stemPlace: undefined,
      key: 0,
      options: 4,
    }));
    const lines = reports(questions, 0.5);
    expect(lines).toHaveLength(40);
    expect(lines[0]).toBe(
      'copy-00 Unexpected near-duplicate of 39 other questions, closest: `copy-01` (100%), `copy-02` (100%), `copy-03` (100%), expected questions that differ 1.00',
    );
    expect(reports(questions.slice(0, 2), 0.5)).toEqual([
      'copy-00 Unexpected near-duplicate of `copy-01` (100% of stem phrases shared), expected questions that differ 1.00',
      'copy-01 Unexpected near-duplicate of `copy-00` (100% of stem phrases shared), expected questions that differ 1.00',
    ]);
  });

  it('joins exactly the pairs a comparison of every pair finds, whatever the hashes', () => {
    // Phrase hashes are 32-bit: values that agree in their low bits land in the same slot of the
    // join's table, and must still be told apart.
    const hash = fc.oneof(
      fc.integer({ min: 0, max: 30 }),
      fc.integer({ min: 0, max: 31 }).map((n) => n * 2 ** 27 + 7),
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    );
    const set = fc.uniqueArray(hash, { minLength: 1, maxLength: 25 }).map((xs) => xs.sort((a, b) => a - b));
    fc.assert(
      fc.property(fc.array(set, { minLength: 2, maxLength: 30 }), fc.constantFrom(0.2, 0.5, 0.6, 0.8, 1), (sets, t) => {
        const expected: [number, number, number][] = [];
        for (let i = 0; i < sets.length; i++) {
          for (let j = i + 1; j < sets.length; j++) {
            const similarity = jaccard(sets[i]!, sets[j]!);
            if (similarity >= t) expected.push([i, j, similarity]);
          }
        }
        expect(similarPairs(sets, t)).toEqual(expected);
        // Numbered a few elements at a time (a bank's million phrases are, a million at a time).
        expect(similarPairs(sets, t, 7)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
