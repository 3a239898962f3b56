// The per-file results (.qbank-cache/results.v1 and compiled.v1) through the real CLI: a cached
// build gives exactly the bytes and diagnostics of a cold one, and a damaged, stale or missing cache
// only costs time.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBytes, copyBank, editedQuestion } from './helpers/cache-bank.js';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

let work: string;

beforeAll(() => {
  work = makeTempDir('cache-results');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const cacheFile = (bank: string) => path.join(bank, '.qbank-cache/results.v1');

describe('the incremental cache', () => {
  it('reuses unchanged files and answers an unchanged build from its record, with the same bytes', async () => {
    const bank = copyBank(work, 'reuse');
    const cold = await runQbank(['build', '--format', 'json'], bank);
    expect(cold.code).toBe(0);
    expect(cold.stderr).toMatch(/files: 4 parsed, 0 from the cache/);
    expect(existsSync(cacheFile(bank))).toBe(true);
    const bytes = bundleBytes(path.join(bank, 'out/bundle'));

    const again = await runQbank(['build', '--format', 'json'], bank);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('bundle up to date in out/bundle');
    expect(again.stdout).toBe(cold.stdout);
    expect(bundleBytes(path.join(bank, 'out/bundle'))).toEqual(bytes);

    // One edited file is parsed again; the others come from the cache.
    writeFileSync(
      editedQuestion(bank),
      readFileSync(editedQuestion(bank), 'utf8').replace('crushing', 'pressure-like'),
    );
    const edited = await runQbank(['build'], bank);
    expect(edited.code).toBe(0);
    expect(edited.stderr).toMatch(/files: 1 parsed, 3 from the cache/);
    expect(edited.stderr).toContain('bundle written to out/bundle');
    expect(readFileSync(path.join(bank, 'out/bundle/questions/cardiovascular.json'), 'utf8')).toContain(
      'pressure-like',
    );
  });

  it.each([
    ['garbage', () => 'not a cache at all\n\u0000\u0001'],
    ['a truncated file', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['a flipped byte inside an entry', (text: string) => text.replace('"diagnostics"', '"diagnostiXs"')],
    [
      'an entry with a valid checksum but the wrong shape',
      (text: string) => text.replace(/\n[0-9a-f]{64}\t.*$/s, '\n'),
    ],
    ['an empty file', () => ''],
  ])('recovers from %s: same output as without a cache, and a sound cache again', async (name, damage) => {
    const bank = copyBank(work, `damaged-${name.replace(/\W+/g, '-')}`);
    const reference = await runQbank(['validate', '--format', 'json', '--no-cache'], bank);
    expect((await runQbank(['validate'], bank)).code).toBe(reference.code);
    writeFileSync(cacheFile(bank), damage(readFileSync(cacheFile(bank), 'utf8')));
    // No run record may answer for the damaged cache: drop them, as an edit would.
    rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
    const damaged = await runQbank(['validate', '--format', 'json'], bank);
    expect(damaged.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(damaged.code).toBe(reference.code);
    expect(damaged.stdout).toBe(reference.stdout);
    // The damaged entries were replaced: the next run reads everything from the cache.
    rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
    const next = await runQbank(['validate', '--format', 'json'], bank);
    expect(next.stderr).toMatch(/files: 0 parsed, 4 from the cache/);
    expect(next.stdout).toBe(reference.stdout);
  });

  it('rebuilds an item whose compiled part is damaged, when a build needs it, and only then', async () => {
    const bank = copyBank(work, 'damaged-compiled');
    expect((await runQbank(['build'], bank)).code).toBe(0);
    const bytes = bundleBytes(path.join(bank, 'out/bundle'));
    // Compiled items are kept apart from what validation reads: damage one, its results stay sound.
    const compiled = path.join(bank, '.qbank-cache/compiled.v1');
    writeFileSync(compiled, readFileSync(compiled, 'utf8').replace('"stem"', '"stXm"'));
    rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
    // validate reads only the check parts: the damage goes unnoticed and costs nothing.
    expect((await runQbank(['validate'], bank)).stderr).toMatch(/files: 0 parsed, 4 from the cache/);
    rmSync(path.join(bank, 'out'), { recursive: true });
    const rebuilt = await runQbank(['build'], bank);
    expect(rebuilt.stderr).toMatch(/files: 1 parsed, 3 from the cache; 1 damaged cache entries dropped/);
    expect(bundleBytes(path.join(bank, 'out/bundle'))).toEqual(bytes);

    // Cut short or gone: every build still gives the same bytes, and leaves a sound cache.
    for (const damage of [(text: string) => text.slice(0, -40), () => null]) {
      const text = damage(readFileSync(compiled, 'utf8'));
      if (text === null) rmSync(compiled);
      else writeFileSync(compiled, text);
      rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
      rmSync(path.join(bank, 'out'), { recursive: true });
      expect((await runQbank(['build'], bank)).code).toBe(0);
      expect(bundleBytes(path.join(bank, 'out/bundle'))).toEqual(bytes);
      rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
      rmSync(path.join(bank, 'out'), { recursive: true });
      expect((await runQbank(['build'], bank)).stderr).toMatch(/files: 0 parsed, 4 from the cache/);
    }
  });

  it('treats a cache made under another config as stale', async () => {
    const bank = copyBank(work, 'stale');
    expect((await runQbank(['validate'], bank)).stderr).toMatch(/4 parsed/);
    const config = path.join(bank, 'qbank.config.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}lint:\n  rules:\n    item/longest-option-cue: warning\n`);
    expect((await runQbank(['validate'], bank)).stderr).toMatch(/files: 4 parsed, 0 from the cache/);
  });

  it('notices a changed image even when the files that show it did not change', async () => {
    const bank = copyBank(work, 'image');
    expect((await runQbank(['build'], bank)).code).toBe(0);
    const before = readdirSync(path.join(bank, 'out/bundle/assets'));
    writeFileSync(
      path.join(bank, 'content/images/ecg.png'),
      readFileSync(path.join(repoRoot, 'content/images/spirometry-flow-volume.svg')),
    );
    const rebuilt = await runQbank(['build'], bank);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/files: 2 parsed, 2 from the cache/);
    expect(readdirSync(path.join(bank, 'out/bundle/assets'))).not.toEqual(before);
    rmSync(path.join(bank, 'content/images/ecg.png'));
    const missing = await runQbank(['build', '--format', 'json'], bank);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('asset/missing');
  });

  it('never pairs results with a compiled item written for other results of the same file', async () => {
    const bank = copyBank(work, 'torn-pair');
    expect((await runQbank(['build'], bank)).code).toBe(0);
    // A changed image: the two files that show it get new results under the same keys, appended.
    writeFileSync(
      path.join(bank, 'content/images/ecg.png'),
      readFileSync(path.join(repoRoot, 'content/images/spirometry-flow-volume.svg')),
    );
    expect((await runQbank(['build'], bank)).stderr).toMatch(/files: 2 parsed, 2 from the cache/);
    const bytes = bundleBytes(path.join(bank, 'out/bundle'));
    // The compiled appends are lost (a crash between the two files): the old compiled lines remain.
    const compiled = path.join(bank, '.qbank-cache/compiled.v1');
    writeFileSync(compiled, `${readFileSync(compiled, 'utf8').trimEnd().split('\n').slice(0, -2).join('\n')}\n`);
    rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
    rmSync(path.join(bank, 'out'), { recursive: true });
    expect((await runQbank(['build'], bank)).stderr).toMatch(/files: 2 parsed, 2 from the cache/);
    expect(bundleBytes(path.join(bank, 'out/bundle'))).toEqual(bytes);
  });

  it('writes nothing with --no-cache, and keeps fixtures clean with QBANK_CACHE_DIR', async () => {
    const bank = copyBank(work, 'no-cache');
    expect((await runQbank(['validate', '--no-cache'], bank)).stderr).toMatch(/cache off/);
    expect(existsSync(path.join(bank, '.qbank-cache'))).toBe(false);
    const elsewhere = path.join(work, 'elsewhere-cache');
    expect((await runQbank(['validate'], bank, { QBANK_CACHE_DIR: elsewhere })).code).toBe(0);
    expect(existsSync(path.join(bank, '.qbank-cache'))).toBe(false);
    expect(readdirSync(elsewhere).sort()).toEqual([
      '.gitignore',
      'CACHEDIR.TAG',
      'compiled.v1',
      'results.v1',
      'runs.v1',
      'similar.v1',
    ]);
  });
});
