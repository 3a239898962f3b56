import { idioms } from '../data/idioms.js';
import { insideQuotes } from '../lexicon.js';
import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';
import { rangeIn } from '../text.js';

/** Every idiom in one expression, each form a named alternative (`i0`, `i1`, ...). */
const anyIdiom = new RegExp(
  `(?<![\\p{L}\\p{N}'’-])(?:${idioms.map((idiom, i) => `(?<i${i}>${idiom.pattern})`).join('|')})(?![\\p{L}\\p{N}-])`,
  'giu',
);

/** Which idiom a match is. */
function idiomOf(groups: Record<string, string | undefined>): (typeof idioms)[number] {
  const name = Object.keys(groups).find((key) => groups[key] !== undefined)!;
  return idioms[Number(name.slice(1))]!;
}

/**
 * `item/idiom`: an idiom or phrasal verb in the vignette, lead-in or options
 * ("passed out", "on and off") where plain words say the same. Quoted speech
 * is left alone: the patient's own words may be the point of the item.
 */
export const idiom: ItemRule = {
  id: 'item/idiom',
  description:
    'The text uses an idiom ("passed out", "on and off", "threw up") where plain words say the same for readers of English as a second language.',
  severity: 'info',
  scope: 'item',
  check(question, context) {
    const view = viewOf(question);
    for (const map of [view.stemText, view.leadIn, ...view.options.map((o) => o.map)]) {
      for (const m of map.text.matchAll(anyIdiom)) {
        // A patient's own words in quotes are kept as said ("just a couple of drinks").
        if (insideQuotes(map.text, m.index)) continue;
        const found = idiomOf(m.groups ?? {});
        context.report({
          message: `Unexpected idiom ${quote(m[0])}, expected plain words: ${found.plain}`,
          hint: `Write "${found.plain}": students reading in a second language may not know the idiom "${found.idiom}", and a patient's words retold in the vignette need not keep it.`,
          place: rangeIn(map, m.index, m.index + m[0].length) ?? view.leadInRange,
        });
      }
    }
  },
};
