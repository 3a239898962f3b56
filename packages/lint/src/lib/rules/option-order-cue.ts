import type { ItemRule } from '../model.js';
import { isCombinedOption, noneOfTheAbovePattern } from '../patterns.js';
import { quote, viewOf, type OptionView } from '../question.js';
import { parseNumeric } from '../numeric.js';
import { reorderFix } from '../reorder.js';

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function inOrder(options: readonly OptionView[]): boolean {
  return options.every((o, i) => i === 0 || collator.compare(options[i - 1]!.text, o.text) <= 0);
}

/**
 * `item/option-order-cue`: every option is in alphabetical order except the
 * key, the trace left by moving the key to balance key positions.
 */
export const optionOrderCue: ItemRule = {
  id: 'item/option-order-cue',
  description: 'The options are in alphabetical order except the key, which stands out of place.',
  severity: 'warning',
  scope: 'item',
  fixable: true,
  check(question, context) {
    const { options, key } = viewOf(question);
    if (!key || options.length < 4 || inOrder(options)) return;
    // Numbers have their own rule; combined options and "none of the above" cannot be placed.
    if (options.every((o) => parseNumeric(o.text))) return;
    if (options.some((o) => isCombinedOption(o.text) || noneOfTheAbovePattern.test(o.text))) return;
    if (!inOrder(options.filter((o) => o !== key))) return;
    const sorted = [...options].sort((a, b) => collator.compare(a.text, b.text) || a.index - b.index);
    context.report({
      message: `Unexpected key ${quote(key.text)} out of alphabetical order among options that are in order, expected the key in its place (${sorted.indexOf(key) === 0 ? 'first' : `after ${quote(sorted[sorted.indexOf(key) - 1]!.text)}`})`,
      hint: 'Put every option, the key too, in alphabetical order (`qbank validate --fix` does it): a key that alone breaks the order points to itself.',
      place: key.range,
      fix: reorderFix(
        question,
        sorted.map((o) => o.index),
      ),
    });
  },
};
