import { toString } from 'mdast-util-to-string';
import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';

/** `item/missing-rationale`: a choice has no text indented under it. */
export const missingRationale: ItemRule = {
  id: 'item/missing-rationale',
  description: 'A choice has no rationale (text indented under it saying why it is right or wrong).',
  severity: 'warning',
  scope: 'item',
  check(question, context) {
    for (const option of viewOf(question).options) {
      const rationale = option.choice.rationale.filter((node) => node.type !== 'html');
      if (rationale.some((node) => toString(node, { includeHtml: false }).trim() !== '')) continue;
      context.report({
        message: `Unexpected option ${option.letter} ${quote(option.text, 40)} without a rationale, expected a line indented under it`,
        hint: `Indent a line by two spaces under the option saying why it is ${option.correct ? 'right' : 'wrong'}: examinees learn most from the rationale of the option they chose.`,
        place: option.range,
      });
    }
  },
};
