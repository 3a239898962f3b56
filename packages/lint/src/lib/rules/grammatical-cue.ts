import pluralize from 'pluralize';
import type { ItemRule } from '../model.js';
import type { OptionView } from '../question.js';
import { quote, viewOf } from '../question.js';
import { articleFor } from '../articles.js';
import { rangeIn, words, type WordMatch } from '../text.js';

/** A lead-in that stops on an article: "The most likely diagnosis is a". */
const endsInArticle = /\b(an?)\s*[:_.…-]*\s*$/;

/** Why an option does not fit the article, and the word that shows it. */
interface Mismatch {
  problem: string;
  word: WordMatch;
}

/** Latin and Greek singulars ("stenosis", "embolus") that pluralize would take for plurals. */
const singularEnding = /(?:is|[su]s)$/;

function mismatch(option: OptionView, article: 'a' | 'an'): Mismatch | undefined {
  const all = words(option.map.text);
  const first = all[0];
  if (!first) return undefined;
  const expected = articleFor(first.word);
  if (expected && expected !== article) {
    return { problem: `starts with ${expected === 'an' ? 'a vowel' : 'a consonant'} sound`, word: first };
  }
  // Number: "a" before a short option whose last word is plural ("a Red cell antibodies").
  const last = all.at(-1)!;
  const head = last.word.toLowerCase();
  if (all.length > 3 || head.length <= 3 || !/^\p{Ll}+$/u.test(head) || singularEnding.test(head)) return undefined;
  return pluralize.singular(head) !== head ? { problem: 'is plural', word: last } : undefined;
}

/** `item/grammatical-cue`: a lead-in ending in "a"/"an" that some options do not fit. */
export const grammaticalCue: ItemRule = {
  id: 'item/grammatical-cue',
  description: 'The lead-in ends in "a" or "an" and some options do not fit it (first sound or number).',
  severity: 'warning',
  scope: 'item',
  check(question, context) {
    const view = viewOf(question);
    const m = endsInArticle.exec(view.leadIn.text);
    if (!m) return;
    const article = m[1]!.toLowerCase() as 'a' | 'an';
    for (const option of view.options) {
      const found = mismatch(option, article);
      if (!found) continue;
      const { problem, word } = found;
      context.report({
        message: `Unexpected option ${quote(option.text, 40)} after the lead-in's \`${m[1]}\`: it ${problem}, expected every option to fit the lead-in`,
        hint: 'End the lead-in with a complete question ("Which of the following is the most likely diagnosis?"): an article before the options tells examinees which ones fit.',
        place: rangeIn(option.map, word.index, word.index + word.word.length) ?? option.range,
      });
    }
  },
};
