import { flesch } from 'flesch';
import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';

/** Readability figures of a text, rounded to one decimal so that output is byte-identical across runs. */
export interface ReadabilityFigures {
  /** Words: runs of letters (with inner hyphens or apostrophes); numbers and units (`128/84 mm Hg`, `76/min`) are not words. */
  words: number;
  /** Sentences: text ending in `.`, `?` or `!` before a space or the end (a decimal point is not an end). */
  sentences: number;
  /** Words per sentence. */
  wordsPerSentence: number;
  /** Syllables per word (the `syllable` package's count). */
  syllablesPerWord: number;
  /** Flesch-Kincaid grade level (1975): the U.S. school grade that reads the text with ease. */
  fleschKincaidGrade: number;
  /** Flesch reading ease (1948): 0 (very hard) to about 100 (very easy). */
  fleschReadingEase: number;
}

const wordPattern = /\p{L}[\p{L}\p{N}]*(?:['’-][\p{L}\p{N}]+)*/gu;
/** Units of measurement, which are read as symbols, not words. */
const units = new Set([
  'mm',
  'Hg',
  'mg',
  'dL',
  'mL',
  'L',
  'kg',
  'lb',
  'g',
  'cm',
  'min',
  'mEq',
  'mmol',
  'U',
  'IU',
  'mIU',
  'h',
  'μg',
  'µg',
  'ng',
  'pg',
  'fL',
]);

/** The words of a text: letters after a digit, `/` or `°` (`76/min`, `36.8°C`) and units are left out. */
function wordsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(wordPattern)) {
    if (/[\d/°]/.test(text[m.index - 1] ?? '') || units.has(m[0])) continue;
    out.push(m[0]);
  }
  return out;
}
const sentenceEnd = /[.?!]+(?=[\s"”')\]]|$)/g;

const round = (value: number): number => Math.round(value * 10) / 10;

/**
 * Readability figures of plain text (an item's vignette and lead-in, with
 * Markdown already removed).
 *
 * @param text Plain text.
 * @returns Counts and grades; all zero for a text without words.
 */
export function readability(text: string): ReadabilityFigures {
  const words = wordsOf(text);
  if (words.length === 0) {
    return {
      words: 0,
      sentences: 0,
      wordsPerSentence: 0,
      syllablesPerWord: 0,
      fleschKincaidGrade: 0,
      fleschReadingEase: 0,
    };
  }
  // Text after the last full stop (a lead-in without its question mark) is a sentence too.
  const ends = text.match(sentenceEnd)?.length ?? 0;
  const tail = /[.?!]["”')\]]*\s*$/.test(text) ? 0 : 1;
  const sentences = Math.max(1, ends + tail);
  const syllables = words.reduce((total, word) => total + syllable(word), 0);
  const counts = { word: words.length, sentence: sentences, syllable: syllables };
  return {
    words: words.length,
    sentences,
    wordsPerSentence: round(words.length / sentences),
    syllablesPerWord: round(syllables / words.length),
    fleschKincaidGrade: round(fleschKincaid(counts)),
    fleschReadingEase: round(flesch(counts)),
  };
}
