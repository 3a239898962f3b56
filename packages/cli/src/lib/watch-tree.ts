import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/** A running watch over a directory tree. */
export interface TreeWatcher {
  /** Stop watching. */
  close(): void;
}

/** What a tree watch leaves out. */
export interface TreeFilter {
  /** Folders not to watch (nor anything below them). */
  skipFolder: (dir: string) => boolean;
  /** Changes not to report (nor, for a new folder, to start watching). */
  ignore: (file: string) => boolean;
  /** Told when a folder cannot be watched for want of system resources (its changes go unseen). */
  onWarning?: ((message: string) => void) | undefined;
}

/**
 * Watch a directory tree and report the path of every file or folder that
 * changes in it.
 *
 * On Linux this watches each folder on its own (one inotify watch per folder)
 * and adds folders as they appear: Node 20's `recursive` option there is
 * emulated in JavaScript, re-reading the changed folder on every event, which
 * cost 30-40 ms per save in a folder of 1,000 questions. Elsewhere the
 * system's own recursive watch is used.
 *
 * @param root The folder to watch.
 * @param filter Folders not to watch and changes not to report.
 * @param onChange Called with the absolute path of each change.
 * @returns The watcher.
 */
export function watchTree(root: string, filter: TreeFilter, onChange: (file: string) => void): TreeWatcher {
  if (process.platform !== 'linux') {
    const watcher = watch(root, { recursive: true }, (_event, name) => {
      const file = name ? path.resolve(root, name.toString()) : root;
      if (!filter.ignore(file)) onChange(file);
    });
    return { close: () => watcher.close() };
  }
  const tree = new FolderWatches(root, filter, onChange);
  tree.add(root);
  return tree;
}

/** One inotify watch per folder of a tree (Linux), added as folders appear and let go as they leave. */
class FolderWatches implements TreeWatcher {
  private readonly watchers = new Map<string, FSWatcher>();

  constructor(
    private readonly root: string,
    private readonly filter: TreeFilter,
    private readonly onChange: (file: string) => void,
  ) {}

  /** Watch a folder and every folder below it (unless skipped or watched already). */
  add(dir: string): void {
    if (this.watchers.has(dir) || (dir !== this.root && this.filter.skipFolder(dir))) return;
    const watcher = this.open(dir);
    if (!watcher) return;
    // The folder itself removed or unreadable: stop watching it, and say so.
    watcher.on('error', () => {
      this.unwatch(dir);
      this.onChange(dir);
    });
    this.watchers.set(dir, watcher);
    for (const name of subfolders(dir)) this.add(path.join(dir, name));
  }

  /** Stop watching. */
  close(): void {
    this.unwatch(this.root);
  }

  /** A watch on one folder; none when it is gone, unreadable or past the system's limits (said). */
  private open(dir: string): FSWatcher | undefined {
    try {
      return watch(dir, (event, name) => this.changed(dir, event, name?.toString()));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EMFILE') {
        this.filter.onWarning?.(
          `cannot watch ${dir} (${code}: the system's limit on watched folders or open files is reached); its changes will not trigger a build`,
        );
      }
      return undefined; // Gone already, or not readable: nothing to watch.
    }
  }

  /** An event of the watch on `dir`: follow folders made, removed and replaced, and report the path. */
  private changed(dir: string, event: string, name: string | undefined): void {
    let file = name ? path.join(dir, name) : dir;
    // A watched folder removed or moved reports its own name.
    if (name === path.basename(dir) && !existsSync(file)) file = dir;
    if (this.filter.ignore(file)) return;
    if (file === dir) {
      if (!isDirectory(dir)) this.unwatch(dir);
    } else if (event === 'rename') {
      // A folder that appeared is watched from now on, one that went away is let go, and one
      // replaced (removed and made again, as git checkout does) is watched afresh.
      if (this.watchers.has(file)) this.unwatch(file);
      if (isDirectory(file)) this.add(file);
    }
    this.onChange(file);
  }

  /** Let go of the watches on a folder and every folder below it. */
  private unwatch(dir: string): void {
    for (const [watched, watcher] of this.watchers) {
      if (watched === dir || watched.startsWith(dir + path.sep)) {
        watcher.close();
        this.watchers.delete(watched);
      }
    }
  }
}

/** The names of the folders in a folder; none when it cannot be read (watched, but nothing below it). */
function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Watch one folder, not the folders in it, and report the path of every
 * file or folder that changes in it.
 *
 * @param folder The folder to watch; throws when it cannot be watched.
 * @param onChange Called with the absolute path of each change.
 * @returns The watcher.
 */
export function watchFolder(folder: string, onChange: (file: string) => void): TreeWatcher {
  const watcher = watch(folder, (_event, name) => onChange(name ? path.join(folder, name.toString()) : folder));
  // A folder removed while watched: its changes go unseen until a build watches it again.
  watcher.on('error', () => watcher.close());
  return { close: () => watcher.close() };
}
