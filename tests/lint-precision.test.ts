// Lint precision on real exam items. tests/fixtures/lint-precision/judged.json holds a seeded sample of
// each rule's flags on the MedQA corpus (converted verbatim, scripts/lint-precision.mjs), each judged
// against the NBME item-writing guide. This test lints the corpus again and checks that every judged
// flag is still raised, and that each rule on in `recommended` keeps its precision target on its
// sample (90 % at warning or error, 70 % at info). A rule change that drops or adds flags here means
// judging a new sample: run the script and review out/lint-precision/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintQuestions } from '@qbank/lint';
import { sourceFileFromText } from '@qbank/parser';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank, type CheckedQuestion } from '@qbank/validate';
import { repoRoot } from './helpers/cli.js';
import { medqaItems, medqaQuestionSource } from './helpers/medqa.mjs';

interface Judged {
  corpus: string;
  rules: Record<
    string,
    {
      recommended: string;
      target: number | null;
      samples: { item: string; flagged: string; verdict: 'flaw' | 'false-positive'; reason: string }[];
    }
  >;
}

const judged = JSON.parse(
  readFileSync(path.join(repoRoot, 'tests/fixtures/lint-precision/judged.json'), 'utf8'),
) as Judged;
const corpus = path.resolve(repoRoot, judged.corpus);
// The corpus is shared reference data beside the repository (CI has it); without it, say so.
const haveCorpus = existsSync(path.join(corpus, 'test.jsonl'));

describe.skipIf(!haveCorpus && !process.env.CI)('lint precision on the MedQA corpus', () => {
  /** Rule id -> item ids it flags. */
  const flagged = new Map<string, Set<string>>();

  beforeAll(() => {
    const root = '/medqa';
    const sources = medqaItems(corpus).map((item) => ({
      file: sourceFileFromText(path.join(root, `${item.id}.md`), medqaQuestionSource(item), root),
      kind: 'question' as const,
    }));
    const report = validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot: root });
    const questions = report.items.filter((item): item is CheckedQuestion => item.kind === 'question');
    lintQuestions(questions, {
      contentRoot: root,
      config: { extends: ['strict'], rules: { 'item/missing-rationale': 'off' } },
    });
    for (const file of report.files) {
      const id = path.basename(file.path, '.md');
      for (const message of file.messages) {
        if (!message.ruleId) continue;
        if (!flagged.has(message.ruleId)) flagged.set(message.ruleId, new Set());
        flagged.get(message.ruleId)!.add(id);
      }
    }
  }, 120_000);

  it('finds the corpus', () => {
    expect(haveCorpus, `the MedQA corpus is missing at ${corpus}`).toBe(true);
  });

  for (const [ruleId, entry] of Object.entries(judged.rules)) {
    it(`${ruleId}: still raises every judged flag`, () => {
      const raised = flagged.get(ruleId) ?? new Set();
      const missing = entry.samples.filter((s) => !raised.has(s.item)).map((s) => s.item);
      expect(missing, 'judged flags no longer raised: judge a new sample').toEqual([]);
    });
    if (entry.target === null || entry.recommended === 'off') continue;
    it(`${ruleId}: at least ${entry.target * 100} % of its judged flags are real flaws`, () => {
      const flaws = entry.samples.filter((s) => s.verdict === 'flaw').length;
      expect(flaws / entry.samples.length).toBeGreaterThanOrEqual(entry.target!);
    });
  }
});
