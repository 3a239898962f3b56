// kill -9 at 20 moments of a cold build (issue 20): the previous bundle stays whole and at its name
// (or, killed between the two renames, whole beside it and put back by the next run), and the next
// build is byte for byte a clean one. The moments are the build's own changes to the file system
// (counted, then killed before the n-th, by the write shim), spread over the whole build: cache,
// run record and bundle. A generated bank of 60 questions; 3,000 with QBANK_SLOW_TESTS=1.
// Needs `pnpm build`.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateBank, picture, questionFile, runFaulty } from './helpers/fault-shim-bank.js';
import { makeTempDir } from './helpers/fs.js';

const slow = process.env.QBANK_SLOW_TESTS === '1';
const questions = slow ? 3000 : 60;
const moments = 20;

let work: string;
let bank: string;
let previous: Record<string, string>;
let clean: Record<string, string>;
let changes: number;

beforeAll(() => {
  work = makeTempDir('faults-kill');
  bank = generateBank(path.join(work, 'bank'), questions, 11);
  expect(runFaulty(['build'], bank).code).toBe(0);
  previous = picture(path.join(bank, 'dist/bundle'));
  cpSync(path.join(bank, 'dist'), path.join(work, 'previous'), { recursive: true });
  // The next version: edited questions, one removed, one added.
  for (const n of [1, 7, 42]) {
    const file = questionFile(bank, n);
    writeFileSync(file, readFileSync(file, 'utf8').replace('comes to the physician', 'is brought to the clinic'));
  }
  rmSync(questionFile(bank, 5));
  cpSync(questionFile(bank, 9), questionFile(bank, questions + 1));
  const added = questionFile(bank, questions + 1);
  writeFileSync(added, readFileSync(added, 'utf8').replace('id: fault-9', `id: fault-${questions + 1}`));
  // What a clean build of it writes: a copy without cache or output.
  const fresh = path.join(work, 'clean');
  cpSync(bank, fresh, { recursive: true });
  rmSync(path.join(fresh, 'dist'), { recursive: true });
  rmSync(path.join(fresh, '.qbank-cache'), { recursive: true });
  const built = runFaulty(['build'], fresh);
  expect(built.code, built.stderr).toBe(0);
  clean = picture(path.join(fresh, 'dist/bundle'));
  // How many changes the build makes, counted in the state every killed run starts from.
  const probe = path.join(work, 'probe');
  cpSync(bank, probe, { recursive: true });
  rmSync(path.join(probe, '.qbank-cache'), { recursive: true });
  const countFile = path.join(work, 'changes');
  expect(runFaulty(['build'], probe, { path: probe, mode: 'count', countFile }).code).toBe(0);
  changes = Number(readFileSync(countFile, 'utf8'));
  expect(clean).not.toEqual(previous);
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('kill -9 during a cold build', () => {
  it(
    `keeps the previous bundle at ${moments} moments, and the next build is a clean one`,
    { timeout: slow ? 3_600_000 : 600_000 },
    () => {
      const outcomes: string[] = [];
      for (let k = 1; k <= moments; k++) {
        // Cold: no cache, the previous release's bundle in place.
        rmSync(path.join(bank, '.qbank-cache'), { recursive: true, force: true });
        rmSync(path.join(bank, 'dist'), { recursive: true, force: true });
        cpSync(path.join(work, 'previous'), path.join(bank, 'dist'), { recursive: true });
        const at = Math.max(1, Math.round((k * changes) / (moments + 1)));
        const killed = runFaulty(['build'], bank, { path: bank, mode: 'kill', after: at });
        expect(killed.signal, `change ${at}: ${killed.stderr}`).toBe('SIGKILL');
        const dist = path.join(bank, 'dist');
        if (existsSync(path.join(dist, 'bundle'))) {
          const now = picture(path.join(dist, 'bundle'));
          // Killed before the commit: the previous bundle; after it: the new one, whole.
          expect([previous, clean]).toContainEqual(now);
          outcomes.push(now === previous || JSON.stringify(now) === JSON.stringify(previous) ? 'previous' : 'new');
        } else {
          // Between the two renames: the previous bundle whole, beside its name.
          const aside = readdirSync(dist).filter((name) => name.startsWith('.bundle.old-'));
          expect(aside).toHaveLength(1);
          expect(picture(path.join(dist, aside[0]!))).toEqual(previous);
          outcomes.push('aside');
        }
        const next = runFaulty(['build'], bank);
        expect(next.code, next.stderr).toBe(0);
        expect(picture(path.join(dist, 'bundle'))).toEqual(clean);
        expect(readdirSync(dist)).toEqual(['bundle']);
      }
      // The moments reach into the bundle's writing, not only the cache's.
      expect(outcomes).toContain('previous');
    },
  );
});
