import { lexiconRule } from '../lexicon.js';

/** Words that make a statement absolute. */
export const absoluteWords = [
  'always',
  'never',
  'all',
  'only',
  'must',
  'completely',
  'entirely',
  'invariably',
  'exclusively',
  'absolutely',
] as const;

/** `item/absolute-terms`: an option says always, never, all, only, must... */
export const absoluteTerms = lexiconRule({
  id: 'item/absolute-terms',
  description: 'An option uses an absolute term (always, never, all, only, must, completely...).',
  severity: 'warning',
  terms: absoluteWords,
  skip: (word, text, index) => {
    const folded = word.toLowerCase();
    // "Chemotherapy only" names a scope, as its counterpart "Chemotherapy and radiation" does.
    // So does ", only observation": a short phrase after a comma, with no verb to make a claim.
    if (folded === 'only') {
      const after = text.slice(index + word.length);
      return after.trim() === '' || (/^\s*(?:[\w'’-]+\s*){1,3}$/.test(after) && /,\s*$/.test(text.slice(0, index)));
    }
    // "relatives, who must be brought...": an obligation of the people named describes them, it does not claim.
    if (folded === 'must') return /\bwho\s+$/i.test(text.slice(0, index));
    // "All" as a scope of an action is not a claim: "an email to all providers", "Avoiding all dairy products".
    if (folded === 'all') return /\bto\s+$/i.test(text.slice(0, index)) || /^\s*\p{L}+ing\b/iu.test(text);
    return false;
  },
  report: (word) => ({
    message: `Unexpected absolute term \`${word}\` in an option, expected a statement without absolutes`,
    hint: 'Test-wise examinees rule out options with absolutes; state the fact itself, or drop the option.',
  }),
});
