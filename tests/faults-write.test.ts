// Fault injection (issue 20, cases 1-6, 11, 14): the real CLI on a generated bank, with the write
// shim (tests/helpers/fault-shim.mjs) where a disk must be full or read-only. Needs `pnpm build`.
import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processScope, processStartTime } from '@qbank/core';
import { repoRoot } from './helpers/cli.js';
import {
  bundleProblems,
  qbankBin,
  generateBank,
  picture,
  questionFile,
  runFaulty,
  startQbank,
} from './helpers/fault-shim-bank.js';
import { makeTempDir } from './helpers/fs.js';

let work: string;
let base: string;
let counter = 0;

beforeAll(() => {
  work = makeTempDir('faults-write');
  base = generateBank(path.join(work, 'base'), 40);
  const first = runFaulty(['build'], base);
  expect(first.code, first.stderr).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the built base bank (its bundle in dist/bundle, its cache). */
function copyBank(): string {
  // Each in a folder of its own: a build that deletes `..` deletes only that.
  const dir = path.join(work, `case-${++counter}`, 'bank');
  cpSync(base, dir, { recursive: true });
  writeFileSync(path.join(dir, '..', 'beside-the-bank.txt'), 'mine\n');
  return dir;
}

/** Change one question's text, so that the next build writes a different bundle. */
function editQuestion(bank: string, n = 3): void {
  const file = questionFile(bank, n);
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace('comes to the physician', 'comes to the emergency department'),
  );
}

const notBug = (stderr: string) => {
  expect(stderr).not.toMatch(/bug in qbank|internal error|\n\s+at /);
};

describe('case 1: a build replaces only what it made', () => {
  it.each([
    ['..', 'config'],
    ['.', 'config'],
    ['content', 'config'],
    ['content/questions', 'config'],
    ['content/questions/gastrointestinal/fault-3.md', 'config'],
    ['.qbank-cache', 'config'],
    ['.qbank-cache/bundle', 'config'],
    ['qbank.config.yaml', 'option'],
    ['notes-backup', 'option'],
  ])('refuses out = %s (%s) before touching anything', (out, where) => {
    const bank = copyBank();
    mkdirSync(path.join(bank, 'notes-backup'));
    writeFileSync(path.join(bank, 'notes-backup/keep.txt'), 'mine\n');
    editQuestion(bank);
    const config = path.join(bank, 'qbank.config.yaml');
    const args = ['build'];
    if (where === 'config')
      writeFileSync(config, readFileSync(config, 'utf8').replace('out: dist/bundle', `out: ${out}`));
    else args.push('--out', out);
    const before = picture(path.dirname(bank));
    const result = runFaulty(args, bank);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/will not write the bundle to /);
    expect(result.stderr).toMatch(/Nothing was written or removed/);
    notBug(result.stderr);
    // Every file beside the bank and in it is as it was, the cache included.
    expect(picture(path.dirname(bank))).toEqual(before);
  });

  it('refuses a cache inside the output folder, and writes to an empty folder or over a bundle', () => {
    const bank = copyBank();
    editQuestion(bank);
    const inside = runFaulty(['build'], bank, undefined, { QBANK_CACHE_DIR: 'dist/bundle/cache' });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/it contains the cache/);
    mkdirSync(path.join(bank, 'empty'));
    expect(runFaulty(['build', '--out', 'empty'], bank).code).toBe(0);
    expect(bundleProblems(path.join(bank, 'empty'))).toEqual([]);
    expect(runFaulty(['build'], bank).code).toBe(0);
    // An archive path that holds something else is refused too.
    writeFileSync(path.join(bank, 'dist/bundle.zip'), 'not an archive');
    const zip = runFaulty(['build', '--archive'], bank);
    expect(zip.code).toBe(2);
    expect(zip.stderr).toMatch(/not a zip archive/);
  });
});

describe('case 2: a full disk never publishes a cut-short bundle', () => {
  it.each([0.01, 0.5, 0.99])('fails after %f of the bundle with the previous bundle intact', (part) => {
    const bank = copyBank();
    const size = Object.keys(picture(path.join(bank, 'dist/bundle')))
      .filter((name) => !name.endsWith('/'))
      .reduce((sum, name) => sum + statSync(path.join(bank, 'dist/bundle', name)).size, 0);
    const after = Math.floor(size * part);
    const before = picture(path.join(bank, 'dist'));
    editQuestion(bank);
    // --no-cache: every file is written (none linked from the previous bundle).
    const result = runFaulty(['build', '--no-cache'], bank, { path: path.join(bank, 'dist'), mode: 'enospc', after });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/environment problem: cannot write .*dist.*: the disk is full \(ENOSPC\)/);
    notBug(result.stderr);
    // The previous bundle, byte for byte, and nothing left beside it.
    expect(picture(path.join(bank, 'dist'))).toEqual(before);
    // With room again, the build goes through.
    expect(runFaulty(['build'], bank).code).toBe(0);
    expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
  });

  it('continues short writes to the end', () => {
    const bank = copyBank();
    editQuestion(bank);
    rmSync(path.join(bank, 'dist'), { recursive: true });
    const result = runFaulty(['build', '--archive'], bank, { path: path.join(bank, 'dist'), mode: 'short' });
    expect(result.code, result.stderr).toBe(0);
    expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
    const clean = copyBank();
    editQuestion(clean);
    rmSync(path.join(clean, 'dist'), { recursive: true });
    expect(runFaulty(['build', '--archive'], clean).code).toBe(0);
    expect(picture(path.join(bank, 'dist'))).toEqual(picture(path.join(clean, 'dist')));
  });

  it('a full cache disk only costs time, and leaves no temporary files', () => {
    const bank = copyBank();
    rmSync(path.join(bank, '.qbank-cache'), { recursive: true });
    editQuestion(bank);
    const cache = path.join(bank, '.qbank-cache');
    const result = runFaulty(['build'], bank, { path: cache, mode: 'enospc', after: 5_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
    expect(Object.keys(picture(cache)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    const again = runFaulty(['build'], bank);
    expect(again.code).toBe(0);
  });
});

describe('case 3: fmt on a full or read-only disk leaves the source whole', () => {
  it.each([
    ['enospc', 10, /the disk is full \(ENOSPC\)/],
    ['enospc', 400, /the disk is full \(ENOSPC\)/],
    ['erofs', 0, /the file system is read-only \(EROFS\)/],
    ['eperm', 0, /not permitted .*\(EPERM\)/],
  ])('%s after %i bytes', (mode, after, message) => {
    const bank = copyBank();
    const folder = path.join(bank, 'content/questions/cardiovascular');
    const file = path.join(folder, 'alias.md');
    const source = readFileSync(path.join(repoRoot, 'tests/fixtures/fmt/lf.input.md'));
    writeFileSync(file, source);
    chmodSync(file, 0o640);
    const result = runFaulty(['fmt', 'content'], bank, { path: folder, mode, after });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('alias.md');
    notBug(result.stderr);
    expect(readFileSync(file)).toEqual(source);
    expect(readdirSync(folder).filter((name) => name.includes('.tmp-'))).toEqual([]);
    // With room again, fmt applies its fixes, and keeps the file's permissions.
    expect(runFaulty(['fmt', 'content'], bank).code).toBe(0);
    expect(readFileSync(file)).toEqual(readFileSync(path.join(repoRoot, 'tests/fixtures/fmt/lf.expected.md')));
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('new writes its file whole or not at all', () => {
    const bank = copyBank();
    const folder = path.join(bank, 'content/questions/cardiovascular');
    const before = picture(folder);
    const result = runFaulty(
      ['new', 'question', '--system', 'cardiovascular', '--discipline', 'pathology', '--title', 'full disk'],
      bank,
      {
        path: folder,
        mode: 'enospc',
        after: 50,
      },
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/the disk is full/);
    expect(picture(folder)).toEqual(before);
  });
});

describe('case 4: damaged bundle files are repaired', () => {
  function flipByte(file: string): void {
    const bytes = readFileSync(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(file, bytes);
  }
  const chunk = (bank: string) => path.join(bank, 'dist/bundle/questions/endocrine.json');

  it('the next build finds a flipped byte and rewrites the file', () => {
    const bank = copyBank();
    const good = readFileSync(chunk(bank));
    flipByte(chunk(bank));
    const result = runFaulty(['build'], bank);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/up to date/);
    expect(readFileSync(chunk(bank))).toEqual(good);
    expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
    // Now it is up to date.
    expect(runFaulty(['build'], bank).stderr).toMatch(/up to date/);
  });

  it('a version bump does not link a damaged file of the previous bundle', () => {
    const bank = copyBank();
    flipByte(chunk(bank));
    const config = path.join(bank, 'qbank.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('version: 1.0.0', 'version: 1.0.1'));
    expect(runFaulty(['build'], bank).code).toBe(0);
    expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
  });

  it('--no-cache writes every file anew', () => {
    const bank = copyBank();
    const inode = (file: string) => statSync(path.join(bank, 'dist/bundle', file)).ino;
    const before = readdirSync(path.join(bank, 'dist/bundle/questions')).map((f) => inode(`questions/${f}`));
    flipByte(chunk(bank));
    expect(runFaulty(['build', '--no-cache'], bank).code).toBe(0);
    expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
    const after = readdirSync(path.join(bank, 'dist/bundle/questions')).map((f) => inode(`questions/${f}`));
    expect(after.filter((ino) => before.includes(ino))).toEqual([]);
  });
});

describe('case 5: one build per output folder', () => {
  const lockOf = (bank: string) => path.join(bank, 'dist/.bundle.lock');

  it('waits for a live holder, then fails clearly; breaks the lock of a holder that is gone', async () => {
    const bank = copyBank();
    editQuestion(bank);
    const before = picture(path.join(bank, 'dist/bundle'));
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const owner = (pid: number, processStart: string | null) =>
        JSON.stringify({
          pid,
          scope: processScope(),
          host: hostname(),
          processStart,
          since: new Date().toISOString(),
          token: 'test',
        });
      writeFileSync(lockOf(bank), owner(holder.pid!, processStartTime(holder.pid!) ?? null));
      const held = runFaulty(['build'], bank, undefined, { QBANK_LOCK_WAIT_MS: '300' });
      expect(held.code, held.stderr).toBe(2);
      expect(held.stderr).toMatch(/another build is writing this output folder: .* held by process \d+/);
      notBug(held.stderr);
      expect(picture(path.join(bank, 'dist/bundle'))).toEqual(before);
      // The same pid, but another process (a different start time): the holder is gone.
      writeFileSync(lockOf(bank), owner(holder.pid!, '1'));
      expect(runFaulty(['build'], bank, undefined, { QBANK_LOCK_WAIT_MS: '300' }).code).toBe(0);
      expect(existsSync(lockOf(bank))).toBe(false);
    } finally {
      holder.kill('SIGKILL');
    }
    // A holder in another container, touched recently, is alive; one silent for long is not.
    editQuestion(bank, 4);
    writeFileSync(lockOf(bank), JSON.stringify({ pid: 1, scope: 'feedbeef', host: 'elsewhere', processStart: null }));
    expect(runFaulty(['build'], bank, undefined, { QBANK_LOCK_WAIT_MS: '300' }).code).toBe(2);
    const longAgo = new Date(Date.now() - 3 * 3600_000);
    utimesSync(lockOf(bank), longAgo, longAgo);
    expect(runFaulty(['build'], bank, undefined, { QBANK_LOCK_WAIT_MS: '300' }).code).toBe(0);
  });

  it('two builds at once into one folder both finish, one after the other, with a sound bundle', async () => {
    const one = copyBank();
    // Two configs of one bank (versions differ), one output folder.
    writeFileSync(
      path.join(one, 'second.config.yaml'),
      readFileSync(path.join(one, 'qbank.config.yaml'), 'utf8').replace('version: 1.0.0', 'version: 2.0.0'),
    );
    const runs = await Promise.all([
      startQbank(['build', '--no-cache'], one),
      startQbank(['build', '--no-cache', '--config', 'second.config.yaml'], one),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    expect(bundleProblems(path.join(one, 'dist/bundle'))).toEqual([]);
    expect(readdirSync(path.join(one, 'dist'))).toEqual(['bundle']);
  });

  it('never removes a temporary folder whose owner cannot be checked from here and is recent', () => {
    const bank = copyBank();
    editQuestion(bank);
    // Another container's build (another scope), and one of an earlier version (no scope): their
    // pids mean nothing here, and what they hold changed just now.
    const foreign = path.join(bank, 'dist/.bundle.tmp-1-feedbeef-0badcafe');
    const unscoped = path.join(bank, 'dist/.bundle.tmp-999999-0badcafe');
    for (const folder of [foreign, unscoped]) {
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'manifest.json'), '{}');
    }
    const abandoned = path.join(bank, 'dist/.bundle.tmp-999998-0badcaff');
    mkdirSync(abandoned);
    const longAgo = new Date(Date.now() - 3 * 3600_000);
    utimesSync(abandoned, longAgo, longAgo);
    expect(runFaulty(['build'], bank).code).toBe(0);
    expect(existsSync(foreign)).toBe(true);
    expect(existsSync(unscoped)).toBe(true);
    expect(existsSync(abandoned)).toBe(false);
  });
});

describe('case 6: a bundle always at its name', () => {
  it('a build killed between its two renames is put back by the next run, even one that stops on errors', () => {
    const bank = copyBank();
    const before = picture(path.join(bank, 'dist/bundle'));
    editQuestion(bank);
    // Count the changes under dist/ of a build, then kill one just before its last rename.
    const countFile = path.join(work, `count-${counter}`);
    const probe = copyBank();
    editQuestion(probe);
    expect(runFaulty(['build'], probe, { path: path.join(probe, 'dist'), mode: 'count', countFile }).code).toBe(0);
    const changes = Number(readFileSync(countFile, 'utf8'));
    // The last changes are: rename the new bundle in, remove the old one (several), remove the lock.
    let killedBetween = false;
    for (let at = changes; at > changes - 40 && !killedBetween; at--) {
      rmSync(path.join(bank, 'dist'), { recursive: true, force: true });
      cpSync(path.join(base, 'dist'), path.join(bank, 'dist'), { recursive: true });
      const killed = runFaulty(['build'], bank, { path: path.join(bank, 'dist'), mode: 'kill', after: at });
      expect(killed.signal).toBe('SIGKILL');
      killedBetween = !existsSync(path.join(bank, 'dist/bundle'));
    }
    expect(killedBetween).toBe(true);
    const aside = readdirSync(path.join(bank, 'dist')).filter((name) => name.startsWith('.bundle.old-'));
    expect(aside).toHaveLength(1);
    expect(picture(path.join(bank, 'dist', aside[0]!))).toEqual(before);
    // The next run stops on a content error, yet puts the previous bundle back first.
    const broken = questionFile(bank, 8);
    const text = readFileSync(broken, 'utf8');
    writeFileSync(broken, text.replace('status: published', 'status: publised'));
    const next = runFaulty(['build'], bank);
    expect(next.code).toBe(1);
    expect(picture(path.join(bank, 'dist/bundle'))).toEqual(before);
    expect(readdirSync(path.join(bank, 'dist'))).toEqual(['bundle']);
    writeFileSync(broken, text);
    expect(runFaulty(['build'], bank).code).toBe(0);
    expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
  });
});

describe('case 11: a damaged run record is ignored, and said so once', () => {
  it('one flipped bit does not turn a failing validate into a pass', () => {
    const bank = copyBank();
    const broken = questionFile(bank, 8);
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('status: published', 'status: publised'));
    const reference = runFaulty(['validate', '--format', 'json'], bank);
    expect(reference.code).toBe(1);
    const runs = path.join(bank, '.qbank-cache/runs.v1');
    let flipped = 0;
    for (const name of readdirSync(runs)) {
      const text = readFileSync(path.join(runs, name), 'latin1');
      if (!text.includes('"severity":"error"')) continue;
      // 'o' (0x6f) to 'n' (0x6e): one bit, and "error" is no longer an error.
      writeFileSync(path.join(runs, name), text.replace('"severity":"error"', '"severity":"errnr"'), 'latin1');
      flipped++;
    }
    expect(flipped).toBeGreaterThan(0);
    const again = runFaulty(['validate', '--format', 'json'], bank);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe(reference.stdout);
    expect(again.stderr).toMatch(/a damaged run record was ignored/);
    const third = runFaulty(['validate', '--format', 'json'], bank);
    expect(third.code).toBe(1);
    expect(third.stderr).not.toMatch(/damaged/);
  });
});

describe('case 14: the environment is not a bug', () => {
  it('a read-only bank says read-only, names the path, and not ENOENT', () => {
    const bank = copyBank();
    rmSync(path.join(bank, 'dist'), { recursive: true });
    rmSync(path.join(bank, '.qbank-cache'), { recursive: true });
    // Two folders to make: Node reports a recursive mkdir on a read-only mount as ENOENT.
    const result = runFaulty(['build', '--out', 'build/release/bundle'], bank, { path: bank, mode: 'erofs' });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/environment problem: cannot write .*build: the file system is read-only \(EROFS\)/);
    expect(result.stderr).not.toMatch(/ENOENT/);
    notBug(result.stderr);
  });

  it.each([
    ['eacces', /permission denied \(EACCES\)/],
    ['eperm', /not permitted .*\(EPERM\)/],
  ])('%s on the output', (mode, message) => {
    const bank = copyBank();
    editQuestion(bank);
    const before = picture(path.join(bank, 'dist'));
    const result = runFaulty(['build'], bank, { path: path.join(bank, 'dist'), mode });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(path.join(bank, 'dist'));
    notBug(result.stderr);
    expect(picture(path.join(bank, 'dist'))).toEqual(before);
  });

  it('a name too long for the file system', () => {
    const bank = copyBank();
    const result = runFaulty(['build', '--out', `dist/${'x'.repeat(300)}`], bank);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the file name is too long for the file system \(ENAMETOOLONG\)/);
    notBug(result.stderr);
  });
});

describe('smaller items', () => {
  it('temporary files of a killed cache save are removed', () => {
    const bank = copyBank();
    const cache = path.join(bank, '.qbank-cache');
    // A process that is gone, here; and an earlier version's name, an hour old.
    const gone = `${999_999}-${processScope()}`;
    writeFileSync(path.join(cache, `.results.v1.tmp-${gone}-0badcafe`), 'x');
    writeFileSync(path.join(cache, 'runs.v1', `abc.json.tmp-999999-0badcafe`), 'x');
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(path.join(cache, 'runs.v1', `abc.json.tmp-999999-0badcafe`), old, old);
    editQuestion(bank);
    expect(runFaulty(['build'], bank).code).toBe(0);
    const left = Object.keys(picture(cache)).filter((name) => name.includes('.tmp-'));
    expect(left).toEqual([]);
  });

  it('watch mode writes the output folder again when it is deleted', async () => {
    const bank = copyBank();
    const child = spawn(process.execPath, [qbankBin, 'build', '--watch'], {
      cwd: bank,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const waitFor = (pattern: RegExp, from: number) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(stderr.slice(from))) {
            child.stderr.off('data', check);
            resolve();
          }
        };
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          check();
        });
        child.on('exit', () => reject(new Error(`watch exited: ${stderr}`)));
        check();
      });
    try {
      await waitFor(/watching for changes/, 0);
      const mark = stderr.length;
      rmSync(path.join(bank, 'dist'), { recursive: true });
      await waitFor(/dist\/bundle was removed: writing it again[\s\S]*watching for changes/, mark);
      expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

describe('files and folders that change under a running build', () => {
  it('a file edited during a cold build: a sound bundle, and the next build is a clean build of the new text', async () => {
    const bank = copyBank();
    rmSync(path.join(bank, '.qbank-cache'), { recursive: true, force: true });
    const running = startQbank(['build', '--no-cache'], bank);
    // Edit several questions while the build reads them (when exactly does not matter: either
    // version may be in this bundle, but never a mix in one file, and the next build catches up).
    for (const n of [1, 10, 20, 30]) {
      await new Promise((resolve) => setTimeout(resolve, 15));
      editQuestion(bank, n);
    }
    const first = await running;
    expect(first.code, first.stderr).toBe(0);
    expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
    const next = runFaulty(['build'], bank);
    expect(next.code, next.stderr).toBe(0);
    const fresh = path.join(work, `fresh-${++counter}`);
    cpSync(bank, fresh, { recursive: true, filter: (src) => !/[\\/](dist|\.qbank-cache)$/.test(src) });
    expect(runFaulty(['build', '--no-cache'], fresh).code).toBe(0);
    expect(picture(path.join(bank, 'dist/bundle'))).toEqual(picture(path.join(fresh, 'dist/bundle')));
  });

  it('watch mode survives the content folder deleted and made again, and builds the new files', async () => {
    const bank = copyBank();
    const content = path.join(bank, 'content');
    const saved = path.join(work, `saved-${++counter}`);
    cpSync(content, saved, { recursive: true });
    const child = spawn(process.execPath, [qbankBin, 'build', '--watch'], {
      cwd: bank,
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const waitFor = (pattern: RegExp, from: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (pattern.test(stderr.slice(from))) {
            clearInterval(timer);
            resolve();
          } else if (child.exitCode !== null) {
            clearInterval(timer);
            reject(new Error(`watch exited: ${stderr}`));
          }
        }, 20);
      });
    try {
      await waitFor(/watching for changes/, 0);
      const removed = stderr.length;
      rmSync(content, { recursive: true });
      await waitFor(/\S/, removed);
      expect(child.exitCode, stderr).toBeNull();
      notBug(stderr);
      // Made again, with one question edited: the next build has the edit.
      const made = stderr.length;
      cpSync(saved, content, { recursive: true });
      editQuestion(bank, 5);
      await waitFor(/bundle written[\s\S]*watching for changes/, made);
      expect(bundleProblems(path.join(bank, 'dist/bundle'))).toEqual([]);
      const chunks = readdirSync(path.join(bank, 'dist/bundle'), { recursive: true }).map(String);
      const texts = chunks
        .filter((name) => name.endsWith('.json'))
        .map((name) => readFileSync(path.join(bank, 'dist/bundle', name), 'utf8'));
      expect(texts.some((text) => text.includes('comes to the emergency department'))).toBe(true);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
