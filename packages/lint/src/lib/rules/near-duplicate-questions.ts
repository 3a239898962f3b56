import type { SourceRange } from '@qbank/core';
import type { CheckedQuestion } from '@qbank/validate';
import type { BankRule } from '../model.js';
import { numberOption, viewOf } from '../question.js';
import { phraseSets, similarPairs } from '../similarity.js';
import { words } from '../text.js';

/** Phrases of this many words are compared. */
const shingleSize = 3;

function tokens(question: CheckedQuestion): string[] {
  const view = viewOf(question);
  return words(`${view.stemText.text} ${view.leadIn.text}`).map((w) => w.word.toLowerCase());
}

function stemPlace(question: CheckedQuestion): SourceRange | undefined {
  const { stem, leadIn } = question.parsed;
  const start = (stem.find((n) => n.type !== 'html') ?? leadIn)?.position?.start;
  const end = leadIn?.position?.end;
  return (
    start && { start: { line: start.line, column: start.column }, end: end && { line: end.line, column: end.column } }
  );
}

/** `bank/near-duplicate-questions`: two questions whose vignettes are mostly the same. */
export const nearDuplicateQuestions: BankRule = {
  id: 'bank/near-duplicate-questions',
  description:
    'Two questions share most of their stem and lead-in (Jaccard similarity of 3-word phrases at or above `threshold`, 0.5).',
  severity: 'warning',
  scope: 'bank',
  check(questions, context) {
    const threshold = Math.min(1, Math.max(0.05, numberOption(context.options, 'threshold', 0.5)));
    const sets = phraseSets(questions.map(tokens), shingleSize);
    for (const [i, j, similarity] of similarPairs(sets, threshold)) {
      for (const [self, other] of [
        [questions[i]!, questions[j]!],
        [questions[j]!, questions[i]!],
      ] as const) {
        context.report(self, {
          message: `Unexpected near-duplicate of \`${other.data.id}\` (${Math.round(similarity * 100)}% of stem phrases shared), expected questions that differ`,
          hint: 'Rewrite one of the two, or retire one: near-duplicates give each other away and count twice in the blueprint.',
          place: stemPlace(self),
          related: {
            file: other.parsed.file.path,
            place: stemPlace(other)?.start,
            message: `The similar question \`${other.data.id}\``,
          },
          actual: similarity.toFixed(2),
        });
      }
    }
  },
};
