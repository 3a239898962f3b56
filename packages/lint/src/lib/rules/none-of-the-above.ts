import type { ItemRule } from '../model.js';
import { noneOfTheAbovePattern } from '../patterns.js';
import { quote, viewOf } from '../question.js';

/** `item/none-of-the-above`: an option that says "none of the above". */
export const noneOfTheAbove: ItemRule = {
  id: 'item/none-of-the-above',
  description: 'An option is "None of the above" or a variant of it.',
  severity: 'error',
  scope: 'item',
  check(question, context) {
    for (const option of viewOf(question).options) {
      if (!noneOfTheAbovePattern.test(option.text)) continue;
      context.report({
        message: `Unexpected option ${quote(option.text)}, expected a specific answer`,
        hint: 'Replace it with a plausible, specific distractor: "None of the above" tests what is wrong, not what the examinee knows.',
        place: option.range,
        actual: option.text,
      });
    }
  },
};
