import { applyFixes, type Fix } from '@qbank/core';
import type { CheckedQuestion } from '@qbank/validate';
import type { ItemRule } from '../model.js';
import { compareNumeric, parseNumeric, type NumericValue } from '../numeric.js';
import { quote, viewOf, type OptionView } from '../question.js';
import { reorderFix } from '../reorder.js';

interface Numbered {
  option: OptionView;
  value: NumericValue;
}

/** The options with their values, when every option is a number in one unit. */
function numericOptions(question: CheckedQuestion): Numbered[] | undefined {
  const numbered: Numbered[] = [];
  for (const option of viewOf(question).options) {
    const value = parseNumeric(option.text);
    if (!value || (numbered[0] && numbered[0].value.unit !== value.unit)) return undefined;
    numbered.push({ option, value });
  }
  return numbered.length >= 2 ? numbered : undefined;
}

/** The fix that sorts the numeric options ascending (see {@link reorderFix}). */
function sortFix(question: CheckedQuestion, numbered: Numbered[]): Fix | undefined {
  const order = numbered.map((n, index) => ({ ...n, index })).sort((a, b) => compareNumeric(a.value, b.value));
  return reorderFix(
    question,
    order.map((n) => n.index),
  );
}

/**
 * The question's file text with its numeric options sorted ascending, for
 * `--fix`. Only when every option is a number or range in one unit.
 *
 * @param question A checked question.
 * @returns The new file text, or `undefined` when the options are in order or not safely sortable.
 */
export function fixNumericOrder(question: CheckedQuestion): string | undefined {
  const numbered = numericOptions(question);
  if (!numbered || numbered.every((n, i) => i === 0 || compareNumeric(numbered[i - 1]!.value, n.value) <= 0)) {
    return undefined;
  }
  const fix = sortFix(question, numbered);
  return fix && applyFixes(viewOf(question).source, [fix]).text;
}

/** `item/numeric-options-order`: numeric options out of ascending order, or ranges that overlap. */
export const numericOptionsOrder: ItemRule = {
  id: 'item/numeric-options-order',
  description: 'Numeric options are not in ascending order, or numeric ranges overlap.',
  severity: 'warning',
  scope: 'item',
  fixable: true,
  check(question, context) {
    const numbered = numericOptions(question);
    if (!numbered) return;
    const outOfOrder = numbered.findIndex((n, i) => i > 0 && compareNumeric(numbered[i - 1]!.value, n.value) > 0);
    if (outOfOrder !== -1) {
      const { option } = numbered[outOfOrder]!;
      context.report({
        message: `Unexpected ${quote(option.text)} after ${quote(numbered[outOfOrder - 1]!.option.text)}, expected numeric options in ascending order`,
        hint: 'List numbers from smallest to largest so that examinees spend no time searching (`qbank validate --fix` sorts them).',
        place: option.range,
        fix: sortFix(question, numbered),
      });
    }
    const sorted = [...numbered].sort((a, b) => compareNumeric(a.value, b.value));
    for (let i = 1; i < sorted.length; i++) {
      const [before, after] = [sorted[i - 1]!, sorted[i]!];
      if (!(after.value.low < before.value.high)) continue;
      const [first, second] = before.option.index < after.option.index ? [before, after] : [after, before];
      context.report({
        message: `Unexpected ${quote(second.option.text)} overlapping ${quote(first.option.text)}, expected numeric options that do not overlap`,
        hint: 'Make the ranges meet without overlapping (5-9, 10-14): with overlapping ranges two options can both be right.',
        place: second.option.range,
        related: {
          file: question.parsed.file.path,
          place: first.option.range,
          message: `Option ${first.option.letter} ${quote(first.option.text)}`,
        },
      });
    }
  },
};
