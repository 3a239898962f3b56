import { statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { isPathInside } from '@qbank/core';
import type { ItemKind } from '@qbank/parser';
import {
  configFileNames,
  defaultConfig,
  environmentFiles,
  findConfigFile,
  itemKinds,
  loadConfig,
  type ProjectConfig,
} from '@qbank/project';
import type { WatchSession } from './check.js';
import type { CliValues } from './cli.js';
import type { TreeFilter } from './watch-tree.js';

/** Where a watch session looks: the folder it watches, and where the config is searched for. */
export interface WatchPlaces {
  /** The folder watched as a tree: the content directory given, else the config's folder. */
  root: string;
  /** Where the config is searched for from, as the build itself does. */
  searchFrom: string;
  /** The config named by `--config`, if any. */
  explicitConfig: string | undefined;
  /** The content directory given on the command line, if any. */
  contentDir: string | undefined;
  /** The working directory. */
  cwd: string;
}

/**
 * Where `qbank build --watch` looks, from its arguments.
 *
 * @param rest Positional arguments (an optional content directory).
 * @param values Parsed options.
 * @param cwd The working directory.
 * @returns The watched folder and the config's search start.
 */
export function watchPlaces(rest: readonly string[], values: CliValues, cwd: string): WatchPlaces {
  const contentDir = rest[0];
  const searchFrom = contentDir ? path.resolve(cwd, contentDir) : cwd;
  const explicitConfig = values.config ? path.resolve(cwd, values.config) : undefined;
  const configPath = explicitConfig ?? findConfigFile(searchFrom);
  const root = contentDir ? searchFrom : configPath ? path.dirname(configPath) : cwd;
  return { root, searchFrom, explicitConfig, contentDir, cwd };
}

/** What a changed path is to the next build (before the session's own knowledge is asked). */
export type PathChange =
  /** What the environment was loaded from: the session starts afresh. */
  | 'environment'
  /** An image (by its extension): a build runs, and the pipeline checks the images' stamps itself. */
  | 'image'
  /** An item file: read again. */
  | 'item'
  /** A Markdown file the config's globs do not select. */
  | 'not-item'
  /** Anything else: a folder, an image named without an image extension, or a file no build reads. */
  | 'other';

/** Images: a build runs, and the pipeline checks the images' stamps itself. */
const imageFile = /\.(png|jpe?g|gif|webp|svg|avif|bmp|tiff?|ico|heic|heif|jxl)$/i;

/** Folders whose changes never start a build: our own output and cache, dependencies, git. */
const skippedFolders = /(^|[/\\])(node_modules|\.git|\.qbank-cache|dist)([/\\]|$)/;

/**
 * Tells changed paths apart, as the config in force says: which are the
 * environment's inputs (the config, taxonomy, registries, previous release),
 * which are item files, and which are the bundle's own output. Follows the
 * config after every build: it may be fixed or changed while watching.
 */
export class ChangeClassifier {
  private readonly isConfigFile: (file: string) => boolean;
  private isInputFile: (file: string) => boolean;
  /** What is an item file; none without a session (the next build finds every item itself). */
  private kindOf: ((file: string) => ItemKind | undefined) | undefined;
  /** The bundle's folder: its own writes must not trigger builds (a loop). */
  private outDir: string | undefined;
  /** Inputs outside the watched tree (`build content --watch`, the config above it). */
  private outside: string[] = [];

  /**
   * @param places Where the session looks.
   * @param values Parsed options (`--out`, `--previous`).
   */
  constructor(
    private readonly places: WatchPlaces,
    private readonly values: CliValues,
  ) {
    this.isConfigFile = configFiles(places.explicitConfig, places.searchFrom);
    this.isInputFile = this.isConfigFile;
    this.outDir = values.out ? path.resolve(places.cwd, values.out) : undefined;
  }

  /** The bundle's output folder, when known. */
  get out(): string | undefined {
    return this.outDir;
  }

  /** The environment's inputs outside the watched tree, to watch on their own. */
  get outsideInputs(): readonly string[] {
    return this.outside;
  }

  /**
   * Take what telling changes apart needs from the config in force: the
   * session's, else as on disk now (the taxonomy or a registry may have failed).
   *
   * @param session The watch session after its last build.
   */
  follow(session: WatchSession): void {
    const { cwd, explicitConfig, root } = this.places;
    const config = this.configInForce(session);
    if (!this.values.out && config) this.outDir = config.out;
    const previous = this.values.previous ? path.resolve(cwd, this.values.previous) : config?.previous;
    this.isInputFile = environmentInputs(this.isConfigFile, config, previous);
    this.kindOf = session.pipeline && session.sources ? itemKinds(session.pipeline.environment.config) : undefined;
    const inputs = [explicitConfig ?? config?.configPath, ...(config ? environmentFiles(config) : []), previous];
    this.outside = inputs.filter((input): input is string => input !== undefined && !isPathInside(root, input));
  }

  /** Forget which files are items: the session starts afresh, and its first build finds them. */
  forgetItems(): void {
    this.kindOf = undefined;
  }

  /**
   * Whether a changed path is one the environment was loaded from.
   *
   * @param file The changed path.
   * @returns Whether its change starts the session afresh.
   */
  isInput(file: string): boolean {
    return this.isInputFile(file);
  }

  /**
   * What a changed path is to the next build, by its name.
   *
   * @param file The changed path.
   * @returns Its kind.
   */
  classify(file: string): PathChange {
    if (this.isInputFile(file)) return 'environment';
    if (imageFile.test(file)) return 'image';
    if (!/\.mdx?$/.test(file)) return 'other';
    return this.kindOf && !this.kindOf(file) ? 'not-item' : 'item';
  }

  /**
   * What the tree watch leaves out: our own output and cache, dependencies, git.
   *
   * @param onWarning Told when a folder cannot be watched.
   * @returns The filter.
   */
  treeFilter(onWarning: (message: string) => void): TreeFilter {
    const skipped = (file: string) => skippedFolders.test(path.relative(this.places.root, file));
    return {
      skipFolder: (dir) => skipped(dir) || (this.outDir !== undefined && isOutput(this.outDir, dir, false)),
      ignore: (file) => skipped(file) || (this.outDir !== undefined && isOutput(this.outDir, file, true)),
      onWarning,
    };
  }

  private configInForce(session: WatchSession): ProjectConfig | undefined {
    if (session.pipeline) return session.pipeline.environment.config;
    const { contentDir, cwd, explicitConfig, searchFrom } = this.places;
    const file = explicitConfig ?? findConfigFile(searchFrom);
    if (!file) return defaultConfig(searchFrom, cwd);
    const config = loadConfig(file, cwd).config;
    return config && contentDir ? { ...config, contentRoot: searchFrom } : config;
  }
}

/**
 * Which changed paths are the config: the one named by `--config`, else any
 * config file in the folder the search starts from or above it (one made
 * there may be the one found next).
 */
function configFiles(explicit: string | undefined, searchFrom: string): (file: string) => boolean {
  if (explicit) return (file) => file === explicit;
  return (file) => configFileNames.includes(path.basename(file)) && isPathInside(path.dirname(file), searchFrom);
}

/**
 * Which changed paths the environment was loaded from: the config, the
 * taxonomy file and registries it names, anything under the previous release,
 * and a folder holding one of these (moved away, its files report nothing).
 */
function environmentInputs(
  isConfigFile: (file: string) => boolean,
  config: ProjectConfig | undefined,
  previous: string | undefined,
): (file: string) => boolean {
  const inputs = [...(config ? environmentFiles(config) : []), ...(previous ? [previous] : [])];
  return (file) =>
    isConfigFile(file) ||
    inputs.some((input) => isPathInside(file, input)) ||
    (previous !== undefined && isPathInside(previous, file));
}

/**
 * Whether a changed path is the bundle's own output: the bundle directory, a
 * sibling made while writing it (`.bundle.tmp-*`, `.bundle.old-*`, an archive),
 * or (with `ancestors`) a folder created to hold it.
 */
function isOutput(out: string, file: string, ancestors: boolean): boolean {
  const relative = path.relative(file, out);
  if (ancestors ? isPathInside(file, out) : relative === '') return true;
  const [first = ''] = path.relative(path.dirname(out), file).split(path.sep);
  const name = path.basename(out);
  return first === name || first.startsWith(`${name}.`) || first.startsWith(`.${name}.`);
}

/**
 * A path's stats; none when it is gone or cannot be read.
 *
 * @param file The path.
 * @returns Its stats, if it can be read.
 */
export function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
