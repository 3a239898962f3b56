import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';
import { rangeIn, sentences } from '../text.js';

/**
 * Unfocused lead-ins: "Which of the following statements is true?", "Which
 * of the following is correct about ...?", "What is true of ...?".
 */
const openLeadIn = new RegExp(
  [
    String.raw`\b(?:which|what)\b(?: [\w'’-]+){0,8}? (?:is|are) (?:most )?(?:true|correct|accurate|false|incorrect)\b`,
    // "Which of the following statements regarding <a long phrase> is correct?"
    String.raw`\bwhich of the following (?:statements?|is|are)\b[^?]{0,200}? (?:is|are) (?:most )?(?:true|correct|accurate)\b`,
    // "...is a true statement regarding...", "...are true about..."
    String.raw`\b(?:is|are) (?:an? )?(?:true|correct|accurate) (?:statements? )?(?:regarding|about|concerning|of|for)\b`,
  ].join('|'),
  'i',
);

/** `item/lead-in-open`: the lead-in asks "which statement is true" instead of one focused question. */
export const leadInOpen: ItemRule = {
  id: 'item/lead-in-open',
  description: 'The lead-in is open ("Which of the following statements is true?") instead of a focused question.',
  severity: 'warning',
  scope: 'item',
  check(question, context) {
    const view = viewOf(question);
    const last = sentences(view.leadIn.text).at(-1);
    const m = last && openLeadIn.exec(last.word);
    if (!last || !m) return;
    const index = last.index + m.index;
    context.report({
      message: `Unexpected open lead-in ${quote(m[0])}, expected a focused question`,
      hint: 'Ask one thing the examinee can answer with the options covered: "the most likely diagnosis", "the most appropriate next step", "the most likely mechanism".',
      place: rangeIn(view.leadIn, index, index + m[0].length) ?? view.leadInRange,
    });
  },
};
