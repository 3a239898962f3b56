// `qbank build --watch` on real files: what an editor writes beside a file starts no build, an
// atomic save rebuilds the file it lands on, a new or removed folder is rescanned, and only a
// change to what the environment is loaded from (here the config) starts afresh.
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const fixture = path.join(repoRoot, 'tests/fixtures/banks/small');
let work: string;

beforeAll(() => {
  work = makeTempDir('watch-inputs');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the fixture bank in the test's folder. */
function copyFixture(name: string): string {
  const bank = path.join(work, name);
  cpSync(fixture, bank, { recursive: true });
  return bank;
}

/**
 * How long a change that should start no build is watched for one: long enough for a build the
 * watcher started to show up (it starts 10 ms after a change), far shorter than any wait for one.
 * Only "nothing happens" needs a window; everything else waits for the output that says it happened.
 */
const quietMs = 300;

/** Run `qbank build --watch` in `bank`; its stderr so far, and a wait for its nth build. */
function watchBank(bank: string, args: string[] = []) {
  const child = spawn(
    process.execPath,
    [path.join(repoRoot, 'packages/cli/dist/bin.js'), 'build', '--watch', ...args],
    {
      cwd: bank,
      env: { ...process.env, NO_COLOR: '1' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const builds = () => (stderr.match(/built in \d+ ms/g) ?? []).length;
  /** Resolve with `true` on the output that makes `ready` hold, `false` after `limitMs` or at exit without it. */
  const output = (ready: () => boolean, limitMs: number) =>
    new Promise<boolean>((resolve) => {
      if (ready()) return resolve(true);
      const done = (result: boolean) => {
        clearTimeout(limit);
        child.stderr.off('data', check);
        child.off('exit', exited);
        resolve(result);
      };
      const check = () => ready() && done(true);
      const exited = () => done(ready());
      const limit = setTimeout(() => done(false), limitMs);
      child.stderr.on('data', check);
      child.once('exit', exited);
    });
  /** Wait for the `count`th build to be reported (15 s at most); the number of builds then. */
  const waitForBuild = async (count: number) => {
    await output(() => builds() >= count, 15_000);
    return builds();
  };
  /** Wait until no build starts for `quietMs`; the number of builds then. */
  const settle = async () => {
    for (let count = builds(); await output(() => builds() > count, quietMs); count = builds());
    return builds();
  };

  // Stopped, it writes its cache: wait for that before the bank is removed.
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  /** Expect no build to start after the `count`th: fails at the first output of one, else after `quietMs`. */
  const stillAt = async (count: number) => {
    expect(await output(() => builds() > count, quietMs), 'a build started').toBe(false);
    expect(builds()).toBe(count);
  };
  return { stderr: () => stderr, waitForBuild, settle, stillAt, stop };
}

/** The manifest of the bundle a bank's watch wrote. */
function manifestOf(bank: string) {
  return JSON.parse(readFileSync(path.join(bank, 'out/bundle/manifest.json'), 'utf8')) as {
    bank: { name: string; version: string };
    items: { id: string }[];
    assets: { path: string }[];
  };
}

describe('qbank build --watch', () => {
  it('ignores editor files, rescans folders, and starts afresh only for the environment', async () => {
    const bank = copyFixture('bank');
    // Without the disk cache, a build that started afresh parses every file: `1 parsed` says it kept its session.
    const { stderr, waitForBuild, stillAt, stop } = watchBank(bank, ['--no-cache']);
    /** The stats line of the last build. */
    const lastStats = () =>
      stderr()
        .match(/files: [^\n]*/g)
        ?.at(-1);
    const manifest = () => manifestOf(bank);
    const questions = path.join(bank, 'content/questions/cardiovascular');
    const question = path.join(questions, 'cv-mi.md');
    const chunk = () => readFileSync(path.join(bank, 'out/bundle/questions/cardiovascular.json'), 'utf8');
    try {
      expect(await waitForBuild(1)).toBe(1);

      // What vim, sed, emacs and macOS write beside a saved file starts no build.
      writeFileSync(path.join(questions, '4913'), '');
      unlinkSync(path.join(questions, '4913'));
      writeFileSync(path.join(questions, '.cv-mi.md.swp'), 'swap');
      writeFileSync(path.join(questions, 'cv-mi.md~'), readFileSync(question));
      writeFileSync(path.join(questions, 'sedAb12Cd'), 'partial');
      symlinkSync('someone@host.1234', path.join(questions, '.#cv-mi.md'));
      writeFileSync(path.join(bank, 'content/.DS_Store'), '');
      writeFileSync(path.join(bank, 'README.txt'), 'notes');
      await stillAt(1);
      // An edit after them is the next build, and only the edited file is read again.
      writeFileSync(question, readFileSync(question, 'utf8').replace('crushing', 'pressure-like'));
      expect(await waitForBuild(2)).toBe(2);
      expect(lastStats()).toBe('files: 1 parsed, cache off');
      expect(chunk()).toContain('pressure-like');

      // A `sed -i` save (a temporary file renamed onto the question) rebuilds that question.
      const temporary = path.join(questions, 'sedXy34Zw');
      writeFileSync(temporary, readFileSync(question, 'utf8').replace('pressure-like', 'squeezing'));
      renameSync(temporary, question);
      expect(await waitForBuild(3)).toBe(3);
      expect(lastStats()).toBe('files: 1 parsed, cache off');
      expect(chunk()).toContain('squeezing');

      // A folder made with a question in it: the folder is rescanned, the rest stays in memory.
      const renal = path.join(bank, 'content/questions/renal');
      mkdirSync(renal);
      writeFileSync(
        path.join(renal, 'renal-copy.md'),
        readFileSync(question, 'utf8').replace(/^id: .*$/m, 'id: renal-copy'),
      );
      expect(await waitForBuild(4)).toBe(4);
      expect(lastStats()).toBe('files: 1 parsed, cache off');
      expect(manifest().items.map((item) => item.id)).toContain('renal-copy');
      // The folder removed: its question leaves the bundle, still without starting afresh.
      rmSync(renal, { recursive: true });
      expect(await waitForBuild(5)).toBe(5);
      expect(manifest().items.map((item) => item.id)).not.toContain('renal-copy');
      expect(stderr()).not.toContain('starting afresh');

      // An image changed: the question and the note that show it are read again from disk (the
      // session keeps unchanged files by their keys, not their text), and the bundle has the new image.
      const assetsBefore = manifestOf(bank).assets.map((asset) => asset.path);
      const image = path.join(bank, 'content/images/ecg.png');
      writeFileSync(image, Buffer.concat([readFileSync(image), Buffer.from('changed')]));
      expect(await waitForBuild(6)).toBe(6);
      expect(lastStats()).toBe('files: 2 parsed, cache off');
      expect(manifestOf(bank).assets.map((asset) => asset.path)).not.toEqual(assetsBefore);
      expect(chunk()).toContain('squeezing');

      // The config changed: the environment is loaded again, and watch mode says why.
      const config = path.join(bank, 'qbank.config.yaml');
      writeFileSync(config, readFileSync(config, 'utf8').replace('version: 1.2.3', 'version: 1.3.0'));
      expect(await waitForBuild(7)).toBe(7);
      expect(stderr()).toContain('qbank: qbank.config.yaml changed: starting afresh\n');
      expect(manifest().bank.version).toBe('1.3.0');
      expect(lastStats()).toBe('files: 4 parsed, cache off');
      await stillAt(7);
    } finally {
      await stop();
    }
  }, 30_000);

  it('notices a config made where there was none, and retries one that failed to load', async () => {
    // Not under the repository, whose own config would be found above the bank.
    const bank = path.join(mkdtempSync(path.join(tmpdir(), 'qbank-watch-')), 'no-config');
    cpSync(fixture, bank, { recursive: true });
    const config = path.join(bank, 'qbank.config.yaml');
    const configText = readFileSync(config, 'utf8');
    rmSync(config);
    const { stderr, waitForBuild, stillAt, stop } = watchBank(bank, ['--out', 'out/bundle']);
    const fresh = () => stderr().match(/^qbank: qbank\.config\.yaml changed: starting afresh$/gm)?.length ?? 0;
    try {
      expect(await waitForBuild(1)).toBe(1);
      // Without a config the bank is named after its folder.
      expect(manifestOf(bank).bank.name).toBe('no-config');
      writeFileSync(config, 'name: [\n');
      expect(await waitForBuild(2)).toBe(2);
      expect(fresh()).toBe(1);
      expect(stderr()).toContain('build stopped');
      // Nothing loaded: an editor's file still starts no build.
      writeFileSync(path.join(bank, 'content/questions/cardiovascular/4913'), '');
      await stillAt(2);
      // The config fixed by an atomic save (a temporary file renamed onto it).
      writeFileSync(`${config}.tmp`, configText);
      renameSync(`${config}.tmp`, config);
      expect(await waitForBuild(3)).toBe(3);
      expect(fresh()).toBe(2);
      expect(manifestOf(bank).bank.name).toBe('Small fixture bank');
    } finally {
      await stop();
      rmSync(path.dirname(bank), { recursive: true, force: true });
    }
  }, 30_000);

  it('watches the config above the content folder it is given, and nothing else there', async () => {
    const bank = copyFixture('bank-above');
    const config = path.join(bank, 'qbank.config.yaml');
    const { stderr, waitForBuild, stillAt, stop } = watchBank(bank, ['content']);
    try {
      expect(await waitForBuild(1)).toBe(1);
      expect(manifestOf(bank).bank.name).toBe('Small fixture bank');
      // Other files beside the config (the bundle's own folder among them) start no build.
      writeFileSync(path.join(bank, 'notes.txt'), 'x');
      await stillAt(1);
      writeFileSync(config, readFileSync(config, 'utf8').replace('Small fixture bank', 'Renamed bank'));
      expect(await waitForBuild(2)).toBe(2);
      expect(stderr()).toMatch(/^qbank: qbank\.config\.yaml changed: starting afresh$/m);
      expect(manifestOf(bank).bank.name).toBe('Renamed bank');
      await stillAt(2);
    } finally {
      await stop();
    }
  }, 30_000);

  it('rebuilds when an image the bank names changes, whatever its extension', async () => {
    const bank = copyFixture('bank-image');
    // The same image under a name no list of image extensions has.
    const image = path.join(bank, 'content/images/ecg.scan');
    renameSync(path.join(bank, 'content/images/ecg.png'), image);
    for (const file of [
      'content/questions/cardiovascular/cv-mi.md',
      'content/notes/cardiovascular/coronary-artery-disease.md',
    ]) {
      const full = path.join(bank, file);
      writeFileSync(full, readFileSync(full, 'utf8').replace('ecg.png', 'ecg.scan'));
    }
    const { waitForBuild, stillAt, stop } = watchBank(bank, ['--no-cache']);
    try {
      expect(await waitForBuild(1)).toBe(1);
      const assetsBefore = manifestOf(bank).assets.map((asset) => asset.path);
      expect(assetsBefore).toHaveLength(1);
      // A file of that kind that nothing names starts no build.
      writeFileSync(path.join(bank, 'content/images/other.scan'), 'x');
      await stillAt(1);
      writeFileSync(image, Buffer.concat([readFileSync(image), Buffer.from('changed')]));
      expect(await waitForBuild(2)).toBe(2);
      expect(manifestOf(bank).assets.map((asset) => asset.path)).not.toEqual(assetsBefore);
    } finally {
      await stop();
    }
  }, 30_000);

  it('watches a previous release outside the content folder, also once it is replaced', async () => {
    const bank = copyFixture('bank-previous');
    // A release under dist/, a folder the watch of the content folder itself skips.
    const released = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'packages/cli/dist/bin.js'), 'build', '--out', 'dist/prev'],
      {
        cwd: bank,
        encoding: 'utf8',
      },
    );
    expect(released.status, released.stderr).toBe(0);
    const previous = path.join(bank, 'dist/prev');
    cpSync(previous, path.join(bank, 'copy'), { recursive: true });
    const manifestFile = path.join(previous, 'manifest.json');
    const { stderr, waitForBuild, settle, stop } = watchBank(bank, [
      'content',
      '--previous',
      'dist/prev',
      '--no-cache',
    ]);
    const fresh = () => stderr().match(/starting afresh/g)?.length ?? 0;
    try {
      expect(await waitForBuild(1)).toBe(1);
      writeFileSync(manifestFile, readFileSync(manifestFile));
      expect(await waitForBuild(2)).toBe(2);
      expect(fresh()).toBe(1);
      // Replaced whole: its new files are watched after the build the replacement started.
      rmSync(previous, { recursive: true });
      cpSync(path.join(bank, 'copy'), previous, { recursive: true });
      expect(await waitForBuild(3)).toBeGreaterThanOrEqual(3);
      const before = await settle();
      writeFileSync(manifestFile, readFileSync(manifestFile));
      expect(await waitForBuild(before + 1)).toBe(before + 1);
    } finally {
      await stop();
    }
  }, 30_000);
});
