import type { ItemRule } from '../model.js';
import { viewOf } from '../question.js';
import { rangeIn, sentences } from '../text.js';

/**
 * Negative wording, as regular expressions whose group 1 is the word to point at.
 * Capitals are always the negative format. In lower case, `not` and `least`
 * are too common in ordinary sentences ("did not improve", "at least 3 days"),
 * so only the lead-in phrasings that ask a negative question count.
 */
const patterns: RegExp[] = [
  /\b(NOT|EXCEPT|LEAST|FALSE|INCORRECT|UNTRUE|UNLIKELY)\b/g,
  /\b(except)\b/gi,
  /\b(least) (?:likely|appropriate|useful|helpful|common|commonly|accurate|probable|consistent|beneficial|effective)\b/gi,
  // "Which of the following would be less useful...": the comparative asks for the exception too.
  /\b(less) (?:likely|appropriate|useful|helpful|accurate|probable|consistent|beneficial|effective)\b(?![^?]*\bthan\b)/gi,
  /\b(?:is|are) (false|incorrect|untrue|not true|not correct)\b/gi,
  /\b(false|incorrect|untrue) statements?\b/gi,
  /\bwhich of the following(?: [\w'’-]+){0,4}? (?:is|are|would|will|does|do|should|could|can|may|might|has|have)(?: most likely| be)? (not)\b/gi,
  /\bwhich of the following(?: [\w'’-]+){0,4}? (cannot|can't|isn't|aren't|wouldn't|doesn't|won't)\b/gi,
];

/** `item/negative-lead-in`: the lead-in asks for the option that is NOT, EXCEPT, LEAST... */
export const negativeLeadIn: ItemRule = {
  id: 'item/negative-lead-in',
  description: 'The lead-in is negatively phrased (EXCEPT, NOT, LEAST, FALSE, INCORRECT).',
  severity: 'error',
  scope: 'item',
  check(question, context) {
    const { leadIn } = viewOf(question);
    const seen = new Set<number>();
    // Only the question sentence: the lead-in paragraph may open with findings.
    const last = sentences(leadIn.text).at(-1);
    if (!last) return;
    for (const pattern of patterns) {
      for (const m of last.word.matchAll(pattern)) {
        const word = m[1]!;
        const index = last.index + m.index + m[0].indexOf(word);
        if (seen.has(index)) continue;
        seen.add(index);
        context.report({
          message: `Unexpected negative lead-in with \`${word}\`, expected a question for the one best answer`,
          hint: 'Ask for what is true ("Which of the following is the most likely cause?") and make the distractors plausible but wrong.',
          place: rangeIn(leadIn, index, index + word.length) ?? viewOf(question).leadInRange,
          actual: word,
        });
      }
    }
  },
};
