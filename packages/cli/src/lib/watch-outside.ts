import { existsSync, unwatchFile, watchFile } from 'node:fs';
import path from 'node:path';
import type { CliIo } from './cli.js';
import { statOf } from './watch-classify.js';
import { watchFolder, watchTree, type TreeWatcher } from './watch-tree.js';

/**
 * Watches the inputs outside the watched tree: the whole of a folder (a previous release), the
 * folder of a file. Watched afresh on each call: a folder replaced since has lost its watch.
 */
export class OutsideWatch {
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
export class OutputWatch {
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
