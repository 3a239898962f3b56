// Every bad-input case is a folder under fixtures/diagnostics with the exact
// diagnostics expected in expected.json. UPDATE=1 rewrites the expected files.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runQbank } from './helpers/cli.js';

const root = path.join(repoRoot, 'tests/fixtures/diagnostics');
const cases = readdirSync(root).sort();

describe('diagnostics for bad input', () => {
  it.each(cases)('%s', async (name) => {
    const dir = path.join(root, name);
    const result = await runQbank(['validate', '.', '--format', 'json'], dir);
    const actual = { exitCode: result.code, diagnostics: JSON.parse(result.stdout) as unknown[] };
    const expectedFile = path.join(dir, 'expected.json');
    if (process.env.UPDATE || !existsSync(expectedFile)) {
      writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
    }
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
});
