import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { findConfigFile } from '@qbank/project';
import type { Pipeline } from '@qbank/pipeline';
import { runCheck } from './check.js';
import type { CliIo, CliValues } from './cli.js';

/**
 * `qbank build --watch`: build, then rebuild whenever a file under the content
 * root (or the config) changes, printing the diagnostics and the time each
 * rebuild took. Changes that arrive while a build runs trigger one more build.
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
  const out = values.out ? path.resolve(io.cwd, values.out) : undefined;
  let running = false;
  let again = false;
  // Results stay in memory between builds; a change to anything but an item file starts afresh.
  let pipeline: Pipeline | undefined;
  let environmentChanged = false;
  const build = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    do {
      again = false;
      const started = performance.now();
      if (environmentChanged) pipeline = undefined;
      environmentChanged = false;
      await runCheck('build', rest, { ...values, watch: false }, io, {
        pipeline,
        onChecked: (bank) => (pipeline = bank.pipeline),
      }).catch((error: unknown) => {
        io.stderr(`qbank: ${(error as Error).message}\n`);
      });
      io.stderr(`  built in ${Math.round(performance.now() - started)} ms; watching for changes (Ctrl+C to stop)\n`);
    } while (again);
    running = false;
  };
  await build();
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(root, { recursive: true }, (_event, name) => {
    const changed = name ? path.resolve(root, name.toString()) : root;
    // Our own output and the cache never trigger a rebuild.
    if (
      (out && changed.startsWith(out)) ||
      /(^|[/\\])(node_modules|\.git|\.qbank-cache|dist)([/\\]|$)/.test(path.relative(root, changed))
    ) {
      return;
    }
    if (!/\.mdx?$/.test(changed)) environmentChanged = true;
    clearTimeout(timer);
    timer = setTimeout(() => void build(), 10);
  });
  return new Promise((resolve) => {
    const stop = () => {
      watcher.close();
      clearTimeout(timer);
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
