import type { ItemRule } from '../model.js';
import { numberOption, viewOf } from '../question.js';

/** `item/longest-option-cue`: the key is clearly the longest option. */
export const longestOptionCue: ItemRule = {
  id: 'item/longest-option-cue',
  description: 'The key is the longest option and much longer than the distractors on average.',
  severity: 'info',
  scope: 'item',
  check(question, context) {
    const ratio = numberOption(context.options, 'ratio', 1.3);
    const minLength = numberOption(context.options, 'minLength', 20);
    const { options, key } = viewOf(question);
    const distractors = options.filter((o) => !o.correct);
    if (!key || distractors.length === 0 || key.text.length < minLength) return;
    const mean = distractors.reduce((sum, o) => sum + o.text.length, 0) / distractors.length;
    const longest = Math.max(...distractors.map((o) => o.text.length));
    const actual = key.text.length / mean;
    if (key.text.length <= longest || actual <= ratio) return;
    context.report({
      message: `Unexpected key of ${key.text.length} characters, ${overLimit(actual, ratio)} times the distractors' mean of ${Math.round(mean)}, expected at most ${ratio} times`,
      hint: 'Give the distractors the same length and detail as the key, or shorten the key: the longest, most qualified option is a known cue.',
      place: key.range,
      actual: actual.toFixed(2),
    });
  },
};

/**
 * A ratio over its limit, with as many decimals as it takes to read as over it: 1.34 against
 * 1.3 is `1.34`, never `1.3`.
 */
function overLimit(actual: number, limit: number): string {
  for (const decimals of [1, 2, 3]) {
    const shown = actual.toFixed(decimals);
    if (Number(shown) > limit) return shown;
  }
  return `just over ${limit}`;
}
