import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';
import { rangeIn, sentences } from '../text.js';

/** A sentence in question form whatever its last mark: a wh-word first, or "which of the following" inside. */
const questionForm = /^(?:which|what|who|whom|whose|where|when|why|how)\b|\bwhich (?:is|are|of)\b/i;

/** `item/lead-in-not-question`: the lead-in does not end with a question mark. */
export const leadInNotQuestion: ItemRule = {
  id: 'item/lead-in-not-question',
  description: 'The lead-in does not end with "?": it is an incomplete statement or an instruction.',
  severity: 'warning',
  scope: 'item',
  check(question, context) {
    const view = viewOf(question);
    const text = view.leadIn.text.trimEnd();
    if (!text || /\?["'”’)\]*_]*$/.test(text)) return;
    // A question followed by data or an instruction is `item/data-after-lead-in`'s to report.
    if (/\?["'”’)\]*_]*\s/.test(text)) return;
    const last = sentences(text).at(-1)!;
    // A question punctuated with a colon ("Which of the following is the most likely diagnosis:").
    if (questionForm.test(last.word)) return;
    context.report({
      message: `Unexpected lead-in ${quote(last.word)}, expected a question ending in \`?\``,
      hint: 'End the stem with a closed question that can be answered before reading the options, such as "Which of the following is the most likely diagnosis?".',
      place: rangeIn(view.leadIn, last.index, last.index + last.word.length) ?? view.leadInRange,
    });
  },
};
