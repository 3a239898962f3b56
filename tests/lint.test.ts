// Lint rules through the real parser and validator. Each folder under fixtures/lint is a small bank
// (bad and good questions) with the exact lint diagnostics expected in expected.json; a folder named
// after a rule runs that rule alone, unless it has a config.json. UPDATE=1 writes expected.json; without
// it a folder with no expected.json fails, so CI never writes one.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  applyFixes,
  defaultDocsBaseUrl,
  diagnosticFromMessage,
  fixOf,
  sortDiagnostics,
  type Diagnostic,
} from '@qbank/core';
import { readSourceFile, sourceFileFromText } from '@qbank/parser';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank, type BankSource, type CheckedQuestion } from '@qbank/validate';
import { fixNumericOrder, lintQuestions, lintRules, type LintConfig } from '@qbank/lint';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const fixtures = path.join(repoRoot, 'tests/fixtures/lint');
const lintRuleId = /^(item|bank|lint)\//;

/** Validate files as one bank (they must pass), then lint them; the lint diagnostics, sorted. */
function lintSources(sources: BankSource[], root: string, config: LintConfig | undefined) {
  const report = validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot: root });
  const invalid = report.files.flatMap((f) => f.messages.filter((m) => m.fatal === true).map((m) => `${f.path}: ${m}`));
  expect(invalid, 'fixtures must be valid questions').toEqual([]);
  const questions = report.items.filter((item): item is CheckedQuestion => item.kind === 'question');
  const started = performance.now();
  lintQuestions(questions, { contentRoot: root, config });
  const lintMs = performance.now() - started;
  const diagnostics = sortDiagnostics(
    report.files.flatMap((f) => f.messages.map((m) => diagnosticFromMessage(m, path.relative(root, f.path)))),
  ).filter((d) => lintRuleId.test(d.ruleId));
  return { questions, diagnostics, files: report.files, lintMs };
}

function lintFolder(dir: string, config: LintConfig | undefined) {
  const names = readdirSync(dir)
    .filter((name) => name.endsWith('.md'))
    .sort();
  const sources = names.map((name) => ({ file: readSourceFile(path.join(dir, name), dir), kind: 'question' as const }));
  return lintSources(sources, dir, config);
}

/** What expected.json holds: the parts a reader checks by eye (hint and url are checked for all below). */
function shown(d: Diagnostic) {
  const { file, line, column, endLine, endColumn, severity, ruleId, message, related } = d;
  return {
    file,
    line,
    column,
    endLine,
    endColumn,
    severity,
    ruleId,
    message,
    ...(related && { related: { ...related, file: path.relative(fixtures, related.file) } }),
  };
}

function configFor(folder: string): LintConfig {
  const file = path.join(fixtures, folder, 'config.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LintConfig;
  const rule = lintRules.find((r) => r.id.replace('/', '-') === folder);
  if (!rule) throw new Error(`fixtures/lint/${folder} names no rule and has no config.json`);
  return { extends: [], rules: { [rule.id]: rule.severity } };
}

const folders = readdirSync(fixtures).sort();

describe('lint fixtures', () => {
  it.each(folders)('%s', (folder) => {
    const dir = path.join(fixtures, folder);
    const { diagnostics } = lintFolder(dir, configFor(folder));
    const actual = diagnostics.map(shown);
    const expectedFile = path.join(dir, 'expected.json');
    if (process.env.UPDATE) writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
    expect(existsSync(expectedFile), `${folder}: no expected.json; write it with UPDATE=1 and review it`).toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    for (const d of diagnostics) {
      expect(d.hint, d.message).toBeTruthy();
      expect(d.url).toBe(`${defaultDocsBaseUrl}${d.ruleId.replace('/', '-')}.md`);
      expect(d.message).toMatch(/^Unexpected /);
    }
    // Bad fixtures report something, good ones nothing.
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md'))) {
      const count = diagnostics.filter((d) => d.file === name).length;
      if (name.startsWith('good')) expect(count, name).toBe(0);
      if (name.startsWith('bad')) expect(count, name).toBeGreaterThan(0);
    }
  });

  it('every rule has a fixture folder, and the good questions pass the whole recommended preset', () => {
    for (const rule of lintRules.filter((r) => r.id !== 'bank/key-position-balance')) {
      expect(folders, rule.id).toContain(rule.id.replace('/', '-'));
    }
    for (const folder of folders) {
      const dir = path.join(fixtures, folder);
      const good = readdirSync(dir).filter((n) => n.startsWith('good') && n.endsWith('.md'));
      if (good.length === 0) continue;
      const sources = good.map((name) => ({
        file: readSourceFile(path.join(dir, name), dir),
        kind: 'question' as const,
      }));
      const { diagnostics } = lintSources(sources, dir, { extends: ['recommended'] });
      expect(
        diagnostics.filter((d) => d.severity !== 'info').map((d) => `${folder}/${d.file} ${d.ruleId} ${d.message}`),
      ).toEqual([]);
    }
  });
});

describe('options', () => {
  it('item/longest-option-cue takes `ratio`', () => {
    const dir = path.join(fixtures, 'item-longest-option-cue');
    const rule = (ratio: number): LintConfig => ({
      extends: [],
      rules: { 'item/longest-option-cue': ['warning', { ratio }] },
    });
    expect(lintFolder(dir, rule(4)).diagnostics).toEqual([]);
    expect(lintFolder(dir, rule(1.3)).diagnostics).toHaveLength(1);
  });

  it('item/option-count takes `min` and `max`', () => {
    const dir = path.join(fixtures, 'item-option-count');
    const rule = (options: Record<string, unknown>): LintConfig => ({
      extends: [],
      rules: { 'item/option-count': ['warning', options] },
    });
    expect(lintFolder(dir, rule({ min: 3 })).diagnostics).toEqual([]);
    const tooMany = lintFolder(dir, rule({ min: 3, max: 4 })).diagnostics;
    expect(tooMany.map((d) => [d.file, d.message])).toEqual([['good.md', 'Unexpected 5 options, expected 3 to 4']]);
  });

  it('overrides turn a rule off for some files', () => {
    const dir = path.join(fixtures, 'item-option-count');
    const config: LintConfig = {
      extends: [],
      rules: { 'item/option-count': 'error' },
      overrides: [{ files: ['bad*.md'], rules: { 'item/option-count': 'off' } }],
    };
    expect(lintFolder(dir, config).diagnostics).toEqual([]);
  });
});

describe('item/numeric-options-order fix', () => {
  const file = path.join(fixtures, 'item-numeric-options-order/bad.md');

  function load(text: string) {
    const dir = path.dirname(file);
    return lintSources([{ file: sourceFileFromText(file, text, dir), kind: 'question' }], dir, {
      extends: [],
      rules: { 'item/numeric-options-order': 'warning' },
    });
  }

  it('moves each option with its rationale and keeps the rest of the file', () => {
    const text = readFileSync(file, 'utf8');
    const { questions, files } = load(text);
    const fixed = fixNumericOrder(questions[0]!)!;
    const choices = (t: string) => t.slice(t.indexOf('- ['), t.indexOf('\n## '));
    expect(choices(fixed)).toBe(
      [
        '- [ ] 5 mg',
        '  The concentration would be half the target.',
        '- [x] 10 mg',
        '  With a quarter of the clearance, a quarter of the dose gives the same steady state.',
        '- [ ] 20 mg',
        '  Half the dose; the concentration would be twice the target.',
        '- [ ] 40 mg',
        '  The usual dose would accumulate to four times the target.',
        '',
      ].join('\n'),
    );
    expect(fixed.replace(choices(fixed), '')).toBe(text.replace(choices(text), ''));
    // The diagnostic carries the same edit, for `--fix`.
    const message = files[0]!.messages.find((m) => m.ruleId === 'item/numeric-options-order')!;
    expect(applyFixes(text, [fixOf(message)!]).text).toBe(fixed);
    // Once sorted there is nothing left to fix or report.
    const again = load(fixed);
    expect(again.diagnostics).toEqual([]);
    expect(fixNumericOrder(again.questions[0]!)).toBeUndefined();
  });

  it('does not sort options that are not all numbers in one unit, or lists with comments', () => {
    const text = readFileSync(file, 'utf8');
    expect(fixNumericOrder(load(text.replace('- [ ] 5 mg', '- [ ] 5 g')).questions[0]!)).toBeUndefined();
    expect(fixNumericOrder(load(text.replace('- [ ] 5 mg', '- [ ] Stop the drug')).questions[0]!)).toBeUndefined();
    const commented = text.replace(
      '  The concentration would be half',
      '  <!-- note -->\n  The concentration would be half',
    );
    expect(fixNumericOrder(load(commented).questions[0]!)).toBeUndefined();
  });
});

describe('bank/key-position-balance', () => {
  const drugs = ['amlodipine', 'lisinopril', 'metoprolol', 'hydralazine', 'spironolactone'];

  /** A bank of `keys.length` questions; the key of question i is at letter keys[i]. */
  function bank(keys: number[]) {
    const root = path.join(fixtures, '.generated');
    const sources = keys.map((key, i) => {
      const options = drugs.map((drug, j) => `- [${j === key ? 'x' : ' '}] ${drug} ${i}\n  Rationale ${j}.`);
      const text = `---\nid: balance-${String(i).padStart(2, '0')}\nstatus: review\ndiscipline: [pharmacology]\nsystem: cardiovascular\ncompetency: medical-knowledge\n---\n\nA ${30 + i}-year-old man has hypertension.\n\nWhich of the following drugs is most appropriate?\n\n${options.join('\n')}\n`;
      return { file: sourceFileFromText(path.join(root, `q${i}.md`), text, root), kind: 'question' as const };
    });
    return lintSources(sources, root, { extends: [], rules: { 'bank/key-position-balance': 'warning' } }).diagnostics;
  }

  it('reports a bank whose keys sit mostly at one letter, once, with the counts', () => {
    const keys = [...Array(14).fill(0), 1, 2, 3, 4, 1, 2];
    expect(bank(keys).map((d) => [d.file, d.line, d.message])).toEqual([
      [
        'q0.md',
        1,
        'Unexpected key positions A 14, B 2, C 2, D 1, E 1 across 20 questions (chi-square p = 2.4e-6), expected a spread close to even',
      ],
    ]);
  });

  it('accepts an even spread, and banks under 20 questions', () => {
    expect(bank(Array.from({ length: 20 }, (_, i) => i % 5))).toEqual([]);
    expect(bank(Array(19).fill(0))).toEqual([]);
  });
});

describe('suppressions', () => {
  const dir = path.join(fixtures, 'suppressions');
  const withReason = readFileSync(path.join(dir, 'with-reason.md'), 'utf8');

  function lintText(text: string) {
    const file = path.join(dir, 'case.md');
    return lintSources([{ file: sourceFileFromText(file, text, dir), kind: 'question' }], dir, {
      extends: ['recommended'],
    }).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`);
  }

  it('the comments in with-reason.md silence what would be reported without them', () => {
    expect(lintText(withReason)).toEqual([]);
    const bare = withReason.replace(/^[ \t]*<!--.*-->\n\n?/gm, '');
    expect(lintText(bare)).toEqual([
      '11:33 item/negative-lead-in',
      '13:25 item/absolute-terms',
      '15:25 item/vague-frequency',
    ]);
  });

  it('a next-line comment covers the next non-blank line only', () => {
    // Above the vignette instead of the lead-in: it covers the vignette's first line.
    const comment = /(<!-- qbank-disable-next-line item\/negative-lead-in .*-->)\n/;
    const moved = withReason
      .replace(comment, '')
      .replace('A 67-year-old', `${comment.exec(withReason)![1]}\nA 67-year-old`);
    expect(lintText(moved)).toEqual(['11:1 lint/unused-suppression', '14:33 item/negative-lead-in']);
  });

  it('a comment without rule ids covers every rule, and one inside a paragraph counts too', () => {
    const all = withReason.replace('qbank-disable item/absolute-terms --', 'qbank-disable --');
    expect(lintText(all)).toEqual([]);
    const inline = withReason.replace(
      /<!-- qbank-disable-next-line item\/negative-lead-in (.*)-->\n(Which.*)\n/,
      '$2 <!-- qbank-disable-next-line item/negative-lead-in $1-->\n',
    );
    // Inline, the comment sits on the lead-in's own line: the next line is blank, then the first option.
    expect(lintText(inline)).toEqual(['13:33 item/negative-lead-in', '13:77 lint/unused-suppression']);
  });
});

describe('chi-square p-values', async () => {
  const { chiSquare } = await import('../packages/lint/src/lib/stats.js');
  // Reference values from scipy.stats.chi2.sf.
  it.each([
    [[14, 2, 2, 1, 1], [4, 4, 4, 4, 4], 2.4203419122329878e-6],
    [[5, 5, 5, 5], [5, 5, 5, 5], 1],
    [[30, 10], [20, 20], 0.0015654022580025018],
    [[3, 7, 5], [5, 5, 5], 0.44932896411722156],
  ])('%j against %j', (observed, expected, p) => {
    expect(chiSquare(observed, expected).p).toBeCloseTo(p, 12);
  });
});

describe('pathological input', () => {
  // Authors control every character: no rule may backtrack badly or flood the report.
  const cases: [string, { stem?: string; leadIn?: string; option?: string }][] = [
    ['a 50,000-digit number', { option: `${'1'.repeat(50_000)} mg` }],
    ['a number followed by 30,000 words', { option: `5 ${'a '.repeat(30_000)}` }],
    ['a 60,000-word lead-in that never ends', { leadIn: `which ${'x '.repeat(60_000)}` }],
    ['a clause of 30,000 letters before the age', { stem: `${'a'.repeat(30_000)}, ${'b '.repeat(20_000)}45-year-old` }],
    ['20,000 absolute terms in one option', { option: 'only '.repeat(20_000) }],
    ['a suppression naming 30,000 rules', { stem: `<!-- qbank-disable-next-line ${'x '.repeat(30_000)} -- why -->` }],
  ];

  it.each(cases)('%s', (_name, parts) => {
    const root = path.join(fixtures, '.generated');
    const text = `---\nid: pathological\nstatus: draft\ndiscipline: [pathology]\nsystem: cardiovascular\ncompetency: patient-care-diagnosis\n---\n\n${parts.stem ?? 'A 45-year-old man has chest pain.'}\n\n${parts.leadIn ?? 'Which of the following is the most likely diagnosis?'}\n\n- [x] ${parts.option ?? 'Stable angina'}\n- [ ] 2 mg\n- [ ] Acute pericarditis\n- [ ] Aortic dissection\n`;
    const source = { file: sourceFileFromText(path.join(root, 'q.md'), text, root), kind: 'question' as const };
    const { diagnostics, lintMs } = lintSources([source], root, { extends: ['strict'] });
    expect(lintMs).toBeLessThan(1000);
    expect(diagnostics.length).toBeLessThan(10);
  });
});
