import path from 'node:path';
import { createAssemblyMemo } from '@qbank/compiler';
import { runCheck, type RunCheckOptions, type WatchSession } from './check.js';
import type { CliIo, CliValues } from './cli.js';
import { describeFailure } from './errors.js';
import { escapeTerminal } from './terminal.js';
import type { PendingChanges } from './watch-changes.js';

/**
 * Runs the builds of a watch session: takes the changes noted since the last
 * build, builds (only the changed files are read and checked again; the rest
 * stays in the session), and says how long it took. Keeps the session from one
 * build to the next, and starts it afresh when an environment input changed or
 * a build failed.
 */
export class WatchBuilder {
  private current: WatchSession = { memo: createAssemblyMemo() };

  /**
   * @param command What to build: the positional arguments and options of the command.
   * @param io Where to read and write.
   * @param pending The changes noted for the next build.
   * @param hooks `onBuild`: take the bundle in memory (`qbank preview`); `afterBuild`: told after
   *   each build, before its time is said (the session follows the config there).
   */
  constructor(
    private readonly command: { rest: string[]; values: CliValues },
    private readonly io: CliIo,
    private readonly pending: PendingChanges,
    private readonly hooks: { onBuild?: RunCheckOptions['onBuild']; afterBuild: () => void },
  ) {}

  /** The session as it is now (replaced when it starts afresh). */
  get session(): WatchSession {
    return this.current;
  }

  /** Build once, with the changes noted so far. */
  async build(): Promise<void> {
    const { io } = this;
    const started = performance.now();
    const changed = await this.takeChanges();
    this.current.changed = changed;
    const { rest, values } = this.command;
    const options = { session: this.current, onBuild: this.hooks.onBuild };
    await runCheck('build', rest, { ...values, watch: false }, io, options).catch((error: unknown) => {
      // An output that is not ours or a full disk is said as the one-off build says it.
      io.stderr(describeFailure(error) ?? `qbank: ${(error as Error).message}\n`);
      this.current = { memo: createAssemblyMemo() };
    });
    this.hooks.afterBuild();
    io.stderr(`  built in ${Math.round(performance.now() - started)} ms; watching for changes (Ctrl+C to stop)\n`);
  }

  /** The changed files to print the diagnostics of; none when the session starts afresh (all are printed). */
  private async takeChanges(): Promise<ReadonlySet<string> | undefined> {
    const taken = await this.pending.take(this.current);
    if (!taken.afresh) return taken.files;
    if (taken.because) {
      const name = escapeTerminal(path.relative(this.io.cwd, taken.because)) || '.';
      this.io.stderr(`qbank: ${name} changed: starting afresh\n`);
    }
    this.current = { memo: createAssemblyMemo() };
    return undefined;
  }
}
