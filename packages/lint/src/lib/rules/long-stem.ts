import type { BankQuestion, BankRule } from '../model.js';
import { numberOption } from '../question.js';

/** The value below which a share `q` of the sorted values lies (linear interpolation). */
function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

/** The bank's norm: median, quartiles and Tukey's upper fence (Q3 + 1.5 IQR) of the stems' words. */
function norm(questions: readonly BankQuestion[]): { median: number; fence: number } {
  const sorted = questions.map((q) => q.stemWords!).sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  return { median: quantile(sorted, 0.5), fence: Math.round(q3 + 1.5 * (q3 - q1)) };
}

/**
 * `bank/long-stem`: a question whose vignette and lead-in are far longer than
 * the bank's norm, above Tukey's upper fence of the bank's stem lengths.
 */
export const longStem: BankRule = {
  id: 'bank/long-stem',
  description:
    "The vignette and lead-in are far longer than the bank's norm: more words than the upper quartile plus 1.5 times the interquartile range (banks of at least `minQuestions`, 20).",
  severity: 'info',
  scope: 'bank',
  check(questions, context) {
    const measured = questions.filter((q) => typeof q.stemWords === 'number' && q.stemWords > 0);
    if (measured.length < numberOption(context.options, 'minQuestions', 20)) return;
    const { median, fence } = norm(measured);
    for (const question of measured) {
      if (question.stemWords! <= fence || (context.focus && !context.focus.has(question))) continue;
      context.report(question, {
        message: `Unexpected stem of ${question.stemWords} words, expected at most ${fence} (the bank's median is ${Math.round(median)})`,
        hint: 'Cut what the question does not need (window dressing, findings that are normal and rule nothing out, a second story): every sentence costs students who read English as a second language time.',
        place: question.stemPlace,
        actual: String(question.stemWords),
      });
    }
  },
};
