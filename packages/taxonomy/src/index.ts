export type {
  Taxonomy,
  TaxonomyAxis,
  TaxonomyEntry,
  TaxonomyRange,
  SpecGroup,
  TaxonomySource,
  Resolution,
} from './lib/model.js';
export { createTaxonomy, normalizeTaxonomyKey, taxonomyAxes } from './lib/model.js';
export type { TaxonomyFile } from './lib/load.js';
export { builtinTaxonomy, builtinTaxonomyPath, loadTaxonomyFile, parseTaxonomyText } from './lib/load.js';
