import { builtinTaxonomy, loadTaxonomyFile, type TaxonomyFile } from '@qbank/taxonomy';
import { VFile } from 'vfile';
import type { ProjectConfig } from './config.js';

/**
 * Load the taxonomy a config names: the built-in USMLE Step 1 outline, or a file.
 *
 * @param config The resolved config.
 * @returns The taxonomy when valid, and the file with diagnostics.
 */
export function loadProjectTaxonomy(config: ProjectConfig): TaxonomyFile {
  if (config.taxonomy === 'usmle-step1') return { taxonomy: builtinTaxonomy(), file: new VFile() };
  return loadTaxonomyFile(config.taxonomy);
}
