import {
  loadGlossary,
  loadProjectTaxonomy,
  loadTagRegistry,
  loadVideoRegistry,
  type ProjectConfig,
} from '@qbank/project';
import type { VFile } from 'vfile';
import type { BankEnvironment } from './model.js';

/** The environment of a bank, or the files whose problems keep it from loading. */
export interface LoadedEnvironment {
  /** The environment, when the taxonomy and registries loaded without problems. */
  environment: BankEnvironment | undefined;
  /** Files with problems (taxonomy, tag or video registry), with their messages. */
  problems: VFile[];
}

/**
 * Load what checking a file needs besides the file: the taxonomy named in the
 * config, the tag and video registries and the glossary. Worker threads call this too, so
 * every thread checks against the same data.
 *
 * @param config The resolved config.
 * @param cwd Working directory (for diagnostics).
 * @returns The environment, or the files that have problems.
 */
export function loadEnvironment(config: ProjectConfig, cwd: string): LoadedEnvironment {
  const taxonomy = loadProjectTaxonomy(config);
  if (!taxonomy.taxonomy) return { environment: undefined, problems: [taxonomy.file] };
  const tags = loadTagRegistry(config, cwd);
  const videos = loadVideoRegistry(config, cwd);
  const glossary = loadGlossary(config, cwd);
  const problems = [tags.file, videos.file, glossary.file].filter((file) => file.messages.length > 0);
  if (problems.length) return { environment: undefined, problems };
  return {
    environment: {
      config,
      taxonomy: taxonomy.taxonomy,
      tags: tags.tags ? new Set(tags.tags.keys()) : undefined,
      videos: videos.videos,
      glossary: glossary.glossary,
      glossaryNames: new Set(glossary.glossary?.terms.flatMap((t) => [t.term, ...(t.variants ?? [])]) ?? []),
    },
    problems: [],
  };
}
