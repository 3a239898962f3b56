import { builtinTaxonomy, loadTaxonomyFile, type TaxonomyFile } from '@qbank/taxonomy';
import { VFile } from 'vfile';
import type { ProjectConfig } from './config.js';
import { environmentFileProblem } from './environment-file-check.js';

/**
 * Load the taxonomy a config names: the built-in USMLE Step 1 outline, or a file.
 *
 * @param config The resolved config.
 * @returns The taxonomy when valid, and the file with diagnostics.
 */
export function loadProjectTaxonomy(config: ProjectConfig): TaxonomyFile {
  if (config.taxonomy === 'usmle-step1') return { taxonomy: builtinTaxonomy(), file: new VFile() };
  const refused = environmentFileProblem(config, config.taxonomy, 'taxonomy/invalid-file');
  if (refused) return { taxonomy: undefined, file: refused };
  return loadTaxonomyFile(config.taxonomy);
}
