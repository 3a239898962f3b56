// Every bad-input case is a folder under fixtures/diagnostics with the exact
// diagnostics expected in expected.json. UPDATE=1 writes the expected files; without it a case with
// no expected.json fails (tests/fixtures.test.ts lists them too), so CI never writes one.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDiagnostic, diagnosticFromMessage, reportDiagnostic, type DiagnosticInit } from '@qbank/core';
import { VFile } from 'vfile';
import { repoRoot, runQbank } from './helpers/cli.js';

const root = path.join(repoRoot, 'tests/fixtures/diagnostics');
const cases = readdirSync(root).sort();

describe('diagnostics for bad input', () => {
  it.each(cases)('%s', async (name) => {
    const dir = path.join(root, name);
    const result = await runQbank(['validate', '.', '--format', 'json'], dir);
    const actual = { exitCode: result.code, diagnostics: JSON.parse(result.stdout) as unknown[] };
    const expectedFile = path.join(dir, 'expected.json');
    if (process.env.UPDATE) writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
    expect(existsSync(expectedFile), `${name}: no expected.json; write it with UPDATE=1 and review it`).toBe(true);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });
});

describe('createDiagnostic', () => {
  const point = fc.record({ line: fc.integer({ min: 1, max: 500 }), column: fc.integer({ min: 1, max: 200 }) });
  const place = fc.option(fc.oneof(point, fc.record({ start: point, end: fc.option(point, { nil: undefined }) })), {
    nil: undefined,
  });
  const init = fc.record(
    {
      ruleId: fc.constantFrom('bank/duplicate-id', 'item/negative-lead-in', 'schema/enum', 'x/unknown'),
      severity: fc.constantFrom('error', 'warning', 'info', undefined),
      message: fc.string(),
      hint: fc.option(fc.string(), { nil: undefined }),
      place,
      related: fc.option(fc.record({ file: fc.string(), place, message: fc.string() }), { nil: undefined }),
      expected: fc.option(fc.array(fc.string(), { maxLength: 3 }), { nil: undefined }),
      actual: fc.option(fc.string(), { nil: undefined }),
      fix: fc.option(fc.record({ range: fc.record({ start: point, end: point }), text: fc.string() }), {
        nil: undefined,
      }),
    },
    { requiredKeys: ['ruleId', 'message'] },
  ) as fc.Arbitrary<DiagnosticInit>;

  it('gives what reporting on a file and converting the message gives, field for field and in order', () => {
    fc.assert(
      fc.property(init, (report) => {
        const viaFile = diagnosticFromMessage(reportDiagnostic(new VFile({ path: 'q.md' }), report), 'q.md');
        expect(JSON.stringify(createDiagnostic('q.md', report))).toBe(JSON.stringify(viaFile));
        expect(createDiagnostic('q.md', report)).toEqual(viaFile);
      }),
      { numRuns: 1000 },
    );
  });
});
