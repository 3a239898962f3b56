import { lexiconRule } from '../lexicon.js';

/** Words of vague frequency or possibility. */
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
  'can',
] as const;

/** `item/vague-frequency`: an option says usually, often, rarely, may, can... */
export const vagueFrequency = lexiconRule({
  id: 'item/vague-frequency',
  description: 'An option uses a vague frequency term (usually, often, frequently, rarely, sometimes, may, can...).',
  severity: 'warning',
  terms: vagueWords,
  report: (word) => ({
    message: `Unexpected vague term \`${word}\` in an option, expected a definite statement`,
    hint: 'Experts disagree on what "often" or "may" means; state the finding or the number, or rewrite the options as single facts.',
  }),
});
