import type { Fix } from '@qbank/core';
import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';
import { rangeIn, type TextMap } from '../text.js';

/** Cyrillic and Greek letters that look like Latin ones, with the Latin letter they imitate. */
const lookalikes: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ο: 'o',
};

/** A run of letters without a hyphen ("TNF-α" is two runs, and Greek alone is fine). */
const letterRun = /\p{L}+/gu;
const latin = /\p{Script=Latin}/u;
/** Cyrillic inside a Latin word; Greek only where it imitates a Latin letter (`μg` and `DRβ` are right). */
const isForeign = (c: string): boolean => /\p{Script=Cyrillic}/u.test(c) || lookalikes[c] !== undefined;

/** Whether text is mostly Latin letters, so that a word of lookalikes alone ("А 43-year-old") is a stray. */
function mostlyLatin(text: string): boolean {
  let latinCount = 0;
  let other = 0;
  for (const c of text) {
    if (latin.test(c)) latinCount++;
    else if (/\p{L}/u.test(c)) other++;
  }
  return latinCount > 4 * other;
}

function* mixedRuns(map: TextMap): Generator<{ index: number; word: string }> {
  const latinText = mostlyLatin(map.text);
  for (const m of map.text.matchAll(letterRun)) {
    const letters = [...m[0]];
    const mixed = latin.test(m[0]) && letters.some(isForeign);
    const stray = latinText && !latin.test(m[0]) && letters.every((c) => lookalikes[c] !== undefined);
    if (mixed || stray) yield { index: m.index, word: m[0] };
  }
}

/** The fix that swaps each lookalike letter of a word for its Latin letter (none if one has no Latin twin). */
function latinFix(map: TextMap, index: number, word: string): Fix | undefined {
  const letters = [...word];
  if (letters.some((c) => isForeign(c) && !lookalikes[c])) return undefined;
  const range = rangeIn(map, index, index + word.length);
  if (!range?.end) return undefined;
  return { range: { start: range.start, end: range.end }, text: letters.map((c) => lookalikes[c] ?? c).join('') };
}

/** `item/mixed-script`: a Latin word with Cyrillic or Greek letters inside ("А 43-year-old" with a Cyrillic А). */
export const mixedScript: ItemRule = {
  id: 'item/mixed-script',
  description: 'A word mixes Latin letters with Cyrillic or Greek lookalikes, which defeats search and screen readers.',
  severity: 'error',
  scope: 'item',
  fixable: true,
  check(question, context) {
    const view = viewOf(question);
    const maps = [view.stemText, view.leadIn, ...view.options.map((o) => o.map)];
    for (const map of maps) {
      for (const { index, word } of mixedRuns(map)) {
        const strangers = [...new Set([...word].filter(isForeign))];
        context.report({
          message: `Unexpected ${strangers.map((c) => `\`${c}\` (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ')} in the word ${quote(word)} of Latin text, expected Latin letters only`,
          hint: 'Retype the word: a letter from another alphabet that looks Latin (often pasted from another document) hides the word from search and makes screen readers spell it out (`qbank validate --fix` replaces lookalikes).',
          place: rangeIn(map, index, index + word.length) ?? view.leadInRange,
          fix: latinFix(map, index, word),
        });
      }
    }
  },
};
