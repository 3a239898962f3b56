import type { RunCheckOptions } from './check.js';
import type { CliIo, CliValues } from './cli.js';
import { WatchBuilder } from './watch-builder.js';
import { PendingChanges } from './watch-changes.js';
import { ChangeClassifier, watchPlaces, type WatchPlaces } from './watch-classify.js';
import { OutputWatch, OutsideWatch } from './watch-outside.js';
import { BuildScheduler, IdleWork } from './watch-schedule.js';
import { watchTree, type TreeWatcher } from './watch-tree.js';

/** What `qbank preview` adds to watch mode. */
export interface WatchHooks {
  /** Take each build's bundle in memory (nothing is written) and its diagnostics. */
  onBuild?: RunCheckOptions['onBuild'];
  /** Stop watching when aborted (besides Ctrl+C). */
  signal?: AbortSignal | undefined;
}

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
  const watch = new WatchLoop(watchPlaces(rest, values, io.cwd), { rest, values }, io, hooks.onBuild);
  // Watching starts before the first build, so that a save during it is not missed.
  watch.start();
  await watch.scheduler.now();
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      watch.stop();
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (hooks.signal?.aborted) stop();
    else hooks.signal?.addEventListener('abort', stop, { once: true });
  });
}

/**
 * One watch session, made of its parts: the classifier tells changes apart,
 * the pending changes wait for the next build, the scheduler runs one build at
 * a time, the builder builds, the idle work writes the cache and warms up; the
 * tree, outside and output watches report what changed.
 */
class WatchLoop {
  /** Runs one build at a time. */
  readonly scheduler: BuildScheduler;
  private readonly classifier: ChangeClassifier;
  private readonly pending: PendingChanges;
  private readonly builder: WatchBuilder;
  private readonly idle: IdleWork;
  private readonly outside: OutsideWatch;
  private readonly output: OutputWatch;
  private tree: TreeWatcher | undefined;

  constructor(
    private readonly places: WatchPlaces,
    command: { rest: string[]; values: CliValues },
    private readonly io: CliIo,
    private readonly onBuild: RunCheckOptions['onBuild'],
  ) {
    this.classifier = new ChangeClassifier(places, command.values);
    this.pending = new PendingChanges(this.classifier, io.cwd);
    this.builder = new WatchBuilder(command, io, this.pending, { onBuild, afterBuild: () => this.afterBuild() });
    this.idle = new IdleWork(
      () => this.builder.session,
      () => !this.scheduler.building && this.pending.empty,
    );
    this.scheduler = new BuildScheduler(() => this.builder.build(), {
      before: () => this.idle.cancel(),
      after: () => this.idle.plan(),
    });
    this.outside = new OutsideWatch(this.warn);
    this.output = new OutputWatch(
      io,
      () => this.scheduler.building,
      () => this.scheduler.soon(),
    );
  }

  /** Start watching: the tree, the inputs outside it (as the config on disk says until a build). */
  start(): void {
    this.classifier.follow(this.builder.session);
    // Our own output and the cache never trigger a rebuild.
    this.tree = watchTree(this.places.root, this.classifier.treeFilter(this.warn), this.onChange);
    this.watchOutside();
  }

  /** Stop watching, and write the cache. */
  stop(): void {
    this.tree?.close();
    this.outside.close();
    this.output.close();
    this.scheduler.close();
    this.idle.close();
  }

  /** A path changed: note it, and build soon if it needs a build. */
  private readonly onChange = (file: string): void => {
    void this.pending.note(file, this.builder.session, this.scheduler.building).then((needed) => {
      if (needed) this.scheduler.soon();
    });
  };

  private readonly warn = (message: string): void => this.io.stderr(`qbank: warning: ${message}\n`);

  /** After each build: follow the config in force, watch its inputs afresh, follow the output folder. */
  private afterBuild(): void {
    this.classifier.follow(this.builder.session);
    this.watchOutside();
    const out = this.classifier.out;
    // The preview writes no bundle: there is no output folder to write again.
    this.output.follow(out && !this.onBuild ? out : undefined);
  }

  /** Watch the inputs outside the watched tree afresh (a folder replaced since has lost its watch). */
  private watchOutside(): void {
    this.outside.watch(this.classifier.outsideInputs, (file) => {
      if (this.classifier.isInput(file)) this.onChange(file);
    });
  }
}
