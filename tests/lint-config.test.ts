// The lint package's surface, its presets and config resolution, and its docs: every rule has a page
// whose severities match the presets and whose Bad and Good examples behave as the page says.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diagnosticFromMessage, rulePageName, rules } from '@qbank/core';
import { sourceFileFromText } from '@qbank/parser';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank, type CheckedQuestion } from '@qbank/validate';
import * as lint from '@qbank/lint';
import { lintQuestions, lintRules, presets, resolveLintConfig, type LintConfig } from '@qbank/lint';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const docs = path.join(repoRoot, 'docs/rules');
const engineRules = ['lint/suppression-missing-reason', 'lint/unused-suppression'];
const allIds = [...lintRules.map((r) => r.id), ...engineRules];

describe('@qbank/lint API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(lint).sort()).toEqual([
      'fixNumericOrder',
      'lintBank',
      'lintQuestion',
      'lintQuestions',
      'lintRuleDocsUrl',
      'lintRules',
      'nearDuplicateSnapshot',
      'nearDuplicateWork',
      'presets',
      'resolveLintConfig',
      'restoreNearDuplicates',
    ]);
  });

  it('lists every rule once, sorted by id, each with a stable id, a description and a scope', () => {
    const ids = lintRules.map((r) => r.id);
    expect(ids).toEqual([...new Set(ids)].sort());
    for (const rule of lintRules) {
      expect(rule.id).toMatch(rule.scope === 'item' ? /^item\/[a-z-]+$/ : /^bank\/[a-z-]+$/);
      expect(rule.description).toMatch(/^[A-Z].*\.$/);
    }
    expect(lintRules.filter((r) => r.fixable).map((r) => r.id)).toEqual([
      'item/mixed-script',
      'item/numeric-options-order',
      'item/option-order-cue',
      'item/unexpanded-abbreviation',
    ]);
  });
});

describe('presets', () => {
  it('set every rule, and recommended uses each rule’s default severity or turns it off', () => {
    for (const preset of [presets.recommended, presets.strict])
      expect(Object.keys(preset).sort()).toEqual([...allIds].sort());
    for (const rule of lintRules) expect([rule.severity, 'off']).toContain(presets.recommended[rule.id]);
  });

  it('strict is never milder than recommended', () => {
    const rank = { off: 0, info: 1, warning: 2, error: 3 } as const;
    for (const id of allIds) {
      const [recommended, strict] = [presets.recommended[id], presets.strict[id]] as (keyof typeof rank)[];
      expect(rank[strict!], id).toBeGreaterThanOrEqual(rank[recommended!]);
    }
  });
});

describe('resolveLintConfig', () => {
  const severity = (config: LintConfig | undefined, file: string, id: string) =>
    resolveLintConfig(config, file).get(id);

  it('defaults to recommended, and `extends: []` starts with everything off', () => {
    expect(severity(undefined, 'q.md', 'item/negative-lead-in')).toEqual({ severity: 'error', options: {} });
    expect(severity({}, 'q.md', 'item/missing-rationale')?.severity).toBe('off');
    expect([...resolveLintConfig({ extends: [] }, 'q.md').values()].every((r) => r.severity === 'off')).toBe(true);
  });

  it('applies presets in order, then rules; a bare severity keeps earlier options', () => {
    const config: LintConfig = {
      extends: ['strict', 'recommended'],
      rules: { 'item/option-count': ['error', { min: 5 }], 'item/absolute-terms': 'info' },
    };
    expect(severity(config, 'q.md', 'item/missing-rationale')?.severity).toBe('off');
    expect(severity(config, 'q.md', 'item/option-count')).toEqual({ severity: 'error', options: { min: 5 } });
    expect(severity(config, 'q.md', 'item/absolute-terms')?.severity).toBe('info');
    const later: LintConfig = { ...config, overrides: [{ files: ['**'], rules: { 'item/option-count': 'warning' } }] };
    expect(severity(later, 'q.md', 'item/option-count')).toEqual({ severity: 'warning', options: { min: 5 } });
  });

  it('applies matching overrides in order, by globs on the path relative to the content root', () => {
    const config: LintConfig = {
      overrides: [
        { files: ['questions/biostatistics/**'], rules: { 'item/vignette-opening': 'off' } },
        { files: ['**/*-draft.md', 'questions/.hidden/*'], rules: { 'item/vignette-opening': 'error' } },
      ],
    };
    expect(severity(config, 'questions/biostatistics/q.md', 'item/vignette-opening')?.severity).toBe('off');
    expect(severity(config, 'questions/biostatistics/q-draft.md', 'item/vignette-opening')?.severity).toBe('error');
    expect(severity(config, 'questions/.hidden/q.md', 'item/vignette-opening')?.severity).toBe('error');
    expect(severity(config, 'questions\\cardio\\q.md', 'item/vignette-opening')?.severity).toBe('info');
  });

  it('ignores unknown rule ids', () => {
    expect(resolveLintConfig({ rules: { 'item/no-such-rule': 'error' } }, 'q.md').has('item/no-such-rule')).toBe(false);
  });
});

/** A rule page's severity row, Bad and Good examples, and the message it says is reported. */
function readPage(id: string) {
  const text = readFileSync(path.join(docs, `${id.replace('/', '-')}.md`), 'utf8');
  const severity = /^\| Severity \| recommended: (\w+) · strict: (\w+) \|$/m.exec(text);
  const block = (heading: string) =>
    new RegExp(`### ${heading}\\n\\n\`\`\`markdown\\n([\\s\\S]*?)\`\`\`\\n`).exec(text)?.[1];
  // The first code span after "Reported:" (a double-backtick span pads its text with a space).
  const span = /^Reported: (`+)(.*?)\1/m.exec(text);
  const reported = span && (span[1] === '``' ? span[2]!.slice(1, -1) : span[2]);
  return { text, severity, bad: block('Bad'), good: block('Good'), reported };
}

function lintExample(id: string, body: string) {
  const root = path.join(repoRoot, 'docs/rules');
  const text = `---\nid: docs-example\nstatus: review\ndiscipline: [pathology]\nsystem: cardiovascular\ncompetency: patient-care-diagnosis\n---\n\n${body}`;
  const file = sourceFileFromText(path.join(root, 'example.md'), text, root);
  const report = validateBank([{ file, kind: 'question' }], { taxonomy: builtinTaxonomy(), contentRoot: root });
  expect(file.messages.filter((m) => m.fatal === true).map(String), `${id} example must be a valid question`).toEqual(
    [],
  );
  const rule = lintRules.find((r) => r.id === id)!;
  const questions = report.items.filter((item): item is CheckedQuestion => item.kind === 'question');
  lintQuestions(questions, { contentRoot: root, config: { extends: [], rules: { [id]: rule.severity } } });
  return file.messages.map((m) => diagnosticFromMessage(m)).filter((d) => d.ruleId === id);
}

describe('docs/rules', () => {
  it('has a page for every rule, and no page for a rule that does not exist', () => {
    // The other pages are of qbank's own rules (tests/rule-pages.test.ts).
    const own = new Set(Object.keys(rules).map(rulePageName));
    const pages = readdirSync(docs).filter((name) => name !== 'README.md' && !own.has(name));
    expect(pages.sort()).toEqual(allIds.map((id) => `${id.replace('/', '-')}.md`).sort());
    expect(lint.lintRuleDocsUrl('item/negative-lead-in')).toBe('docs/rules/item-negative-lead-in.md');
  });

  it.each(allIds)('%s: the page gives the preset severities, and the index lists it', (id) => {
    const { text, severity } = readPage(id);
    expect(text).toContain(`# \`${id}\``);
    expect(severity?.slice(1), 'the "| Severity | recommended: x · strict: y |" row').toEqual([
      presets.recommended[id],
      presets.strict[id],
    ]);
    expect(text).toMatch(/## Why\n\n\S/);
    const index = readFileSync(path.join(docs, 'README.md'), 'utf8');
    expect(index).toContain(
      `| [\`${id}\`](${id.replace('/', '-')}.md) | ${presets.recommended[id]} | ${presets.strict[id]} |`,
    );
  });

  it.each(lintRules.filter((r) => r.scope === 'item').map((r) => r.id))(
    '%s: the Bad example is reported as the page says, the Good one is not',
    (id) => {
      const { bad, good, reported } = readPage(id);
      expect(bad && good, 'a Bad and a Good ```markdown block').toBeTruthy();
      const found = lintExample(id, bad!);
      expect(found.length, 'Bad is reported').toBeGreaterThan(0);
      if (reported) expect(found.map((d) => d.message)).toContain(reported);
      expect(lintExample(id, good!)).toEqual([]);
    },
  );
});
