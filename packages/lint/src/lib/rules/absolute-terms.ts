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
  // "Chemotherapy only" names a scope, as its counterpart "Chemotherapy and radiation" does.
  skip: (word, text, index) => word.toLowerCase() === 'only' && text.slice(index + word.length).trim() === '',
  report: (word) => ({
    message: `Unexpected absolute term \`${word}\` in an option, expected a statement without absolutes`,
    hint: 'Test-wise examinees rule out options with absolutes; state the fact itself, or drop the option.',
  }),
});
