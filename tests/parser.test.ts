import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rules } from '@qbank/core';
import { parseQuestion, sourceFileFromText } from '@qbank/parser';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank } from '@qbank/validate';
import { toString } from 'mdast-util-to-string';
import { stringify } from 'yaml';
import { repoRoot } from './helpers/cli.js';

const sample = readFileSync(
  path.join(repoRoot, 'tests/fixtures/banks/small/content/questions/cardiovascular/cv-mi.md'),
  'utf8',
);
const contentRoot = path.join(repoRoot, 'tests/fixtures/banks/small/content');

function validateText(text: string, name = 'questions/q.md') {
  const file = sourceFileFromText(path.join(contentRoot, name), text, contentRoot);
  return validateBank([{ file, kind: 'question' }], { taxonomy: builtinTaxonomy(), contentRoot });
}

describe('parseQuestion', () => {
  it('splits a question into stem, lead-in, choices with rationales and sections', () => {
    const q = parseQuestion(sourceFileFromText('/bank/questions/q.md', sample));
    expect(q.frontmatter?.data?.id).toBe('cv-mi');
    expect(q.stem.map((n) => n.type)).toEqual(['paragraph', 'table', 'paragraph', 'html']);
    expect(toString(q.leadIn)).toBe('Which of the following is the most likely diagnosis?');
    expect(q.choices.map((c) => [c.checked, toString({ type: 'paragraph', children: c.label })])).toEqual([
      [false, 'Aortic dissection'],
      [true, 'Acute inferior myocardial infarction'],
      [false, 'Pericarditis'],
      [false, 'Pulmonary embolism'],
    ]);
    expect(toString({ type: 'root', children: q.choices[0]!.rationale })).toBe(
      'Tearing pain radiating to the back would be expected.',
    );
    expect(q.choices[2]!.rationale).toEqual([]);
    expect(q.sections.map((s) => [s.key, s.title])).toEqual([
      ['explanation', 'Explanation'],
      ['objective', 'Educational objective'],
    ]);
    // Positions are file-relative: the frontmatter's 11 lines come first.
    expect(q.leadIn?.position?.start.line).toBe(24);
  });

  it('gives the same positions and diagnostics for CRLF and LF files', () => {
    const broken = sample.replace('status: published', 'status: publishd').replace('- [x] Acute', '- [ ] Acute');
    const lf = validateText(broken).files[0]!.messages.map((m) => [m.ruleId, m.place]);
    const crlf = validateText(broken.replace(/\n/g, '\r\n')).files[0]!.messages.map((m) => [m.ruleId, m.place]);
    expect(lf.length).toBeGreaterThan(0);
    expect(crlf).toEqual(lf);
  });

  it('accepts a single string for discipline and a rationale spread over several blocks', () => {
    const text = sample
      .replace('discipline: [pathology, physiology]', 'discipline: pathology')
      .replace('notes: [coronary-artery-disease, cv-draft-note]', 'notes: []')
      .replace(/!\[.*\n/, '')
      .replace(
        '  Tearing pain radiating to the back would be expected.',
        '  Tearing pain.\n\n  - a list in the rationale',
      );
    const report = validateText(text);
    expect(report.hasErrors).toBe(false);
    const q = report.items[0]!;
    expect(q.kind === 'question' && q.parsed.choices[0]!.rationale.map((n) => n.type)).toEqual(['paragraph', 'list']);
  });
});

describe('robustness', () => {
  it('never throws on arbitrary text, and every diagnostic is placed and catalogued', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.boolean(), (body, mdx) => {
        const report = validateText(`---\nid: x-1\n---\n${body}`, mdx ? 'questions/q.mdx' : 'questions/q.md');
        for (const message of report.files[0]!.messages) {
          expect(Object.keys(rules)).toContain(message.ruleId);
          expect(message.line ?? 0).toBeGreaterThanOrEqual(1);
          expect(message.column ?? 0).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary frontmatter values', () => {
    const field = fc.constantFrom(
      'id',
      'status',
      'discipline',
      'system',
      'competency',
      'difficulty',
      'tags',
      'notes',
      'x',
    );
    fc.assert(
      fc.property(fc.dictionary(field, fc.jsonValue({ maxDepth: 2 })), (data) => {
        const text = `---\n${stringify(data)}---\n\nA stem.\n\nWhich one?\n\n- [x] A\n- [ ] B\n`;
        const report = validateText(text);
        for (const message of report.files[0]!.messages) expect(Object.keys(rules)).toContain(message.ruleId);
      }),
      { numRuns: 300 },
    );
  });

  it('survives pathological Markdown', () => {
    // Deep container nesting is super-linear in micromark (3,000 nested list items take seconds), so
    // these stay at depths far beyond real content; see the closing note of the foundation issue.
    const bodies = [
      '*'.repeat(60_000),
      '['.repeat(20_000),
      '> '.repeat(1_000) + 'x',
      '- '.repeat(500) + 'x',
      '{'.repeat(10_000),
    ];
    for (const body of bodies) {
      for (const name of ['questions/q.md', 'questions/q.mdx']) {
        const report = validateText(`---\nid: x-1\n---\n${body}`, name);
        expect(report.hasErrors).toBe(true);
      }
    }
  });

  it('reports nesting deeper than any tree walker can follow, rather than running out of stack', () => {
    const bodies = [
      '>'.repeat(5_000) + ' x',
      '*'.repeat(300) + 'x' + '*'.repeat(300),
      '_'.repeat(250) + 'x' + '_'.repeat(250),
    ];
    for (const body of bodies) {
      for (const name of ['questions/q.md', 'questions/q.mdx']) {
        const report = validateText(`---\nid: x-1\n---\n${body}`, name);
        expect(report.files[0]!.messages.map((m) => m.ruleId)).toContain('markdown/too-deep');
      }
    }
    // Markers enough to keep the parser busy for minutes are refused before it starts.
    const busy = validateText(`---\nid: x-1\n---\n${'_a* '.repeat(20_000)}`);
    expect(busy.files[0]!.messages.map((m) => m.ruleId)).toContain('markdown/too-complex');
    // 100 levels is the limit, not less.
    const report = validateText(`---\nid: x-1\n---\n${'>'.repeat(98)} x`);
    expect(report.files[0]!.messages.map((m) => m.ruleId)).not.toContain('markdown/too-deep');
  });

  it('says so when frontmatter is nested too deeply to read', () => {
    const report = validateText(`---\nid: x-1\ntags: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n---\nA stem.\n`);
    const message = report.files[0]!.messages.find((m) => m.ruleId === 'yaml/syntax');
    expect(message?.reason).toBe('Unexpected lists or maps nested too deeply to read in the value of `tags`');
  });

  it('refuses YAML alias bombs instead of expanding them', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    const report = validateText(`---\n${bomb}\n---\n\nA stem.\n`);
    expect(report.files[0]!.messages.map((m) => m.ruleId)).toContain('yaml/syntax');
  });
});
