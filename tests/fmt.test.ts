// `qbank fmt` rewrites taxonomy aliases to canonical ids and leaves every other byte alone.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const fixtures = path.join(repoRoot, 'tests/fixtures/fmt');
const work = makeTempDir('fmt');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function bankWith(name: string): string {
  const bank = path.join(work, name);
  mkdirSync(path.join(bank, 'questions'), { recursive: true });
  copyFileSync(path.join(fixtures, `${name}.input.md`), path.join(bank, 'questions/q.md'));
  return bank;
}

describe('qbank fmt', () => {
  it.each(['lf', 'crlf'])('rewrites aliases in a %s file to the golden output', async (name) => {
    const bank = bankWith(name);
    const check = await runQbank(['fmt', '.', '--check'], bank);
    expect(check.code).toBe(1);
    expect(check.stdout).toBe('questions/q.md: 5 fixes to apply\n');
    expect(readFileSync(path.join(bank, 'questions/q.md'))).toEqual(
      readFileSync(path.join(fixtures, `${name}.input.md`)),
    );

    const result = await runQbank(['fmt', '.'], bank);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('questions/q.md: 5 fixes applied\n');
    expect(readFileSync(path.join(bank, 'questions/q.md'), 'latin1')).toBe(
      readFileSync(path.join(fixtures, `${name}.expected.md`), 'latin1'),
    );
    // Idempotent, and the result is clean.
    expect((await runQbank(['fmt', '.', '--check'], bank)).code).toBe(0);
    const after = await runQbank(['validate', '.', '--format', 'json'], bank);
    expect(
      JSON.parse(after.stdout)
        .filter((d: { ruleId: string }) => !d.ruleId.startsWith('item/'))
        .map((d: { ruleId: string }) => d.ruleId),
    ).toEqual(['question/no-note-link']);
  });

  it('validate --fix applies fixes, then reports what is left', async () => {
    const bank = bankWith('lf');
    const file = path.join(bank, 'questions/q.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('status: published', 'status: publishd'));
    const result = await runQbank(['validate', '.', '--fix', '--format', 'json'], bank);
    expect(result.stderr).toContain('fixed questions/q.md (5)');
    expect(JSON.parse(result.stdout).map((d: { ruleId: string }) => d.ruleId)).toEqual(['schema/enum']);
    expect(result.code).toBe(1);
  });
});

describe('tag registry', () => {
  it('warns about undeclared tags with a suggestion, and checks the registry itself', async () => {
    const bank = bankWith('lf');
    writeFileSync(path.join(bank, 'tags.yaml'), 'tags:\n  - id: murmur\n    description: Heart murmurs\n');
    const result = await runQbank(['validate', '.', '--format', 'json'], bank);
    const tag = JSON.parse(result.stdout).find((d: { ruleId: string }) => d.ruleId === 'taxonomy/unknown-tag');
    expect(tag).toMatchObject({ line: 9, column: 8, severity: 'warning', hint: 'Did you mean `murmur`?' });
    writeFileSync(path.join(bank, 'tags.yaml'), 'tags:\n  - id: Murmur\n');
    const broken = await runQbank(['validate', '.', '--format', 'json'], bank);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).map((d: { ruleId: string; line: number }) => [d.ruleId, d.line])).toEqual([
      ['tags/invalid-file', 2],
      ['tags/invalid-file', 2],
    ]);
  });
});
