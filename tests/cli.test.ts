import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runQbank, spawnQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const fixtures = path.join(repoRoot, 'tests/fixtures');
let work: string;
beforeAll(() => {
  work = makeTempDir('cli');
  cpSync(path.join(fixtures, 'banks/small'), path.join(work, 'bank'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('qbank CLI', () => {
  it('prints help and exits 0', async () => {
    const result = await runQbank(['--help'], repoRoot);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: qbank <command>');
  });

  it('exits 2 on usage errors, without a stack trace', async () => {
    for (const args of [
      ['frobnicate'],
      ['validate', '--format', 'xml'],
      ['validate', '--bogus'],
      ['new', 'widget'],
      [],
    ]) {
      const result = await runQbank(args, repoRoot);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr + result.stdout).not.toMatch(/\n\s+at /);
    }
  });

  it('groups pretty output by file with line:column, rule id and hint', async () => {
    const result = await runQbank(['validate', '.'], path.join(fixtures, 'diagnostics/unknown-taxonomy'));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'questions/q.md',
        '  2:5-2:24      info    This published question links no study note  question/no-note-link',
        '                hint: List the notes it reinforces in `notes:` (or link one with `<NoteRef>` in an .mdx explanation).',
        '  4:14-4:24     error   Unexpected discipline `pathologyy`, expected a discipline of the USMLE Step 1 taxonomy  taxonomy/unknown-discipline',
        '                hint: Did you mean `pathology`?',
        '  4:26-4:31     info    Unexpected alias `pharm` for discipline, expected the canonical id `pharmacology`  taxonomy/alias',
        '                hint: Write `pharmacology` (Pharmacology); `qbank fmt` rewrites it for you.',
        '  5:9-5:22      error   Unexpected system `cardiovasculr`, expected a system of the USMLE Step 1 taxonomy  taxonomy/unknown-system',
        '                hint: Did you mean `cardiovascular`?',
        '  6:13-6:23     error   Unexpected competency `diagnosiss`, expected a competency of the USMLE Step 1 taxonomy  taxonomy/unknown-competency',
        '                hint: Did you mean `diagnosis`?',
        '',
        'Rule pages (also offline: `qbank explain <rule-id>`):',
        ...[
          'question/no-note-link',
          'taxonomy/alias',
          'taxonomy/unknown-competency',
          'taxonomy/unknown-discipline',
          'taxonomy/unknown-system',
        ].map((id) => `  ${id}: https://github.com/qbank-org/qbank/blob/main/docs/rules/${id.replace('/', '-')}.md`),
        '',
      ].join('\n'),
    );
    // The summary, then where results came from (the fixture's cache lives on between test runs).
    expect(result.stderr).toMatch(/^✖ 3 errors, 0 warnings, 2 info in 1 file \(1 file checked\)\n {2}\S[^\n]*\n$/);
  });

  it('uses colour only when asked or on a terminal, and respects NO_COLOR', async () => {
    const dir = path.join(fixtures, 'diagnostics/unknown-field');
    expect((await runQbank(['validate', '.'], dir)).stdout).not.toContain('\u001b[');
    expect((await runQbank(['validate', '.'], dir, { NO_COLOR: '', FORCE_COLOR: '1' })).stdout).toContain('\u001b[31m');
  });

  it('--quiet prints errors only, and warnings alone exit 0', async () => {
    const result = await runQbank(['validate', '--quiet'], path.join(work, 'bank'));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('0 errors, 4 warnings');
  });

  it('validates single files, and warns about files that are no item', async () => {
    const bank = path.join(work, 'bank');
    const ok = await runQbank(['validate', 'content/questions/cardiovascular/cv-mi.md', '--format', 'json'], bank);
    expect(ok.code).toBe(0);
    const stray = await runQbank(['validate', 'qbank.config.yaml', '--format', 'json'], bank);
    expect(JSON.parse(stray.stdout).map((d: { ruleId: string }) => d.ruleId)).toEqual(['file/unclassified']);
    const missing = await runQbank(['validate', 'content/nope'], bank);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('file/unreadable');
  });

  it('reports an invalid config file at the offending key', async () => {
    const result = await runQbank(
      ['validate', '--config', path.join(fixtures, 'configs/invalid.qbank.config.json'), '--format', 'json'],
      repoRoot,
    );
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject([
      { file: 'tests/fixtures/configs/invalid.qbank.config.json', line: 3, column: 14, ruleId: 'config/invalid' },
      {
        line: 4,
        column: 3,
        ruleId: 'config/invalid',
        message: 'Unexpected field `contnet`',
        hint: 'Did you mean `content`?',
      },
    ]);
  });

  it('`new question` writes a template that validates, with a fresh id', async () => {
    const bank = path.join(work, 'bank');
    const first = await runQbank(
      ['new', 'question', '--system', 'cards', '--discipline', 'path', '--title', 'Mitral stenosis'],
      bank,
    );
    expect(first.code).toBe(0);
    const file = path.join(bank, first.stdout.trim());
    expect(first.stdout).toMatch(
      /^content\/questions\/cardiovascular\/cardiovascular-mitral-stenosis-[0-9a-f]{6}\.md\n$/,
    );
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('discipline: [pathology]\nsystem: cardiovascular\ncompetency: medical-knowledge');
    expect((await runQbank(['validate', first.stdout.trim()], bank)).code).toBe(0);
    const second = await runQbank(
      ['new', 'note', '--system', 'cardiovascular', '--discipline', 'physiology', '--title', 'Heart sounds'],
      bank,
    );
    expect(second.code).toBe(0);
    expect(second.stdout).not.toBe(first.stdout);
    expect((await runQbank(['validate'], bank)).code).toBe(0);
  });

  it('`new` refuses unknown taxonomy values and used ids', async () => {
    const bank = path.join(work, 'bank');
    const unknown = await runQbank(['new', 'question', '--system', 'cardiovasculr', '--discipline', 'pathology'], bank);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Did you mean `cardiovascular`?');
    const used = await runQbank(
      ['new', 'question', '--system', 'cardiovascular', '--discipline', 'pathology', '--id', 'cv-mi'],
      bank,
    );
    expect(used.code).toBe(2);
    expect(used.stderr).toContain('the id `cv-mi` is already used');
  });

  it('runs as a built binary with the same exit codes', () => {
    const bank = path.join(work, 'bank');
    expect(spawnQbank(['validate'], bank).code).toBe(0);
    const bad = spawnQbank(['validate', '.'], path.join(fixtures, 'diagnostics/two-correct-choices'));
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('question/multiple-correct-choices');
    expect(spawnQbank(['nope'], bank).code).toBe(2);
  });
});
