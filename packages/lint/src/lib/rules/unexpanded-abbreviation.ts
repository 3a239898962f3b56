import type { Fix } from '@qbank/core';
import { standardAbbreviations } from '../data/standard-abbreviations.js';
import { isGeneSymbol } from '../gene-symbol.js';
import type { ItemRule } from '../model.js';
import { viewOf } from '../question.js';
import { rangeIn, type TextMap } from '../text.js';

/** A run of letters and digits that starts with a letter. */
const wordRun = /(?<![\p{L}\p{N}])\p{L}[\p{L}\p{N}]*/gu;

/**
 * The words that may be abbreviations: a capital followed, later in the word, by another capital
 * or a digit (`ALT`, `IgG`, `FEV1`, `mRNA`, `G6PD`). Tested with two linear scans, not one
 * expression, so that a very long word costs no more than its length.
 */
function* candidates(text: string): Generator<{ index: number; word: string }> {
  for (const m of text.matchAll(wordRun)) {
    const first = m[0].search(/\p{Lu}/u);
    if (first >= 0 && /[\p{Lu}\p{N}]/u.test(m[0].slice(first + 1))) yield { index: m.index, word: m[0] };
  }
}

/** Words that are not abbreviations though written in capitals or like one. */
const notAbbreviations: readonly RegExp[] = [
  /^[IVXLC]+[a-d]?$/, // roman numerals: type II, phase IV, class IIa
  /^(?:I{1,3}|IV)[A-C]$/, // cancer stages: stage IIIB, IVA
  /^[XY]+$/, // karyotypes: 46,XX and 47,XXY
  /^[ACGTU]{3,}$/, // nucleotide sequences: CAG repeats
  /^\p{Lu}\d+[a-z]?$/u, // one letter and a number: S3, L4, C3, B12, T4
  /^\p{Lu}\d+\p{Lu}$/u, // amino acid changes: V600E
  /^CD\d+[a-z]?$/, // clusters of differentiation: CD4, CD19
  /^G[MDTQ][1-3][a-c]?$/, // gangliosides: GM1, GM2, GD2
  /^CYP\d+[A-Z]\d*$/, // cytochrome P450 enzymes: CYP3A4
  /^\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+$/u, // names: McGraw, MacConkey
  /^(?:NOT|EXCEPT|LEAST|MOST|ALL|NONE|AND|OR|TRUE|FALSE)$/, // emphasis
];

/** The standard list in lower case: `SPO2` is `SpO2`. */
const standard = new Set(standardAbbreviations.map((a) => a.toLowerCase()));
const stopWords = new Set(['of', 'and', 'the', 'in', 'to', 'for', 'on', 'with', 'a', 'an']);

/** The abbreviation a word is: `NSAIDs` is the plural of `NSAID`. */
function singular(word: string): string {
  return /^\p{Lu}{2,}s$/u.test(word) ? word.slice(0, -1) : word;
}

/** Whether a word needs no expansion: standard, in the glossary, or not an abbreviation. */
function isKnown(word: string, glossary: ReadonlySet<string>): boolean {
  const base = singular(word);
  if (standard.has(word.toLowerCase()) || standard.has(base.toLowerCase())) return true;
  if (glossary.has(word) || glossary.has(base)) return true;
  return notAbbreviations.some((pattern) => pattern.test(word));
}

/** Whether the text after a word makes it a charged ion (`Ca2+`, `HCO 3-`). */
function isIon(word: string, after: string): boolean {
  if (/^\p{Lu}\p{Ll}?\d$/u.test(word) && /^[+\u2212-]/.test(after)) return true;
  return /^ ?\d[+\u2212-](?!\d)/.test(after);
}

/** Whether the word at `index` is an ion or a gene's symbol (see {@link isGeneSymbol}), not an abbreviation. */
function isIonOrGene(text: string, index: number, word: string): boolean {
  const after = text.slice(index + word.length, index + word.length + 40);
  return isIon(word, after) || isGeneSymbol(word, text.slice(Math.max(0, index - 40), index), after);
}

/**
 * Whether an option is the word alone (with a member's number: `BRCA-2`): an answer to a lead-in
 * that asks for a gene ("Which of the following genes ...?") is a gene's symbol.
 */
function isWholeOption(text: string, word: string): boolean {
  const option = text.trim();
  return option.startsWith(word) && /^(?:-\d+)?$/.test(option.slice(word.length));
}

/** Whether the occurrence at `index` is expanded there: `ALT (alanine aminotransferase)`, or `(ALT` after the words. */
function expandedAt(text: string, index: number, word: string): boolean {
  const after = text.slice(index + word.length);
  return /^\s?\(/.test(after) || text[index - 1] === '(';
}

/**
 * Longest abbreviation whose expansion is looked for: matching tries the ways to share its letters
 * among words, which grows fast with length (and no real abbreviation has more capitals).
 */
const maxLetters = 8;

/** The capitals of an abbreviation in lower case (`alp` for `ALP`), or `undefined` when there are none or too many. */
function lettersOf(word: string): string | undefined {
  const letters = singular(word)
    .replace(/[^\p{Lu}]/gu, '')
    .toLowerCase();
  return letters.length > 0 && letters.length <= maxLetters ? letters : undefined;
}

/**
 * Whether words spell `letters`: each word other than a small one starts with the next letter, and
 * may give the letters after it from inside (`alkaline phosphatase` spells `alp`).
 */
function spells(words: readonly string[], letters: string): boolean {
  if (words.length === 0) return letters.length === 0;
  const [first, ...rest] = words as [string, ...string[]];
  const word = first.toLowerCase();
  if (stopWords.has(word) && spells(rest, letters)) return true;
  if (letters.length === 0 || word[0] !== letters[0]) return false;
  // Take 1, 2, ... letters from this word, as long as they appear in it in order.
  let at = 0;
  for (let taken = 1; taken <= letters.length; taken++) {
    if (taken > 1) {
      at = word.indexOf(letters[taken - 1]!, at + 1);
      if (at < 0) return false;
    }
    if (spells(rest, letters.slice(taken))) return true;
  }
  return false;
}

/** Words before `end` whose initials spell `word` (`alanine aminotransferase` before `(ALT)`). */
function expansionBefore(text: string, end: number, word: string): string | undefined {
  const letters = lettersOf(word);
  if (!letters) return undefined;
  const base = Math.max(0, end - 160);
  const found = [...text.slice(base, end).matchAll(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu)];
  for (let count = 1; count <= Math.min(found.length, letters.length + 3); count++) {
    const phrase = found.slice(found.length - count);
    if (stopWords.has(phrase[0]![0].toLowerCase())) continue;
    if (
      spells(
        phrase.map((m) => m[0]),
        letters,
      )
    )
      return text.slice(base + phrase[0]!.index, end).trim();
  }
  return undefined;
}

/** Whether a text in parentheses is the abbreviation spelled out (`alkaline phosphatase` for `ALP`, not `normal 30-120`). */
function spellsOut(text: string, word: string): boolean {
  const letters = lettersOf(word);
  const found = text.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  return letters !== undefined && found.length <= maxLetters + 4 && /\p{Ll}/u.test(text) && spells(found, letters);
}

/** How a later occurrence in the item spells the abbreviation out, if one does. */
function laterExpansion(maps: readonly TextMap[], word: string): string | undefined {
  for (const map of maps) {
    for (const m of candidates(map.text)) {
      if (m.word !== word) continue;
      const after = /^ ?\(([^()]{3,80})\)/.exec(map.text.slice(m.index + word.length));
      if (after && spellsOut(after[1]!, word)) return after[1]!;
      if (map.text[m.index - 1] === '(' && map.text[m.index + word.length] === ')') {
        const before = expansionBefore(map.text, m.index - 1, word);
        if (before) return before;
      }
    }
  }
  return undefined;
}

/** The fix that writes `ALT (alanine aminotransferase)` at the first use, when the item spells it out later. */
function expansionFix(map: TextMap, index: number, word: string, expansion: string | undefined): Fix | undefined {
  const range = expansion ? rangeIn(map, index, index + word.length) : undefined;
  if (!range?.end || !expansion) return undefined;
  return { range: { start: range.start, end: range.end }, text: `${word} (${expansion})` };
}

/**
 * `item/unexpanded-abbreviation`: an abbreviation at its first use in an item
 * (stem, lead-in, options) that is not spelled out there, is not on the
 * standard list exam items use bare, and is not in the bank's glossary.
 */
export const unexpandedAbbreviation: ItemRule = {
  id: 'item/unexpanded-abbreviation',
  description:
    'An abbreviation is used without being spelled out at its first use, and is neither on the standard list nor in the glossary.',
  severity: 'info',
  scope: 'item',
  fixable: true,
  check(question, context) {
    const view = viewOf(question);
    const maps = [view.stemText, view.leadIn, ...view.options.map((o) => o.map)];
    const glossary = context.glossary ?? new Set<string>();
    const asksForGene = /\bgenes?\b/i.test(view.leadIn.text);
    const seen = new Set<string>();
    for (const map of maps) {
      const geneOption = asksForGene && map !== view.stemText && map !== view.leadIn;
      for (const m of candidates(map.text)) {
        const word = m.word;
        const key = singular(word);
        if (seen.has(key) || isKnown(word, glossary)) continue;
        if (isIonOrGene(map.text, m.index, word) || (geneOption && isWholeOption(map.text, word))) continue;
        seen.add(key);
        if (expandedAt(map.text, m.index, word)) continue;
        context.report({
          message: `Unexpected abbreviation \`${word}\` at its first use, expected it spelled out, as in \`full name (${word})\``,
          hint: `Write the full term with the abbreviation in parentheses the first time, or add \`${key}\` to content/glossary.yaml so readers can look it up: students reading in a second language lose time on abbreviations they have not met.`,
          place: rangeIn(map, m.index, m.index + word.length) ?? view.leadInRange,
          fix: expansionFix(map, m.index, word, laterExpansion(maps, word)),
        });
      }
    }
  },
};
