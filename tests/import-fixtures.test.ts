import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot, runQbank } from './helpers/cli.js';
import { listFiles, makeTempDir } from './helpers/fs.js';

// tests/fixtures/import/<format>/<case>.<ext> is imported with `qbank import --out <tmp>`; every file
// written must equal tests/fixtures/import/<format>/<case>.expected/<file>, and report.txt holds what
// the command printed. `UPDATE=1` rewrites the expected files.
const fixtures = path.join(repoRoot, 'tests/fixtures/import');
const update = process.env.UPDATE === '1';
const tmp = makeTempDir('import-fixtures');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cases = readdirSync(fixtures).flatMap((format) =>
  readdirSync(path.join(fixtures, format))
    .filter((name) => !name.endsWith('.expected') && !name.startsWith('.'))
    .map((name) => ({ format, name })),
);

function report(text: string, out: string): string {
  return text.split(out).join('<out>').split(path.relative(repoRoot, out)).join('<out>');
}

describe.each(cases)('$format/$name', ({ format, name }) => {
  const source = path.join(fixtures, format, name);
  const expectedDir = path.join(fixtures, format, `${name.replace(/\.[^.]+$/, '')}.expected`);
  const out = path.join(tmp, format, name);

  test('writes the expected Markdown and report', async () => {
    const result = await runQbank(['import', source, '--out', out], repoRoot);
    const printed = report(`exit ${result.code}\n${result.stdout}${result.stderr}`, out).split(repoRoot).join('');
    const written = existsSync(out) ? listFiles(out).sort() : [];
    if (update) {
      rmSync(expectedDir, { recursive: true, force: true });
      mkdirSync(expectedDir, { recursive: true });
      writeFileSync(path.join(expectedDir, 'report.txt'), printed);
      for (const file of written) {
        mkdirSync(path.dirname(path.join(expectedDir, file)), { recursive: true });
        writeFileSync(path.join(expectedDir, file), readFileSync(path.join(out, file)));
      }
    }
    expect(printed).toBe(readFileSync(path.join(expectedDir, 'report.txt'), 'utf8'));
    const expected = listFiles(expectedDir)
      .filter((file) => file !== 'report.txt')
      .sort();
    expect(written).toEqual(expected);
    for (const file of written) {
      expect(readFileSync(path.join(out, file)).equals(readFileSync(path.join(expectedDir, file))), file).toBe(true);
    }
  });

  test('importing again changes nothing and says so', async () => {
    const before = existsSync(out) ? listFiles(out).map((file) => readFileSync(path.join(out, file), 'utf8')) : [];
    const result = await runQbank(['import', source, '--out', out], repoRoot);
    expect(result.stdout).not.toMatch(/^imported /m);
    const after = existsSync(out) ? listFiles(out).map((file) => readFileSync(path.join(out, file), 'utf8')) : [];
    expect(after).toEqual(before);
    if (before.length) expect(result.stdout).toMatch(/^unchanged /m);
  });
});
