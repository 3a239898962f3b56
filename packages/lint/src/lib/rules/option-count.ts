import { placeOf } from '@qbank/parser';
import type { ItemRule } from '../model.js';
import { numberOption, viewOf } from '../question.js';

/** `item/option-count`: fewer than 4 or more than 10 options. */
export const optionCount: ItemRule = {
  id: 'item/option-count',
  description: 'The question has fewer options than `min` (4) or more than `max` (10).',
  severity: 'warning',
  scope: 'item',
  check(question, context) {
    const min = numberOption(context.options, 'min', 4);
    const max = numberOption(context.options, 'max', 10);
    const count = viewOf(question).options.length;
    const list = question.parsed.choiceList;
    if (!list || (count >= min && count <= max)) return;
    context.report({
      message: `Unexpected ${count} options, expected ${min} to ${max}`,
      hint:
        count < min
          ? 'Add plausible distractors: USMLE items have one key and three to seven distractors.'
          : 'Drop the least plausible distractors: more options add reading time, not discrimination.',
      place: placeOf(list).start,
      actual: String(count),
      expected: [`${min}-${max}`],
    });
  },
};
