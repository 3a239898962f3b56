import type { BankRule } from '../model.js';
import { numberOption } from '../question.js';
import { chiSquare } from '../stats.js';

/** `bank/key-position-balance`: the key's letter is spread unevenly across the bank. */
export const keyPositionBalance: BankRule = {
  id: 'bank/key-position-balance',
  description:
    'The letter of the key is unevenly spread across the bank (chi-square p below `alpha`, 0.01; banks of at least `minQuestions`, 20).',
  severity: 'info',
  scope: 'bank',
  check(questions, context) {
    const alpha = numberOption(context.options, 'alpha', 0.01);
    const minQuestions = numberOption(context.options, 'minQuestions', 20);
    const keyed = questions.filter((q) => q.key !== null && q.options >= 2);
    if (keyed.length < minQuestions || keyed.length === 0) return;
    const letters = Math.max(...keyed.map((q) => q.options));
    const observed = new Array<number>(letters).fill(0);
    const expected = new Array<number>(letters).fill(0);
    for (const q of keyed) {
      observed[q.key!]!++;
      for (let i = 0; i < q.options; i++) expected[i]! += 1 / q.options;
    }
    const { p } = chiSquare(observed, expected);
    if (p >= alpha) return;
    const counts = observed.map((count, i) => `${String.fromCharCode(65 + i)} ${count}`).join(', ');
    context.report(questions[0]!, {
      message: `Unexpected key positions ${counts} across ${keyed.length} questions (chi-square p = ${p < 0.001 ? p.toExponential(1) : p.toPrecision(2)}), expected a spread close to even`,
      hint: 'Move keys to under-used letters (reorder the options), so that guessing one letter does not pay; or let the app shuffle options.',
      actual: counts,
    });
  },
};
