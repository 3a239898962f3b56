import { existsSync } from 'node:fs';
import path from 'node:path';
import { createAssemblyMemo } from '@qbank/compiler';
import { readSourceFile } from '@qbank/parser';
import { findConfigFile, itemKinds, loadConfig } from '@qbank/project';
import { runCheck, type WatchSession } from './check.js';
import type { CliIo, CliValues } from './cli.js';
import { watchTree } from './watch-tree.js';

/** How long the cache may wait after the last build before it is written. */
const cacheSaveDelayMs = 2000;

/**
 * `qbank build --watch`: build, then rebuild whenever a file under the content
 * root (or the config) changes, printing the diagnostics of the changed files
 * (and every error) and the time each rebuild took. Only the files that
 * changed are read and checked again; the results of the others, the bank
 * rules' work and the assembled bundle's pieces stay in memory. A change to
 * anything but an item file (the config, the taxonomy, a registry) starts
 * afresh. Changes that arrive while a build runs trigger one more build.
 * Runs until the process is interrupted.
 *
 * @param rest Positional arguments (an optional content directory).
 * @param values Parsed options.
 * @param io Where to read and write.
 * @returns The exit code (when interrupted: 0).
 */
export async function watchBuild(rest: string[], values: CliValues, io: CliIo): Promise<number> {
  const configPath = values.config
    ? path.resolve(io.cwd, values.config)
    : findConfigFile(rest[0] ? path.resolve(io.cwd, rest[0]) : io.cwd);
  const root = rest[0] ? path.resolve(io.cwd, rest[0]) : configPath ? path.dirname(configPath) : io.cwd;
  // The bundle's own writes must not trigger builds (a loop): --out, else the config's `out`
  // (taken again after each build: the config may be fixed or changed while watching).
  let out = values.out
    ? path.resolve(io.cwd, values.out)
    : configPath
      ? loadConfig(configPath, io.cwd).config?.out
      : undefined;
  let session: WatchSession = { memo: createAssemblyMemo() };
  const changed = new Set<string>();
  let environmentChanged = false;
  let running = false;
  let again = false;
  let saveTimer: NodeJS.Timeout | undefined;

  /** Replace the changed files in the session's sources: re-read, added or gone. */
  const applyChanges = () => {
    if (environmentChanged || !session.sources || !session.pipeline) {
      session = { memo: createAssemblyMemo() };
      environmentChanged = false;
      return undefined;
    }
    const kindOf = itemKinds(session.pipeline.environment.config);
    const sources = session.sources;
    const index = new Map(sources.map((s, i) => [s.file.path, i]));
    let added = false;
    const gone = new Set<string>();
    for (const file of changed) {
      const kind = kindOf(file);
      const at = index.get(file);
      if (!kind || !existsSync(file)) {
        if (at !== undefined) gone.add(file);
        continue;
      }
      const source = { file: readSourceFile(file, io.cwd), kind };
      // An edited file keeps its place; only an added or removed one changes the order.
      if (at !== undefined) sources[at] = source;
      else {
        sources.push(source);
        added = true;
      }
    }
    if (added || gone.size) {
      session.sources = sources
        .filter((s) => !gone.has(s.file.path))
        .sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
    }
    return new Set(changed);
  };

  const build = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    clearTimeout(saveTimer);
    do {
      again = false;
      const started = performance.now();
      session.changed = applyChanges();
      changed.clear();
      await runCheck('build', rest, { ...values, watch: false }, io, { session }).catch((error: unknown) => {
        io.stderr(`qbank: ${(error as Error).message}\n`);
        session = { memo: createAssemblyMemo() };
      });
      if (!values.out) out = session.pipeline?.environment.config.out ?? out;
      io.stderr(`  built in ${Math.round(performance.now() - started)} ms; watching for changes (Ctrl+C to stop)\n`);
    } while (again);
    running = false;
    // Writing the cache takes a while on a large bank: do it once the edits pause.
    saveTimer = setTimeout(() => session.pipeline?.saveCache(), cacheSaveDelayMs);
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
  const watcher = watchTree(root, filter, (file) => {
    // Item files are re-read on their own; anything else (config, taxonomy, registries, a folder) starts afresh.
    // Images are checked by the pipeline on every build.
    if (/\.mdx?$/.test(file)) changed.add(file);
    else if (!/\.(png|jpe?g|gif|webp|svg|avif)$/i.test(file)) environmentChanged = true;
    clearTimeout(timer);
    timer = setTimeout(() => void build(), 10);
  });
  await build();
  return new Promise((resolve) => {
    const stop = () => {
      watcher.close();
      clearTimeout(timer);
      clearTimeout(saveTimer);
      session.pipeline?.saveCache();
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

/**
 * Whether a changed path is the bundle's own output: the bundle directory, a
 * sibling made while writing it (`.bundle.tmp-*`, `.bundle.old-*`, an archive),
 * or (with `ancestors`) a folder created to hold it.
 */
function isOutput(out: string, file: string, ancestors: boolean): boolean {
  const relative = path.relative(file, out);
  if (ancestors ? !relative.startsWith('..') : relative === '') return true;
  const [first = ''] = path.relative(path.dirname(out), file).split(path.sep);
  const name = path.basename(out);
  return first === name || first.startsWith(`${name}.`) || first.startsWith(`.${name}.`);
}
