import type { BankRule } from '../model.js';
import { numberOption } from '../question.js';
import { phraseSets, similarPairs } from '../similarity.js';

/** Phrases of this many words are compared. */
const shingleSize = 3;

/** `bank/near-duplicate-questions`: two questions whose vignettes are mostly the same. */
export const nearDuplicateQuestions: BankRule = {
  id: 'bank/near-duplicate-questions',
  description:
    'Two questions share most of their stem and lead-in (Jaccard similarity of 3-word phrases at or above `threshold`, 0.5).',
  severity: 'warning',
  scope: 'bank',
  check(questions, context) {
    const threshold = Math.min(1, Math.max(0.05, numberOption(context.options, 'threshold', 0.5)));
    const sets = phraseSets(questions.map((q) => q.words), shingleSize);
    for (const [i, j, similarity] of similarPairs(sets, threshold)) {
      for (const [self, other] of [
        [questions[i]!, questions[j]!],
        [questions[j]!, questions[i]!],
      ] as const) {
        context.report(self, {
          message: `Unexpected near-duplicate of \`${other.id}\` (${Math.round(similarity * 100)}% of stem phrases shared), expected questions that differ`,
          hint: 'Rewrite one of the two, or retire one: near-duplicates give each other away and count twice in the blueprint.',
          place: self.stemPlace,
          related: {
            file: other.path,
            place: other.stemPlace?.start,
            message: `The similar question \`${other.id}\``,
          },
          actual: similarity.toFixed(2),
        });
      }
    }
  },
};
