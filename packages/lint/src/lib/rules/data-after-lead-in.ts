import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';
import { rangeIn } from '../text.js';

/** A question mark (with closing quotes or brackets) followed by more text in the same paragraph. */
const afterQuestion = /\?["'”’)\]]*\s+(?=\S)/u;

/** `item/data-after-lead-in`: the lead-in paragraph goes on after its question mark. */
export const dataAfterLeadIn: ItemRule = {
  id: 'item/data-after-lead-in',
  description: 'The lead-in paragraph goes on after the question mark (data or an instruction after the question).',
  severity: 'warning',
  scope: 'item',
  check(question, context) {
    const view = viewOf(question);
    const text = view.leadIn.text.trimEnd();
    const m = afterQuestion.exec(text);
    if (!m) return;
    const start = m.index + m[0].length;
    context.report({
      message: `Unexpected ${quote(text.slice(start))} after the question, expected the question to end the stem`,
      hint: 'Move the data into the vignette above the question, and make the question the last sentence before the options.',
      place: rangeIn(view.leadIn, start, text.length) ?? view.leadInRange,
    });
  },
};
