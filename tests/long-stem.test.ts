// bank/long-stem: stems far longer than the bank's norm (Tukey's upper fence of stem lengths).
import { describe, expect, it } from 'vitest';
import { lintRules, type LintRule } from '@qbank/lint';

type Bank = Extract<LintRule, { scope: 'bank' }>;
type Question = Parameters<Bank['check']>[0][number];
const rule = lintRules.find((r) => r.id === 'bank/long-stem') as Bank;

function question(id: string, stemWords: number | undefined): Question {
  const place = { start: { line: 9, column: 1 }, end: { line: 9, column: 20 } };
  return { id, path: `/bank/${id}.md`, phrases: [], stemPlace: place, key: 0, options: 5, stemWords };
}

function run(questions: Question[], options: Record<string, unknown> = {}, focus?: Set<Question>) {
  const reports: [string, string][] = [];
  rule.check(questions, {
    options,
    focus,
    memo: new Map(),
    report: (q, init) => reports.push([q.id, init.message]),
  });
  return reports;
}

/** 20 stems of 100 to 119 words. */
const norm = () => Array.from({ length: 20 }, (_, i) => question(`q${i}`, 100 + i));

describe('bank/long-stem', () => {
  it('reports a stem above the upper fence, with the fence and the median', () => {
    // Quartiles of 100..119 and 400: 105 and 115; fence 115 + 1.5 * 10 = 130.
    expect(run([...norm(), question('long', 400)])).toEqual([
      ['long', "Unexpected stem of 400 words, expected at most 130 (the bank's median is 110)"],
    ]);
  });

  it('reports nothing in a bank of even stems, or in a bank below minQuestions', () => {
    expect(run(norm())).toEqual([]);
    expect(run([...norm().slice(0, 10), question('long', 400)])).toEqual([]);
    expect(run([...norm().slice(0, 10), question('long', 400)], { minQuestions: 5 })).toHaveLength(1);
  });

  it('skips questions without a count (older caches) and outside the focus', () => {
    const long = question('long', 400);
    expect(run([...norm(), question('old', undefined), long], {}, new Set([long]))).toHaveLength(1);
    expect(run([...norm(), long], {}, new Set([norm()[0]!]))).toEqual([]);
  });
});
