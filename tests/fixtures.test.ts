// Every fixture has its expected output, committed: a test never writes one as it runs in CI. The
// expected files are written on demand (UPDATE=1 for expected.json and import's .expected folders,
// `vitest -u` for tests/golden) and reviewed like code. See tests/README.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

const tests = path.join(repoRoot, 'tests');
const folders = (dir: string) =>
  readdirSync(path.join(tests, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();

describe('every fixture has its expected output', () => {
  it.each(['fixtures/diagnostics', 'fixtures/lint'])('each case folder of %s has an expected.json', (dir) => {
    const missing = folders(dir).filter((name) => !existsSync(path.join(tests, dir, name, 'expected.json')));
    expect(missing, 'write them with UPDATE=1 and review them').toEqual([]);
  });

  it('each fixtures/import case has its expected folder with the report', () => {
    const missing = folders('fixtures/import').flatMap((format) =>
      readdirSync(path.join(tests, 'fixtures/import', format))
        .filter((name) => !name.endsWith('.expected') && !name.startsWith('.'))
        .map((name) => `${format}/${name.replace(/\.[^.]+$/, '')}.expected/report.txt`)
        .filter((expected) => !existsSync(path.join(tests, 'fixtures/import', expected))),
    );
    expect(missing, 'write them with UPDATE=1 and review them').toEqual([]);
  });

  it('each fixtures/fmt input has its expected output', () => {
    const files = readdirSync(path.join(tests, 'fixtures/fmt'));
    const inputs = files.filter((name) => name.endsWith('.input.md'));
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((name) => !files.includes(name.replace('.input.md', '.expected.md')))).toEqual([]);
  });

  it('each golden file a test compares with is committed, and each committed one is used', () => {
    // The tests name their golden files in `it.each` tables of [case, golden file] pairs.
    const named = new Set<string>();
    for (const file of readdirSync(tests).filter((name) => name.endsWith('.test.ts'))) {
      const text = readFileSync(path.join(tests, file), 'utf8');
      if (!text.includes("'tests/golden'")) continue;
      for (const match of text.matchAll(/\[\s*'[^']+',\s*'([\w.-]+\.\w+)'\s*\]/g)) named.add(match[1]!);
    }
    const committed = readdirSync(path.join(tests, 'golden')).sort();
    expect(named.size).toBeGreaterThan(0);
    expect([...named].filter((name) => !committed.includes(name))).toEqual([]);
    expect(committed.filter((name) => !named.has(name))).toEqual([]);
  });
});
