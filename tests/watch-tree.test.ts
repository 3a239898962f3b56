// The tree watcher under `qbank build --watch`, on real folders: new, replaced and moved folders.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchTree, type TreeFilter, type TreeWatcher } from '../packages/cli/src/lib/watch-tree.js';
import { makeTempDir } from './helpers/fs.js';

let watcher: TreeWatcher | undefined;
afterEach(() => watcher?.close());

/** Watch `root`, and wait until a change under it names `file`. */
function watching(root: string, filter: TreeFilter = { skipFolder: () => false, ignore: () => false }) {
  const seen: string[] = [];
  watcher = watchTree(root, filter, (file) => seen.push(file));
  const sees = async (file: string) => {
    for (let i = 0; i < 100 && !seen.includes(file); i++) await new Promise((r) => setTimeout(r, 20));
    return seen.includes(file);
  };
  return { seen, sees };
}

describe('watchTree', () => {
  it('sees files in folders made, replaced and moved while it watches', async () => {
    const root = makeTempDir('watch-tree');
    mkdirSync(path.join(root, 'a'));
    const { seen, sees } = watching(root);
    writeFileSync(path.join(root, 'a/one.md'), '1');
    expect(await sees(path.join(root, 'a/one.md'))).toBe(true);
    // A new folder, then a file in it.
    mkdirSync(path.join(root, 'b'));
    expect(await sees(path.join(root, 'b'))).toBe(true);
    writeFileSync(path.join(root, 'b/two.md'), '2');
    expect(await sees(path.join(root, 'b/two.md'))).toBe(true);
    // A folder removed and made again (as git checkout does): still watched.
    rmSync(path.join(root, 'a'), { recursive: true });
    mkdirSync(path.join(root, 'a'));
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(path.join(root, 'a/three.md'), '3');
    expect(await sees(path.join(root, 'a/three.md'))).toBe(true);
    // A folder moved away: its later changes are not reported under its old name.
    renameSync(path.join(root, 'b'), path.join(root, 'moved'));
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(path.join(root, 'moved/four.md'), '4');
    expect(await sees(path.join(root, 'moved/four.md'))).toBe(true);
    expect(seen).not.toContain(path.join(root, 'b/four.md'));
    // A folder's own removal is reported as the folder, not as a path inside it.
    rmSync(path.join(root, 'a'), { recursive: true });
    expect(await sees(path.join(root, 'a'))).toBe(true);
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
