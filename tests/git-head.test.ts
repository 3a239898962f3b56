// The commit HEAD points at, read from the .git folder without starting git.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers/fs.js';

let work: string;

beforeAll(() => {
  work = makeTempDir('git-head');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('reading HEAD without git', () => {
  it('finds the commit of loose and packed refs and of a detached head, as git does', async () => {
    const { headCommit } = await import('../packages/cli/src/lib/git.js');
    const repo = path.join(work, 'git-head');
    mkdirSync(path.join(repo, 'sub'), { recursive: true });
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).stdout.trim();
    git('init', '-q');
    expect(headCommit(repo)).toBeUndefined();
    writeFileSync(path.join(repo, 'a.md'), 'a');
    git('add', '-A');
    git('commit', '-qm', 'one');
    expect(headCommit(path.join(repo, 'sub'))).toBe(git('rev-parse', 'HEAD'));
    git('pack-refs', '--all');
    expect(headCommit(repo)).toBe(git('rev-parse', 'HEAD'));
    writeFileSync(path.join(repo, 'a.md'), 'b');
    git('commit', '-qam', 'two');
    git('checkout', '-q', '--detach', 'HEAD~1');
    expect(headCommit(repo)).toBe(git('rev-parse', 'HEAD'));
  });
});
