import type { Glossary } from '@qbank/core';

/** Where a glossary term occurs in a text: `[start, end)` in UTF-16 code units, and the entry's index in `terms`. */
export interface TermRange {
  /** Offset of the first character. */
  start: number;
  /** Offset after the last character. */
  end: number;
  /** Index of the glossary entry in `glossary.terms`. */
  term: number;
}

/** A glossary made ready for matching: built once per bank, used for every text. */
export interface TermMatcher {
  /** One expression for every name, longest first. */
  pattern: RegExp | undefined;
  /** Entry index by name: exact for names in capitals, lower-cased for the others. */
  byName: Map<string, number>;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A name written in capitals (`ECG`, `IgG`, `HbA1c`) matches only as written; others in any case. */
const isExact = (name: string): boolean => /\p{Lu}.*[\p{Lu}\p{N}]|^\p{Lu}{2}/u.test(name);

/**
 * Prepare a glossary for {@link termRanges}: every term and variant, longest
 * first, so that `CT scan` wins over `CT`.
 *
 * @param glossary The bank's glossary.
 * @returns The matcher.
 */
export function termMatcher(glossary: Glossary): TermMatcher {
  const byName = new Map<string, number>();
  glossary.terms.forEach((entry, index) => {
    for (const name of [entry.term, ...(entry.variants ?? [])]) {
      const key = isExact(name) ? name : name.toLowerCase();
      if (!byName.has(key)) byName.set(key, index);
    }
  });
  const names = [...new Set(glossary.terms.flatMap((t) => [t.term, ...(t.variants ?? [])]))].sort(
    (a, b) => b.length - a.length || (a < b ? -1 : 1),
  );
  const pattern = names.length
    ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'giu')
    : undefined;
  return { pattern, byName };
}

/**
 * Every occurrence of a glossary term in a text (the plain text of a rendered
 * stem, lead-in or option), left to right, never overlapping. A name in
 * capitals matches only in capitals, so `ECG` is found in `An ECG shows` and
 * the word `all` is not taken for `ALL`.
 *
 * @param text Plain text, as a reader sees it.
 * @param matcher From {@link termMatcher}.
 * @returns The ranges, in order.
 */
export function termRanges(text: string, matcher: TermMatcher): TermRange[] {
  if (!matcher.pattern) return [];
  const out: TermRange[] = [];
  for (const m of text.matchAll(matcher.pattern)) {
    const term = matcher.byName.get(m[0]) ?? matcher.byName.get(m[0].toLowerCase());
    // Case-insensitive matching also finds `all` for `ALL`: a name in capitals counts only as written.
    if (term === undefined) continue;
    out.push({ start: m.index, end: m.index + m[0].length, term });
  }
  return out;
}
