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
  const { skipFolder, ignore, onWarning } = filter;
  if (process.platform !== 'linux') {
    const watcher = watch(root, { recursive: true }, (_event, name) => {
      const file = name ? path.resolve(root, name.toString()) : root;
      if (!ignore(file)) onChange(file);
    });
    return { close: () => watcher.close() };
  }
  const watchers = new Map<string, FSWatcher>();
  const unwatch = (dir: string) => {
    for (const [watched, watcher] of watchers) {
      if (watched === dir || watched.startsWith(dir + path.sep)) {
        watcher.close();
        watchers.delete(watched);
      }
    }
  };
  const add = (dir: string) => {
    if (watchers.has(dir) || (dir !== root && skipFolder(dir))) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, (event, name) => {
        let file = name ? path.join(dir, name.toString()) : dir;
        // A watched folder removed or moved reports its own name.
        if (name?.toString() === path.basename(dir) && !existsSync(file)) file = dir;
        if (ignore(file)) return;
        if (file === dir) {
          if (!isDirectory(dir)) unwatch(dir);
        } else if (event === 'rename') {
          // A folder that appeared is watched from now on, one that went away is let go, and one
          // replaced (removed and made again, as git checkout does) is watched afresh.
          if (watchers.has(file)) unwatch(file);
          if (isDirectory(file)) add(file);
        }
        onChange(file);
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EMFILE') {
        onWarning?.(
          `cannot watch ${dir} (${code}: the system's limit on watched folders or open files is reached); its changes will not trigger a build`,
        );
      }
      return; // Gone already, or not readable: nothing to watch.
    }
    // The folder itself removed or unreadable: stop watching it, and say so.
    watcher.on('error', () => {
      unwatch(dir);
      onChange(dir);
    });
    watchers.set(dir, watcher);
    let entries: string[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      // Unreadable: watched, but nothing below it.
    }
    for (const name of entries) add(path.join(dir, name));
  };
  add(root);
  return { close: () => unwatch(root) };
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
