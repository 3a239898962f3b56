import { lexiconRule } from '../lexicon.js';

/**
 * Words of vague frequency or possibility. Not `can`: in options it mostly
 * states an ability ("Can form an endospore"), not a frequency (measured on
 * MedQA: see the rule's page).
 */
export const vagueWords = [
  'usually',
  'often',
  'frequently',
  'rarely',
  'sometimes',
  'occasionally',
  'seldom',
  'commonly',
  'generally',
  'typically',
  'may',
  'might',
] as const;

/** `item/vague-frequency`: an option says usually, often, rarely, may, can... */
export const vagueFrequency = lexiconRule({
  id: 'item/vague-frequency',
  description: 'An option uses a vague frequency term (usually, often, frequently, rarely, sometimes, may, might...).',
  severity: 'warning',
  terms: vagueWords,
  // "He may work longer shifts": after a person, `may` gives permission, not a likelihood.
  skip: (word, text, index) =>
    word.toLowerCase() === 'may' &&
    /\b(?:he|she|they|you|we|i|patient|physician|resident)\s+$/i.test(text.slice(0, index)),
  report: (word) => ({
    message: `Unexpected vague term \`${word}\` in an option, expected a definite statement`,
    hint: 'Experts disagree on what "often" or "may" means; state the finding or the number, or rewrite the options as single facts.',
  }),
});
