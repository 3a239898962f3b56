import path from 'node:path';
import type { ProjectConfig } from './config.js';

/**
 * Where the bank's tag registry is: the config's `tags` file, else `tags.yaml`
 * in the content root (read only when it exists).
 *
 * @param config The resolved config.
 * @returns Absolute path.
 */
export function tagRegistryFile(config: ProjectConfig): string {
  return config.tags ?? path.join(config.contentRoot, 'tags.yaml');
}

/**
 * Where the bank's video registry is: the config's `videos` file, else
 * `videos.yaml` in the content root (read only when it exists).
 *
 * @param config The resolved config.
 * @returns Absolute path.
 */
export function videoRegistryFile(config: ProjectConfig): string {
  return config.videos ?? path.join(config.contentRoot, 'videos.yaml');
}

/**
 * Where the bank's glossary is: `glossary.yaml` in the content root (read only
 * when it exists).
 *
 * @param config The resolved config.
 * @returns Absolute path.
 */
export function glossaryFile(config: ProjectConfig): string {
  return path.join(config.contentRoot, 'glossary.yaml');
}

/**
 * The files a bank's environment is loaded from besides the config: the
 * taxonomy file (none for the built-in taxonomy), the tag and video
 * registries and the glossary, whether or not they exist yet (a registry made later is read
 * then). Watch mode starts afresh when one of them changes.
 *
 * @param config The resolved config.
 * @returns Absolute paths.
 */
export function environmentFiles(config: ProjectConfig): string[] {
  const taxonomy = config.taxonomy === 'usmle-step1' ? [] : [config.taxonomy];
  return [...taxonomy, tagRegistryFile(config), videoRegistryFile(config), glossaryFile(config)];
}
