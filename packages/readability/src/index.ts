export type { ReadabilityFigures } from './lib/readability.js';
export { readability } from './lib/readability.js';
