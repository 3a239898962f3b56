import { existsSync, statSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import path from 'node:path';
import { createAssemblyMemo } from '@qbank/compiler';
import { isPathInside } from '@qbank/core';
import { readSourceFile, type ItemKind } from '@qbank/parser';
import {
  configFileNames,
  defaultConfig,
  discoverItems,
  environmentFiles,
  findConfigFile,
  itemKinds,
  loadConfig,
  type ProjectConfig,
} from '@qbank/project';
import { escapeTerminal } from './terminal.js';
import { runCheck, type RunCheckOptions, type WatchSession } from './check.js';
import type { CliIo, CliValues } from './cli.js';
import { describeFailure } from './errors.js';
import { watchFolder, watchTree, type TreeWatcher } from './watch-tree.js';

/** How long the cache may wait after the last build before it is written. */
const cacheSaveDelayMs = 2000;

/** How long after a session's first build its edit path is warmed up (`warmUp`). */
const warmUpDelayMs = 200;

/**
 * Do an edit's work once on one of the session's questions while idle
 * (`Pipeline.warmUp`). Only a warm-up: whatever goes wrong in it is left for a
 * real build to report.
 */
function warmUp(session: WatchSession): void {
  try {
    const source = session.sources?.find((s) => s.kind === 'question' && session.pipeline?.hasLint(s));
    if (source) session.pipeline?.warmUp(source);
  } catch {
    // A build of this file reports the problem.
  }
}

/** What `qbank preview` adds to watch mode. */
export interface WatchHooks {
  /** Take each build's bundle in memory (nothing is written) and its diagnostics. */
  onBuild?: RunCheckOptions['onBuild'];
  /** Stop watching when aborted (besides Ctrl+C). */
  signal?: AbortSignal | undefined;
}

/** Images: a build runs, and the pipeline checks the images' stamps itself. */
const imageFile = /\.(png|jpe?g|gif|webp|svg|avif|bmp|tiff?|ico|heic|heif|jxl)$/i;

/**
 * `qbank build --watch`: build, then rebuild whenever a file under the content
 * root (or the config) changes, printing the diagnostics of the changed files
 * (and every error) and the time each rebuild took. Only the files that
 * changed are read and checked again; the results of the others, the bank
 * rules' work and the assembled bundle's pieces stay in memory. A folder made,
 * removed or moved is rescanned for item files. Only a change to what the
 * environment is loaded from (the config, the taxonomy, a registry, the
 * previous release) starts afresh, and says so. Other files (an editor's
 * temporary, swap and backup files) start no build. Changes that arrive while
 * a build runs trigger one more build. Runs until the process is interrupted.
 *
 * @param rest Positional arguments (an optional content directory).
 * @param values Parsed options.
 * @param io Where to read and write.
 * @param hooks What `qbank preview` adds: the bundle in memory, a way to stop.
 * @returns The exit code (when interrupted: 0).
 */
export async function watchBuild(
  rest: string[],
  values: CliValues,
  io: CliIo,
  hooks: WatchHooks = {},
): Promise<number> {
  // Where the config is searched for from, as the build itself does.
  const searchFrom = rest[0] ? path.resolve(io.cwd, rest[0]) : io.cwd;
  const explicitConfig = values.config ? path.resolve(io.cwd, values.config) : undefined;
  const configPath = explicitConfig ?? findConfigFile(searchFrom);
  const root = rest[0] ? searchFrom : configPath ? path.dirname(configPath) : io.cwd;
  const isConfigFile = configFiles(explicitConfig, searchFrom);
  let session: WatchSession = { memo: createAssemblyMemo() };
  // The bundle's own writes must not trigger builds (a loop): --out, else the config's `out`.
  let out = values.out ? path.resolve(io.cwd, values.out) : undefined;
  // What the environment was loaded from, and what is an item file (none: no session): both as
  // the config in force says, taken again after each build.
  let isInput: (file: string) => boolean = isConfigFile;
  let kindOf: ((file: string) => ItemKind | undefined) | undefined;
  // Item files to read again, and folders to rescan once a session has the bank (the build making
  // one may have looked before they changed).
  const changed = new Set<string>();
  const folders = new Set<string>();
  // The input whose change starts afresh, when one did.
  let freshBecause: string | undefined;
  let running = false;
  let again = false;
  let saveTimer: NodeJS.Timeout | undefined;

  /** The config in force: the session's, else as on disk now (the taxonomy or a registry may have failed). */
  const configInForce = (): ProjectConfig | undefined => {
    if (session.pipeline) return session.pipeline.environment.config;
    const file = explicitConfig ?? findConfigFile(searchFrom);
    if (!file) return defaultConfig(searchFrom, io.cwd);
    const config = loadConfig(file, io.cwd).config;
    return config && rest[0] ? { ...config, contentRoot: searchFrom } : config;
  };

  /** Take what telling changes apart needs from the config (it may be fixed or changed while watching). */
  const followConfig = () => {
    const config = configInForce();
    if (!values.out && config) out = config.out;
    const previous = values.previous ? path.resolve(io.cwd, values.previous) : config?.previous;
    isInput = environmentInputs(isConfigFile, config, previous);
    kindOf = session.pipeline && session.sources ? itemKinds(session.pipeline.environment.config) : undefined;
    const inputs = [explicitConfig ?? config?.configPath, ...(config ? environmentFiles(config) : []), previous];
    outsideInputs = inputs.filter((input): input is string => input !== undefined && !isWithin(root, input));
  };
  // Inputs outside the watched tree (`build content --watch`, the config above it), watched afresh
  // after every build.
  let outsideInputs: string[] = [];
  const outside = new OutsideWatch((message) => io.stderr(`qbank: warning: ${message}\n`));
  const watchOutside = (onChange: (file: string) => void) =>
    outside.watch(outsideInputs, (file) => {
      if (isInput(file)) onChange(file);
    });
  // Watching starts before the first build: tell changes apart from the start.
  followConfig();

  /** Replace the changed files in the session's sources: re-read, added or gone. */
  const applyChanges = async () => {
    if (freshBecause || !session.sources || !session.pipeline) {
      if (freshBecause) {
        io.stderr(`qbank: ${escapeTerminal(path.relative(io.cwd, freshBecause)) || '.'} changed: starting afresh\n`);
      }
      session = { memo: createAssemblyMemo() };
      freshBecause = undefined;
      kindOf = undefined;
      changed.clear();
      folders.clear();
      return undefined;
    }
    const config = session.pipeline.environment.config;
    const sources = session.sources;
    for (const folder of folders) for (const file of await itemsOfFolder(folder, config, sources)) changed.add(file);
    folders.clear();
    const files = new Set(changed);
    changed.clear();
    session.sources = withChanges(sources, files, itemKinds(config), io.cwd);
    return files;
  };

  const build = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(saveTimer);
    clearTimeout(warmTimer);
    do {
      again = false;
      const started = performance.now();
      session.changed = await applyChanges();
      await runCheck('build', rest, { ...values, watch: false }, io, { session, onBuild: hooks.onBuild }).catch(
        (error: unknown) => {
          // An output that is not ours or a full disk is said as the one-off build says it.
          io.stderr(describeFailure(error) ?? `qbank: ${(error as Error).message}\n`);
          session = { memo: createAssemblyMemo() };
        },
      );
      followConfig();
      watchOutside(onChange);
      afterBuild();
      io.stderr(`  built in ${Math.round(performance.now() - started)} ms; watching for changes (Ctrl+C to stop)\n`);
    } while (again);
    running = false;
    // Writing the cache takes a while on a large bank: do it once the edits pause.
    saveTimer = setTimeout(() => session.pipeline?.saveCache(), cacheSaveDelayMs);
    if (session.pipeline && session !== warmed) {
      clearTimeout(warmTimer);
      warmTimer = setTimeout(() => {
        // Only while idle: a build or changes waiting for one come first.
        if (running || changed.size || folders.size || freshBecause) return;
        warmed = session;
        warmUp(session);
      }, warmUpDelayMs);
    }
  };
  let warmed: WatchSession | undefined;
  let warmTimer: NodeJS.Timeout | undefined;
  // Set once the output is watched (below).
  let afterBuild = () => {};

  /**
   * Note a change for the next build, and say whether it needs one: an item file is read again, a
   * folder rescanned, an environment input starts afresh; a file no build reads (an editor's
   * temporary, swap or backup file, `.DS_Store`) needs none.
   */
  const noteChange = async (file: string): Promise<boolean> => {
    if (isInput(file)) {
      freshBecause ??= file;
      return true;
    }
    if (imageFile.test(file)) return true;
    if (/\.mdx?$/.test(file)) {
      // Without a session the next build finds every item itself.
      if (kindOf && !kindOf(file)) return false;
      changed.add(file);
      return true;
    }
    // After the item files: a save of one must not wait for the set of named images to be made.
    if (session.pipeline?.namesImage(file)) return true;
    const stats = statOf(file);
    // A file that no build reads.
    if (stats && !stats.isDirectory()) return false;
    if (session.pipeline && session.sources) {
      const items = await itemsOfFolder(file, session.pipeline.environment.config, session.sources);
      for (const item of items) changed.add(item);
      return items.length > 0;
    }
    // A build starting afresh may have looked before the folder changed: rescan it after that build.
    if (running) folders.add(file);
    return running || stats !== undefined;
  };

  let timer: NodeJS.Timeout | undefined;
  // Watching starts before the first build, so that a save during it is not missed.
  // Our own output and the cache never trigger a rebuild.
  const skipped = (file: string) =>
    /(^|[/\\])(node_modules|\.git|\.qbank-cache|dist)([/\\]|$)/.test(path.relative(root, file));
  const filter = {
    skipFolder: (dir: string) => skipped(dir) || (out !== undefined && isOutput(out, dir, false)),
    ignore: (file: string) => skipped(file) || (out !== undefined && isOutput(out, file, true)),
    onWarning: (message: string) => io.stderr(`qbank: warning: ${message}\n`),
  };
  function onChange(file: string): void {
    void noteChange(file).then((needed) => {
      if (!needed) return;
      clearTimeout(timer);
      timer = setTimeout(() => void build(), 10);
    });
  }
  const watcher = watchTree(root, filter, onChange);
  watchOutside(onChange);
  const output = new OutputWatch(
    io,
    () => running,
    () => {
      clearTimeout(timer);
      timer = setTimeout(() => void build(), 10);
    },
  );
  const watchOutput = () => output.follow(out && !hooks.onBuild ? out : undefined);
  afterBuild = watchOutput;
  await build();
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      watcher.close();
      outside.close();
      output.close();
      clearTimeout(timer);
      clearTimeout(saveTimer);
      clearTimeout(warmTimer);
      session.pipeline?.saveCache();
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (hooks.signal?.aborted) stop();
    else hooks.signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * The sources with changed files applied: an edited file keeps its place and is read again, an
 * added one is put in path order, a removed one (or one no longer an item) leaves.
 *
 * @param sources The session's sources (edited in place for files that stay).
 * @param files The changed item files.
 * @param kindOf What kind of item a path is, under the config in force.
 * @param cwd The working directory (for reading).
 * @returns The sources to build.
 */
function withChanges(
  sources: WatchSource[],
  files: ReadonlySet<string>,
  kindOf: (file: string) => ItemKind | undefined,
  cwd: string,
): WatchSource[] {
  const index = new Map(sources.map((s, i) => [sourcePath(s), i]));
  let added = false;
  const gone = new Set<string>();
  for (const file of files) {
    const kind = kindOf(file);
    const at = index.get(file);
    if (!kind || !existsSync(file)) {
      if (at !== undefined) gone.add(file);
      continue;
    }
    const source = { file: readSourceFile(file, cwd), kind };
    if (at !== undefined) sources[at] = source;
    else {
      sources.push(source);
      added = true;
    }
  }
  if (!added && !gone.size) return sources;
  return sources.filter((s) => !gone.has(sourcePath(s))).sort((a, b) => (sourcePath(a) < sourcePath(b) ? -1 : 1));
}

/**
 * Watches the inputs outside the watched tree: the whole of a folder (a previous release), the
 * folder of a file. Watched afresh on each call: a folder replaced since has lost its watch.
 */
class OutsideWatch {
  private watchers: TreeWatcher[] = [];

  constructor(private readonly onWarning: (message: string) => void) {}

  /** Watch these inputs (and only these) from now on. */
  watch(inputs: readonly string[], report: (file: string) => void): void {
    this.close();
    const everything = { skipFolder: () => false, ignore: () => false, onWarning: this.onWarning };
    const trees = inputs.filter((input) => statOf(input)?.isDirectory());
    const folders = new Set(inputs.filter((input) => !trees.includes(input)).map((input) => path.dirname(input)));
    const starts = [
      ...trees.map((tree) => () => watchTree(tree, everything, report)),
      ...[...folders].map((folder) => () => watchFolder(folder, report)),
    ];
    for (const start of starts) {
      try {
        this.watchers.push(start());
      } catch {
        // Not there (yet): the build that finds it watches it.
      }
    }
  }

  /** Stop watching. */
  close(): void {
    for (const watcher of this.watchers.splice(0)) watcher.close();
  }
}

/**
 * Notices a deleted output folder: the tree watcher skips the output, so its manifest is polled
 * (one stat a second, and the poll outlives the folder), and `rewrite` is called when it is gone.
 */
class OutputWatch {
  private manifest: string | undefined;
  private readonly onGone = () => {
    if (this.busy() || !this.manifest || existsSync(this.manifest)) return;
    this.io.stderr(
      `qbank: ${path.relative(this.io.cwd, path.dirname(this.manifest)) || '.'} was removed: writing it again\n`,
    );
    this.rewrite();
  };

  constructor(
    private readonly io: CliIo,
    private readonly busy: () => boolean,
    private readonly rewrite: () => void,
  ) {}

  /** Follow this output folder (none: stop following). */
  follow(out: string | undefined): void {
    const manifest = out ? path.join(out, 'manifest.json') : undefined;
    if (manifest === this.manifest) return;
    this.close();
    this.manifest = manifest;
    if (manifest) watchFile(manifest, { persistent: false, interval: 1000 }, this.onGone);
  }

  /** Stop following. */
  close(): void {
    if (this.manifest) unwatchFile(this.manifest, this.onGone);
    this.manifest = undefined;
  }
}

/**
 * Which changed paths are the config: the one named by `--config`, else any
 * config file in the folder the search starts from or above it (one made
 * there may be the one found next).
 */
function configFiles(explicit: string | undefined, searchFrom: string): (file: string) => boolean {
  if (explicit) return (file) => file === explicit;
  return (file) => configFileNames.includes(path.basename(file)) && isWithin(path.dirname(file), searchFrom);
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
    inputs.some((input) => isWithin(file, input)) ||
    (previous !== undefined && isWithin(previous, file));
}

/**
 * The item files a folder made, removed or moved concerns: those the config's
 * globs find under it now, and those known under it (dropped when gone).
 * Rescanning after the folder is watched finds files written into it before.
 */
async function itemsOfFolder(
  folder: string,
  config: ProjectConfig,
  sources: NonNullable<WatchSession['sources']>,
): Promise<string[]> {
  // A prefix test, not path.relative: it runs over every source.
  const known = sources.map(sourcePath).filter((file) => file.startsWith(folder + path.sep));
  if (!statOf(folder)?.isDirectory()) return known;
  try {
    const { items } = await discoverItems(config, [folder]);
    return [...known, ...items.map((item) => item.path)];
  } catch {
    return known; // Gone while it was read, or unreadable: as if gone.
  }
}

/** A session source's absolute path: read, or known by its key. */
/** One source of a watch session. */
type WatchSource = NonNullable<WatchSession['sources']>[number];

function sourcePath(source: WatchSource): string {
  return 'file' in source ? source.file.path : source.path;
}

/** Whether `file` is `folder` or below it. */
function isWithin(folder: string, file: string): boolean {
  return isPathInside(folder, file);
}

/** A path's stats; none when it is gone or cannot be read. */
function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
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
