// The glossary and the cache: a question's cached result depends on the glossary's names (its term
// ranges point at entries by index), not on their definitions, which reach only glossary.json. So a
// definition edit re-parses nothing yet rewrites glossary.json, and a new variant re-parses every file.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleBytes } from './helpers/cache-bank.js';
import { runQbank } from './helpers/cli.js';
import { copySampleBank, makeTempDir } from './helpers/fs.js';

let work: string;
let bank: string;
const glossaryFile = () => path.join(bank, 'content/glossary.yaml');
const editGlossary = (from: string, to: string) => {
  const text = readFileSync(glossaryFile(), 'utf8');
  expect(text).toContain(from);
  writeFileSync(glossaryFile(), text.replace(from, to));
};

beforeAll(() => {
  work = makeTempDir('cache-glossary');
  bank = path.join(work, 'bank');
  copySampleBank(bank);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('a glossary edit and the cache', () => {
  it('re-parses no file for a new definition, and writes the bundle a cold build would', async () => {
    const cold = await runQbank(['build'], bank);
    expect(cold.code).toBe(0);
    expect(cold.stderr).toMatch(/files: \d+ parsed, 0 from the cache/);

    editGlossary('definition: ', 'definition: Revised. ');
    const edited = await runQbank(['build'], bank);
    expect(edited.code).toBe(0);
    expect(edited.stderr).toMatch(/files: 0 parsed, \d+ from the cache/);
    expect(readFileSync(path.join(bank, 'dist/bundle/glossary.json'), 'utf8')).toContain('Revised. ');

    const cached = bundleBytes(path.join(bank, 'dist/bundle'));
    const fresh = await runQbank(['build', '--no-cache', '--out', 'fresh'], bank);
    expect(fresh.code).toBe(0);
    expect(bundleBytes(path.join(bank, 'fresh'))).toEqual(cached);
  });

  it('re-parses every file when a term gains a variant (the ranges change)', async () => {
    editGlossary('variants: [', 'variants: [qbanktestvariant, ');
    const edited = await runQbank(['build'], bank);
    expect(edited.code).toBe(0);
    expect(edited.stderr).toMatch(/files: [1-9]\d* parsed, 0 from the cache/);
  });
});
