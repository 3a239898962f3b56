import type { ItemRule, LintRuleMeta, LintReport } from './model.js';
import { isCombinedOption, noneOfTheAbovePattern } from './patterns.js';
import { viewOf } from './question.js';
import { rangeIn } from './text.js';

/** What a word-list rule needs besides its metadata. */
export interface LexiconSpec extends Omit<LintRuleMeta, 'scope'> {
  /** The words to find, lower case. */
  terms: readonly string[];
  /** Whether a found word is fine where it stands (`text` is the option, `index` where the word starts). */
  skip?(word: string, text: string, index: number): boolean;
  /** The report for one word found in an option. */
  report(word: string): Omit<LintReport, 'place'>;
}

/** Straight and curly double quotes: speech the option quotes is not a statement of fact. */
const quoteMarks = /["“”]/g;

/**
 * Whether the character at `index` is inside quoted speech (an odd number of
 * double quotes before it in the option).
 *
 * @param text The option's text.
 * @param index Where the word starts.
 * @returns `true` inside quotes.
 */
export function insideQuotes(text: string, index: number): boolean {
  return (text.slice(0, index).match(quoteMarks)?.length ?? 0) % 2 === 1;
}

/**
 * Make a rule that reports words of a list in the options. Words match whole
 * and in any case except all capitals (`ALL` is a leukemia), and not as part
 * of a hyphenated word (`all-trans`). Options that another rule already
 * reports as "all/none of the above" are skipped, and so are words inside
 * quoted speech (what a physician says in a communication item). The option `allow` (an
 * array of words) takes words off the list. Each word is reported once per option.
 *
 * @param spec The rule's id, words and message.
 * @returns The rule.
 */
export function lexiconRule(spec: LexiconSpec): ItemRule {
  const { terms, report, skip, ...meta } = spec;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}-])(?:${terms.join('|')})(?![\\p{L}\\p{N}-])`, 'giu');
  return {
    ...meta,
    scope: 'item',
    check(question, context) {
      const allow = new Set(
        (Array.isArray(context.options.allow) ? context.options.allow : []).map((w) => String(w).toLowerCase()),
      );
      for (const option of viewOf(question).options) {
        if (isCombinedOption(option.text) || noneOfTheAbovePattern.test(option.text)) continue;
        const reported = new Set<string>();
        for (const m of option.map.text.matchAll(pattern)) {
          const word = m[0];
          const folded = word.toLowerCase();
          if (word.length > 1 && word === word.toUpperCase()) continue;
          if (allow.has(folded) || reported.has(folded) || insideQuotes(option.map.text, m.index)) continue;
          if (skip?.(word, option.map.text, m.index)) continue;
          reported.add(folded);
          context.report({
            ...report(word),
            place: rangeIn(option.map, m.index, m.index + word.length) ?? option.range,
            actual: word,
          });
        }
      }
    },
  };
}
