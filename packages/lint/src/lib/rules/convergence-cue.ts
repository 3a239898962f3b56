import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';
import { contentStems } from '../words.js';

/**
 * `item/convergence-cue`: the key is the option that shares the most words
 * with the other options, so that a test-wise examinee picks the option where
 * the distractors "converge".
 */
export const convergenceCue: ItemRule = {
  id: 'item/convergence-cue',
  description: 'The key shares the most words with the other options (the options converge on it).',
  severity: 'info',
  scope: 'item',
  check(question, context) {
    const { options, key } = viewOf(question);
    if (!key || options.length < 4) return;
    const sets = options.map((o) => contentStems(o.text));
    const scores = sets.map((set, i) =>
      sets.reduce((sum, other, j) => (i === j ? sum : sum + [...set].filter((w) => other.has(w)).length), 0),
    );
    const best = Math.max(...scores);
    const minShared = typeof context.options.minShared === 'number' ? context.options.minShared : 3;
    if (best < minShared || scores[key.index] !== best || scores.filter((s) => s === best).length > 1) return;
    context.report({
      message: `Unexpected key ${quote(key.text)} sharing the most words with the other options (${best}), expected no option that the others converge on`,
      hint: 'Vary the distractors so that they do not each repeat a part of the key: examinees learn to pick the option that combines the words of the others.',
      place: key.range,
      actual: String(best),
    });
  },
};
