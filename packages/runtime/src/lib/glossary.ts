import type { BundleGlossary, BundleGlossaryTerm, QuestionTermRange, QuestionTerms } from './types.js';

/** Where one glossary term occurs in a question, with its entry. */
export interface TermOccurrence {
  /** The text field: the vignette, the lead-in or an option. */
  field: 'stem' | 'leadIn' | 'choice';
  /** The option's letter in the bundle (`choices[].letter`) when `field` is `choice`, else `null`. */
  letter: string | null;
  /** Offset of the first character in the field's text (UTF-16 code units, as JavaScript strings count). */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** Index of the entry in the glossary's `terms`. */
  index: number;
  /** The entry: term, variants, plain-language definition, translations, note. */
  term: BundleGlossaryTerm;
}

/**
 * Every glossary term of a question with its definition: stem first, then the
 * lead-in, then the options in the author's order, each in text order.
 * Offsets are into the field's text as a browser shows it (the `textContent`
 * of the element the field's HTML parses to: `stem`, `leadIn`,
 * `choices[i].html`), so an app can wrap each range in a button or `<dfn>`.
 * A question of a bundle without a glossary has none.
 *
 * @param question A question (standard or exam profile).
 * @param glossary The bundle's glossary (`await bundle.glossary()`).
 * @returns The occurrences; empty when the question or the bundle has no term ranges.
 * @example
 * ```ts
 * const glossary = await bundle.glossary();
 * for (const o of termOccurrences(question, glossary)) {
 *   console.log(o.field, o.letter, o.term.term, o.term.definition, o.term.translations.es);
 * }
 * ```
 */
export function termOccurrences(
  question: { terms?: QuestionTerms | null | undefined; choices: readonly { letter: string }[] },
  glossary: BundleGlossary | null,
): TermOccurrence[] {
  const terms = question.terms;
  if (!terms || !glossary) return [];
  const out: TermOccurrence[] = [];
  const add = (field: TermOccurrence['field'], letter: string | null, ranges: readonly QuestionTermRange[]) => {
    for (const [start, end, index] of ranges) {
      const term = glossary.terms[index];
      if (term) out.push({ field, letter, start, end, index, term });
    }
  };
  add('stem', null, terms.stem);
  add('leadIn', null, terms.leadIn);
  question.choices.forEach((choice, i) => add('choice', choice.letter, terms.choices[i] ?? []));
  return out;
}
