// Worker threads: a parallel build gives exactly the bytes and diagnostics of one thread, the
// workers' own reads find the cache, and their spill folders are swept by the cache's one rule.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processScope } from '@qbank/core';
import { bundleBytes, copyBank, editedQuestion } from './helpers/cache-bank.js';
import { repoRoot, spawnQbank } from './helpers/cli.js';
import { listFiles, makeTempDir } from './helpers/fs.js';

let work: string;

beforeAll(() => {
  work = makeTempDir('cache-workers');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Enough copies of the bank's question, under new ids and varied, for worker threads to start. */
function addCopies(bank: string, count: number, vary: (source: string, i: number) => string): void {
  const source = readFileSync(editedQuestion(bank), 'utf8');
  mkdirSync(path.join(bank, 'content/questions/many'), { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(
      path.join(bank, `content/questions/many/gen-${i}.md`),
      vary(source.replace('id: cv-mi', `id: gen-${i}`), i),
    );
  }
}

describe('worker threads (built CLI)', () => {
  it('give the same bundle and diagnostics as one thread', { timeout: 180_000 }, () => {
    const bank = copyBank(work, 'workers');
    const systems = ['respiratory', 'renal-urinary', 'gastrointestinal', 'endocrine', 'musculoskeletal'];
    addCopies(bank, 240, (source, i) =>
      source
        .replace('system: cardiovascular', `system: ${systems[i % systems.length]}`)
        .replace('A 64-year-old woman', `A ${20 + (i % 60)}-year-old woman (case ${i})`),
    );
    const one = spawnQbank(['build', '--jobs', '1', '--no-cache', '--out', 'one', '--format', 'json'], bank);
    const two = spawnQbank(['build', '--jobs', '2', '--no-cache', '--out', 'two', '--format', 'json'], bank);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stderr).toMatch(/244 parsed, cache off/);
    expect(two.stderr).toMatch(/244 parsed in 2 worker threads/);
    expect(two.stdout).toBe(one.stdout);
    expect(bundleBytes(path.join(bank, 'two'))).toEqual(bundleBytes(path.join(bank, 'one')));
  });

  it(
    'read the files themselves: their keys find the cache, and their records come back whole',
    { timeout: 180_000 },
    () => {
      const bank = copyBank(work, 'workers-read');
      addCopies(bank, 220, (source, i) => source.replace('A 64-year-old woman', `A woman (case ${i})`));
      // The workers spill the prepared records into the cache directory, in a temporary folder
      // removed after, as is what a killed build left there: by the cache's one rule, at once when
      // its process is gone here, an hour after its last change when its process cannot be
      // checked (a build in another PID namespace, a container's, may only look gone).
      const gone = spawnSync(process.execPath, ['-e', '']).pid!;
      const folder = (scope: string, random: string) =>
        path.join(bank, `.qbank-cache/.qbank-results.tmp-${gone}-${scope}-${random}`);
      const hoursAgo = new Date(Date.now() - 2 * 3600_000);
      const left = folder('0badcafe', '00000001');
      const young = folder('0badcafe', '00000002');
      const ours = folder(processScope(), '00000003');
      for (const dir of [left, young, ours]) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, '1.results'), 'x'.repeat(1000));
      }
      utimesSync(path.join(left, '1.results'), hoursAgo, hoursAgo);
      utimesSync(left, hoursAgo, hoursAgo);
      const spills = () =>
        readdirSync(path.join(bank, '.qbank-cache')).filter((n) => n.startsWith('.qbank-results.tmp-'));
      const cold = spawnQbank(['build', '--jobs', '2', '--out', 'cold', '--format', 'json'], bank);
      expect(cold.code, cold.stderr).toBe(0);
      expect(cold.stderr).toMatch(/224 parsed in 2 worker threads, 0 from the cache/);
      expect(spills()).toEqual([path.basename(young)]);
      rmSync(young, { recursive: true });
      // Without a cache, into the system's temporary directory.
      const tmp = path.join(work, 'workers-read-tmp');
      mkdirSync(tmp);
      const env = { TMPDIR: tmp, TEMP: tmp, TMP: tmp };
      const uncached = spawnQbank(
        ['build', '--jobs', '2', '--no-cache', '--out', 'uncached', '--format', 'json'],
        bank,
        env,
      );
      expect(uncached.stderr).toMatch(/224 parsed in 2 worker threads, cache off/);
      expect(readdirSync(tmp)).toEqual([]);
      const alone = spawnQbank(['build', '--jobs', '1', '--no-cache', '--out', 'alone', '--format', 'json'], bank);
      expect(alone.code, alone.stderr).toBe(0);
      expect(cold.stdout).toBe(alone.stdout);
      expect(bundleBytes(path.join(bank, 'cold'))).toEqual(bundleBytes(path.join(bank, 'alone')));
      expect(bundleBytes(path.join(bank, 'uncached'))).toEqual(bundleBytes(path.join(bank, 'alone')));
      // Same text, new stamps: no run record answers, so every file is read here and found in the
      // cache by the key computed from it, the key the worker computed when it read the file.
      for (const file of listFiles(path.join(bank, 'content'))) {
        const full = path.join(bank, 'content', file);
        writeFileSync(full, readFileSync(full));
      }
      const again = spawnQbank(['build', '--jobs', '2', '--out', 'again', '--format', 'json'], bank);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/files: 0 parsed, 224 from the cache/);
      expect(bundleBytes(path.join(bank, 'again'))).toEqual(bundleBytes(path.join(bank, 'alone')));
    },
  );

  it('start under node flags that worker threads do not accept (-e, --input-type)', { timeout: 120_000 }, () => {
    const bank = copyBank(work, 'workers-flags');
    addCopies(bank, 210, (source, i) => source.replace('A 64-year-old woman', `A woman (case ${i})`));
    const script = `const { runCli } = await import(${JSON.stringify(path.join(repoRoot, 'packages/cli/dist/index.js'))});
process.exitCode = await runCli(['validate', '--no-cache', '--jobs', '2'], { cwd: process.cwd(), env: {}, isTTY: false, stdout() {}, stderr: (t) => process.stderr.write(t) });`;
    const result = spawnQbankScript(script, bank);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.stderr).toMatch(/in 2 worker threads/);
  });
});

function spawnQbankScript(script: string, cwd: string): { code: number; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stderr: result.stderr };
}
