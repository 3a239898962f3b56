import type { ItemRule } from '../model.js';
import { isCombinedOption } from '../patterns.js';
import { quote, viewOf } from '../question.js';

/** `item/all-of-the-above`: an option that says "all of the above" or combines other options. */
export const allOfTheAbove: ItemRule = {
  id: 'item/all-of-the-above',
  description: 'An option is "All of the above" or combines other options ("Both A and B", "A and C").',
  severity: 'error',
  scope: 'item',
  check(question, context) {
    for (const option of viewOf(question).options) {
      if (!isCombinedOption(option.text)) continue;
      context.report({
        message: `Unexpected combined option ${quote(option.text)}, expected a single specific answer`,
        hint: 'Rewrite the item as one best answer among single options: recognising two true options gives the key away.',
        place: option.range,
        actual: option.text,
      });
    }
  },
};
