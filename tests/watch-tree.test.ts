// The tree watcher under `qbank build --watch`, on real folders: new, replaced and moved folders.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchTree, type TreeFilter, type TreeWatcher } from '../packages/cli/src/lib/watch-tree.js';
import { makeTempDir } from './helpers/fs.js';

let watcher: TreeWatcher | undefined;
afterEach(() => watcher?.close());

/**
 * Watch `root`. `sees(file, from)` waits for the watcher to report `file` (from its `from`th report
 * on): it resolves at the report itself, or with `false` after 2 s without one. `onReport` runs a
 * function on every later report, until the function it returns is called.
 */
function watching(root: string, filter: TreeFilter = { skipFolder: () => false, ignore: () => false }) {
  const seen: string[] = [];
  const listeners = new Set<(file: string) => void>();
  watcher = watchTree(root, filter, (file) => {
    seen.push(file);
    for (const listener of listeners) listener(file);
  });
  const onReport = (listener: (file: string) => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const sees = (file: string, from = 0) =>
    new Promise<boolean>((resolve) => {
      if (seen.indexOf(file, from) >= 0) return resolve(true);
      const done = (result: boolean) => {
        clearTimeout(deadline);
        stop();
        resolve(result);
      };
      const deadline = setTimeout(() => done(false), 2000);
      const stop = onReport((reported) => reported === file && done(true));
    });
  return { seen, sees, onReport };
}

describe('watchTree', () => {
  it('sees files in folders made, replaced and moved while it watches', async () => {
    const root = makeTempDir('watch-tree');
    mkdirSync(path.join(root, 'a'));
    const { seen, sees, onReport } = watching(root);
    writeFileSync(path.join(root, 'a/one.md'), '1');
    expect(await sees(path.join(root, 'a/one.md'))).toBe(true);
    // A new folder, then a file in it.
    mkdirSync(path.join(root, 'b'));
    expect(await sees(path.join(root, 'b'))).toBe(true);
    writeFileSync(path.join(root, 'b/two.md'), '2');
    expect(await sees(path.join(root, 'b/two.md'))).toBe(true);
    // A folder removed and made again (as git checkout does): still watched. The parent reports the
    // new `a` once it watches it, but the old folder reports its own removal as `a` too: write the
    // file after each report of `a`, and the write after the parent's report is seen.
    const a = path.join(root, 'a');
    const writeThree = onReport((file) => file === a && existsSync(a) && writeFileSync(path.join(a, 'three.md'), '3'));
    rmSync(path.join(root, 'a'), { recursive: true });
    mkdirSync(path.join(root, 'a'));
    expect(await sees(path.join(root, 'a/three.md'))).toBe(true);
    writeThree();
    // A folder moved away: its later changes are not reported under its old name.
    // Only the parent reports `moved`, once it watches it.
    const from = seen.length;
    renameSync(path.join(root, 'b'), path.join(root, 'moved'));
    expect(await sees(path.join(root, 'moved'), from)).toBe(true);
    writeFileSync(path.join(root, 'moved/four.md'), '4');
    expect(await sees(path.join(root, 'moved/four.md'))).toBe(true);
    expect(seen).not.toContain(path.join(root, 'b/four.md'));
    // A folder's own removal is reported as the folder, not as a path inside it.
    const removedAt = seen.length;
    rmSync(path.join(root, 'a'), { recursive: true });
    expect(await sees(path.join(root, 'a'), removedAt)).toBe(true);
    expect(seen).not.toContain(path.join(root, 'a/a'));
    rmSync(root, { recursive: true, force: true });
  });

  it('does not watch skipped folders, nor report ignored changes', async () => {
    const root = makeTempDir('watch-tree-skip');
    mkdirSync(path.join(root, 'out'));
    const { seen, sees } = watching(root, {
      skipFolder: (dir) => path.basename(dir) === 'out',
      ignore: (file) => file.endsWith('.tmp'),
    });
    writeFileSync(path.join(root, 'out/bundle.json'), '{}');
    writeFileSync(path.join(root, 'x.tmp'), '');
    writeFileSync(path.join(root, 'q.md'), '');
    expect(await sees(path.join(root, 'q.md'))).toBe(true);
    expect(seen).not.toContain(path.join(root, 'out/bundle.json'));
    expect(seen).not.toContain(path.join(root, 'x.tmp'));
    rmSync(root, { recursive: true, force: true });
  });
});
