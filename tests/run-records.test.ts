// Run records (.qbank-cache/runs.v1/): an unchanged run is answered from its record, and only
// while what it produced is still there; a damaged record is ignored, said, and removed.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBytes, copyBank } from './helpers/cache-bank.js';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

let work: string;

beforeAll(() => {
  work = makeTempDir('run-records');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('run records', () => {
  it('rebuilds a bundle that was deleted or altered after the recorded build', async () => {
    const bank = copyBank(work, 'altered');
    expect((await runQbank(['build'], bank)).code).toBe(0);
    const bytes = bundleBytes(path.join(bank, 'out/bundle'));
    writeFileSync(path.join(bank, 'out/bundle/questions/cardiovascular.json'), '{}');
    const repaired = await runQbank(['build'], bank);
    expect(repaired.stderr).toContain('bundle written to out/bundle');
    expect(bundleBytes(path.join(bank, 'out/bundle'))).toEqual(bytes);
    rmSync(path.join(bank, 'out'), { recursive: true });
    expect((await runQbank(['build'], bank)).stderr).toContain('bundle written to out/bundle');
    expect(bundleBytes(path.join(bank, 'out/bundle'))).toEqual(bytes);
  });

  it.skipIf(process.platform === 'win32')(
    'rebuilds a bundle file replaced by a named pipe without opening it (the build does not wait on the pipe)',
    async () => {
      const bank = copyBank(work, 'pipe');
      expect((await runQbank(['build'], bank)).code).toBe(0);
      const bytes = bundleBytes(path.join(bank, 'out/bundle'));
      const chunk = path.join(bank, 'out/bundle/questions/cardiovascular.json');
      rmSync(chunk);
      execFileSync('mkfifo', [chunk]);
      // The built binary in a process of its own, with a time limit: a read of the pipe would block it.
      const repaired = spawnSync(process.execPath, [path.join(repoRoot, 'packages/cli/dist/bin.js'), 'build'], {
        cwd: bank,
        encoding: 'utf8',
        timeout: 15_000,
      });
      expect(repaired.signal).toBeNull();
      expect(repaired.stderr).toContain('bundle written to out/bundle');
      expect(bundleBytes(path.join(bank, 'out/bundle'))).toEqual(bytes);
    },
    20_000,
  );

  it('ignores a damaged run record, says so, and removes it; a record of other code is only stale', async () => {
    const bank = copyBank(work, 'damaged-record');
    const reference = await runQbank(['validate', '--format', 'json'], bank);
    const runs = path.join(bank, '.qbank-cache/runs.v1');
    const [name] = readdirSync(runs);
    const file = path.join(runs, name!);
    const sound = readFileSync(file, 'utf8');
    const header = sound.slice(0, sound.indexOf('\n'));
    const body = sound.slice(header.length + 1);
    expect(JSON.parse(header)).toMatchObject({ format: 'qbank-runs/5', sum: expect.stringMatching(/^[0-9a-f]{8}$/) });
    // The record on one line, its diagnostics on the next.
    expect(body.split('\n')).toHaveLength(2);
    const damages: [string, string, RegExp][] = [
      // A byte changed in the record: its checksum no longer holds.
      ['a changed byte', `${header}\n${body.replace('"filesChecked":4', '"filesChecked":5')}`, /damaged run record/],
      ['a record cut short', sound.slice(0, -20), /damaged run record/],
      ['garbage', 'not a record\n\u0000', /damaged run record/],
      // Written by another version of qbank: sound, not ours to read, and not damage.
      ['another format', sound.replace('qbank-runs/5', 'qbank-runs/9'), /^(?![\s\S]*damaged run record)/],
    ];
    for (const [what, text, note] of damages) {
      writeFileSync(file, text);
      const again = await runQbank(['validate', '--format', 'json'], bank);
      expect(again.stderr, what).not.toMatch(/internal error/);
      expect(again.stderr, what).toMatch(/files: 0 parsed, 4 from the cache/);
      expect(again.stderr, what).toMatch(note);
      expect(again.stdout, what).toBe(reference.stdout);
      // The run is recorded again, soundly: the next one is answered from it.
      expect((await runQbank(['validate'], bank)).stderr, what).toMatch(/its results were reused/);
    }
  });
});
