import type { Glossary } from '@qbank/core';
import { termMatcher, termRanges, type TermMatcher } from '@qbank/glossary';
import { readability } from '@qbank/readability';
import type { BundleGlossary, ManifestReadability, QuestionTerms, QuestionTermRange } from '@qbank/bundle';
import { glossaryFormatVersion } from '@qbank/bundle';

/** The text a browser shows of a question's fields (their HTML's `textContent`). */
export interface QuestionTexts {
  /** Text of the stem. */
  stem: string;
  /** Text of the lead-in. */
  leadIn: string;
  /** Text of each option's HTML, in the author's order. */
  choices: string[];
}

// One matcher per glossary: made once per bank, used for every question (also in each worker thread).
const matchers = new WeakMap<Glossary, TermMatcher>();

function matcherOf(glossary: Glossary): TermMatcher {
  let matcher = matchers.get(glossary);
  if (!matcher) matchers.set(glossary, (matcher = termMatcher(glossary)));
  return matcher;
}

/**
 * Where the glossary's terms occur in a question's text: `[start, end, term]`
 * in UTF-16 offsets per field, found by `@qbank/glossary`'s `termRanges`.
 *
 * @param texts The text of each field, as a browser shows it.
 * @param glossary The bank's glossary.
 * @returns The ranges per field.
 */
export function questionTerms(texts: QuestionTexts, glossary: Glossary): QuestionTerms {
  const matcher = matcherOf(glossary);
  const ranges = (text: string): QuestionTermRange[] => termRanges(text, matcher).map((r) => [r.start, r.end, r.term]);
  return { stem: ranges(texts.stem), leadIn: ranges(texts.leadIn), choices: texts.choices.map(ranges) };
}

/**
 * The readability figures the manifest carries for a question: of its stem
 * and lead-in, as a browser shows them.
 *
 * @param texts The text of each field.
 * @returns Words, sentences, words per sentence and Flesch-Kincaid grade.
 */
export function questionReadability(texts: QuestionTexts): ManifestReadability {
  const figures = readability([texts.stem, texts.leadIn].filter(Boolean).join('\n'));
  return {
    words: figures.words,
    sentences: figures.sentences,
    wordsPerSentence: figures.wordsPerSentence,
    grade: figures.fleschKincaidGrade,
  };
}

/**
 * `glossary.json`: every term in the glossary's order (term ranges name them
 * by index), with empty lists for what the author left out, and a note link
 * only when that note is published.
 *
 * @param glossary The bank's glossary.
 * @param notes Ids of the published notes.
 * @returns The file's content.
 */
export function bundleGlossary(glossary: Glossary, notes: ReadonlySet<string>): BundleGlossary {
  return {
    glossaryFormat: glossaryFormatVersion,
    terms: glossary.terms.map((entry) => ({
      term: entry.term,
      variants: entry.variants ?? [],
      definition: entry.definition,
      translations: entry.translations ?? {},
      note: entry.note !== undefined && notes.has(entry.note) ? entry.note : null,
    })),
  };
}
