import type { ProjectConfig } from './config.js';
import { tagRegistryFile, videoRegistryFile } from './tags.js';

/**
 * The files a bank's environment is loaded from besides the config: the
 * taxonomy file (none for the built-in taxonomy) and the tag and video
 * registries, whether or not they exist yet (a registry made later is read
 * then). Watch mode starts afresh when one of them changes.
 *
 * @param config The resolved config.
 * @returns Absolute paths.
 */
export function environmentFiles(config: ProjectConfig): string[] {
  const taxonomy = config.taxonomy === 'usmle-step1' ? [] : [config.taxonomy];
  return [...taxonomy, tagRegistryFile(config), videoRegistryFile(config)];
}
