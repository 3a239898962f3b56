import { existsSync } from 'node:fs';
import path from 'node:path';
import { readYamlFile, type QbankConfig } from '@qbank/core';
import type { VFile } from 'vfile';

/** Config file names, in the order they are looked for. */
export const configFileNames: readonly string[] = ['qbank.config.json', 'qbank.config.yaml', 'qbank.config.yml'];

/** A resolved configuration: defaults applied, paths absolute. */
export interface ProjectConfig {
  /** The config file, when there is one. */
  configPath: string | undefined;
  /** Directory that relative paths in the config are resolved from. */
  root: string;
  /** Bank name. */
  name: string;
  /** Content version (semver). */
  version: string;
  /** Absolute content root. */
  contentRoot: string;
  /** Absolute default output directory of `qbank build`. */
  out: string;
  /** Globs of question files, relative to the content root. */
  questions: string[];
  /** Globs of note files, relative to the content root. */
  notes: string[];
  /** `usmle-step1` or an absolute path to a taxonomy file. */
  taxonomy: string;
  /** Absolute path of the tag registry named in the config, if any. */
  tags?: string | undefined;
  /** The `lint` section: presets, rule settings, overrides (default: the recommended preset). */
  lint?: QbankConfig['lint'] | undefined;
  /** Absolute path of the video registry named in the config, if any. */
  videos?: string | undefined;
  /** Absolute path of the previous release bundle, if the config names one. */
  previous?: string | undefined;
  /** The folder URL of the rule pages diagnostics link to, if the config names one. */
  docsBaseUrl?: string | undefined;
}

/** A config after loading: the config when valid, and the file with its diagnostics. */
export interface LoadedConfig {
  /** The resolved config, or `undefined` when the file has errors. */
  config: ProjectConfig | undefined;
  /** The config file with problems in `messages` (empty path when defaults were used). */
  file: VFile;
}

const defaults = {
  content: 'content',
  out: 'dist/bundle',
  questions: ['**/questions/**/*.{md,mdx}'],
  notes: ['**/notes/**/*.{md,mdx}'],
  taxonomy: 'usmle-step1',
};

/**
 * The configuration used when there is no config file: the USMLE Step 1
 * taxonomy, and questions and notes told apart by their `questions/` and
 * `notes/` folders.
 *
 * @param contentRoot Absolute content root.
 * @param root Directory for the default output path.
 * @returns A complete config.
 */
export function defaultConfig(contentRoot: string, root: string = contentRoot): ProjectConfig {
  return {
    configPath: undefined,
    root,
    name: path.basename(path.resolve(contentRoot)),
    version: '0.0.0',
    contentRoot: path.resolve(contentRoot),
    out: path.resolve(root, defaults.out),
    questions: defaults.questions,
    notes: defaults.notes,
    taxonomy: defaults.taxonomy,
  };
}

/**
 * Find a config file in a directory or any of its parents.
 *
 * @param startDir Where to start looking.
 * @returns The absolute path of the first config file found, or `undefined`.
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    for (const name of configFileNames) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Read, parse and check a config file (JSON or YAML) against
 * `schemas/config.schema.json`, and resolve its paths.
 *
 * @param configPath Absolute path of the config file.
 * @param cwd Directory diagnostics are reported relative to.
 * @returns The config when valid, and the file with diagnostics.
 */
export function loadConfig(configPath: string, cwd: string = process.cwd()): LoadedConfig {
  const { data: raw, file } = readYamlFile(configPath, true, 'config', 'config/invalid', cwd);
  if (!raw) return { config: undefined, file };
  const data = raw as QbankConfig;
  const root = path.dirname(configPath);
  const taxonomy = data.taxonomy ?? defaults.taxonomy;
  return {
    config: {
      configPath,
      root,
      name: data.name,
      version: data.version,
      contentRoot: path.resolve(root, data.content ?? defaults.content),
      out: path.resolve(root, data.out ?? defaults.out),
      questions: data.questions ?? defaults.questions,
      notes: data.notes ?? defaults.notes,
      taxonomy: taxonomy === 'usmle-step1' ? taxonomy : path.resolve(root, taxonomy),
      tags: data.tags ? path.resolve(root, data.tags) : undefined,
      previous: data.previous ? path.resolve(root, data.previous) : undefined,
      videos: data.videos ? path.resolve(root, data.videos) : undefined,
      lint: data.lint,
      docsBaseUrl: data.docsBaseUrl,
    },
    file,
  };
}
