import { readYamlFile, type TagRegistry, type VideoRegistry } from '@qbank/core';
import type { VFile } from 'vfile';
import type { ProjectConfig } from './config.js';
import { environmentFileProblem } from './environment-file-check.js';
import { tagRegistryFile, videoRegistryFile } from './environment-files.js';

/** A loaded tag registry: the declared tags, or `undefined` when there is none or it is invalid. */
export interface LoadedTags {
  /** Declared tags by id, with their descriptions. */
  tags: Map<string, string> | undefined;
  /** The registry file with its diagnostics (empty path when there is none). */
  file: VFile;
}

/**
 * Load the bank's tag registry: the config's `tags` file, or `tags.yaml` in the
 * content root when it exists. Without one, any tag is accepted.
 *
 * @param config The resolved config.
 * @param cwd Directory diagnostics are reported relative to.
 * @returns The tags, and the file with diagnostics.
 */
export function loadTagRegistry(config: ProjectConfig, cwd: string = process.cwd()): LoadedTags {
  const refused = environmentFileProblem(config, tagRegistryFile(config), 'tags/invalid-file', cwd);
  if (refused) return { tags: undefined, file: refused };
  const loaded = readYamlFile(tagRegistryFile(config), Boolean(config.tags), 'tags', 'tags/invalid-file', cwd);
  const data = loaded.data as TagRegistry | undefined;
  return { tags: data ? new Map(data.tags.map((t) => [t.id, t.description])) : undefined, file: loaded.file };
}

/** A loaded video registry. */
export interface LoadedVideos {
  /** Videos by `provider:id`, with title and length in seconds; `undefined` when there is no registry. */
  videos: Map<string, { title: string; duration: number }> | undefined;
  /** The registry file with its diagnostics. */
  file: VFile;
}

/**
 * Load the bank's video registry: the config's `videos` file, or `videos.yaml`
 * in the content root when it exists.
 *
 * @param config The resolved config.
 * @param cwd Directory diagnostics are reported relative to.
 * @returns The videos, and the file with diagnostics.
 */
export function loadVideoRegistry(config: ProjectConfig, cwd: string = process.cwd()): LoadedVideos {
  const refused = environmentFileProblem(config, videoRegistryFile(config), 'videos/invalid-file', cwd);
  if (refused) return { videos: undefined, file: refused };
  const loaded = readYamlFile(videoRegistryFile(config), Boolean(config.videos), 'videos', 'videos/invalid-file', cwd);
  const data = loaded.data as VideoRegistry | undefined;
  if (!data) return { videos: undefined, file: loaded.file };
  const seconds = (value: string) => value.split(':').reduce((total, part) => total * 60 + Number(part), 0);
  return {
    videos: new Map(
      data.videos.map((v) => [`${v.provider}:${v.id}`, { title: v.title, duration: seconds(v.duration) }]),
    ),
    file: loaded.file,
  };
}
