export type { TermMatcher, TermRange } from './lib/ranges.js';
export { termMatcher, termRanges } from './lib/ranges.js';
