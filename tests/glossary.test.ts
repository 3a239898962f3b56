// The glossary (content/glossary.yaml): read like the video registry, checked against
// schemas/glossary.schema.json with every problem on its key, and the sample bank's glossary covers
// the abbreviations its questions use.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultConfig, discoverSources, loadConfig, loadGlossary } from '@qbank/project';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank, type CheckedQuestion } from '@qbank/validate';
import { lintQuestions } from '@qbank/lint';
import { applyFixes, diagnosticFromMessage, fixOf, type Glossary } from '@qbank/core';
import * as glossaryApi from '@qbank/glossary';
import { termMatcher, termRanges } from '@qbank/glossary';
import { sourceFileFromText } from '@qbank/parser';
import { copyBank } from './helpers/cache-bank.js';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A bank folder holding only a glossary with this text. */
function bankWith(glossary: string): string {
  const dir = makeTempDir('glossary');
  made.push(dir);
  mkdirSync(path.join(dir, 'content'));
  writeFileSync(path.join(dir, 'content/glossary.yaml'), glossary);
  return dir;
}

function problems(dir: string): string[] {
  const { file } = loadGlossary(defaultConfig(path.join(dir, 'content'), dir), dir);
  return file.messages.map((m) => {
    const d = diagnosticFromMessage(m, 'content/glossary.yaml');
    return `${d.file}:${d.line}:${d.column} ${d.ruleId} ${d.message}`;
  });
}

/** Lint one question text with `item/unexpanded-abbreviation` alone (at info); its messages. */
function lintAbbreviations(file: string, text: string, root = path.dirname(file)) {
  const source = sourceFileFromText(file, text, root);
  const report = validateBank([{ file: source, kind: 'question' }], { taxonomy: builtinTaxonomy(), contentRoot: root });
  const questions = report.items.filter((item): item is CheckedQuestion => item.kind === 'question');
  lintQuestions(questions, {
    contentRoot: root,
    config: { extends: [], rules: { 'item/unexpanded-abbreviation': 'info' } },
  });
  return source.messages;
}

describe('loadGlossary', () => {
  it('reads the sample glossary without problems', () => {
    const { config } = loadConfig(path.join(repoRoot, 'qbank.config.json'), repoRoot);
    const loaded = loadGlossary(config!, repoRoot);
    expect(loaded.file.messages).toEqual([]);
    expect(loaded.glossary!.terms.length).toBeGreaterThan(40);
  });

  it('has no glossary when the bank has no file', () => {
    const dir = makeTempDir('glossary');
    made.push(dir);
    const loaded = loadGlossary(defaultConfig(dir, dir), dir);
    expect(loaded.glossary).toBeUndefined();
    expect(loaded.file.messages).toEqual([]);
  });

  it('places schema problems on their key', () => {
    const dir = bankWith(
      [
        'terms:',
        '  - term: electrocardiogram',
        '    variants: [ECG]',
        '    defintion: A recording of the heart.',
        '  - term: specificity',
        '    definition: The share of people without a disease who test negative.',
        '    translations: { spanish: especificidad }',
        '    note: Test Characteristics',
        '',
      ].join('\n'),
    );
    expect(problems(dir)).toEqual([
      'content/glossary.yaml:2:5 glossary/invalid-file Missing required field `definition` in the first term',
      'content/glossary.yaml:4:5 glossary/invalid-file Unexpected field `defintion` in the first term',
      'content/glossary.yaml:7:21 glossary/invalid-file Unexpected field `spanish` in `translations` in the second term',
      'content/glossary.yaml:8:11 glossary/invalid-file Unexpected `Test Characteristics` for `note` in the second term: it is not in the required form',
    ]);
  });

  it('reports a term or variant named twice, on the repeat', () => {
    const dir = bankWith(
      [
        'terms:',
        '  - term: electrocardiogram',
        '    variants: [ECG, EKG]',
        '    definition: A recording of the heart.',
        '  - term: ecg',
        '    definition: The same again.',
        '',
      ].join('\n'),
    );
    expect(problems(dir)).toEqual([
      'content/glossary.yaml:5:11 glossary/duplicate-term Unexpected second entry for `ecg`, expected each term and variant once (first in the entry for `electrocardiogram`)',
    ]);
  });
});

describe('the sample glossary', () => {
  const glossary = parse(readFileSync(path.join(repoRoot, 'content/glossary.yaml'), 'utf8')) as {
    terms: { term: string; variants?: string[]; note?: string }[];
  };
  let report: ReturnType<typeof validateBank>;
  let contentRoot: string;

  beforeAll(async () => {
    const { config } = loadConfig(path.join(repoRoot, 'qbank.config.json'), repoRoot);
    contentRoot = config!.contentRoot;
    const { sources } = await discoverSources(config!, [], repoRoot);
    report = validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot });
  });

  it('links only notes that exist', () => {
    const notes = new Set(report.items.filter((item) => item.kind === 'note').map((item) => item.data.id));
    const linked = glossary.terms.flatMap((t) => (t.note ? [t.note] : []));
    expect(linked.length).toBeGreaterThan(10);
    expect(linked.filter((note) => !notes.has(note))).toEqual([]);
  });

  it('covers every abbreviation the sample questions use', () => {
    const questions = report.items.filter((item): item is CheckedQuestion => item.kind === 'question');
    const names = new Set(glossary.terms.flatMap((t) => [t.term, ...(t.variants ?? [])]));
    lintQuestions(questions, {
      contentRoot,
      glossary: names,
      config: { extends: [], rules: { 'item/unexpanded-abbreviation': 'warning' } },
    });
    const flagged = report.files.flatMap((f) =>
      f.messages.filter((m) => m.ruleId === 'item/unexpanded-abbreviation').map((m) => `${f.path}: ${m.reason}`),
    );
    expect(flagged).toEqual([]);
  });
});

describe('item/unexpanded-abbreviation fix', () => {
  it('writes the expansion the item gives later at the first use', () => {
    const file = path.join(repoRoot, 'tests/fixtures/lint/item-unexpanded-abbreviation/bad-expanded-later.md');
    const text = readFileSync(file, 'utf8');
    const fixes = lintAbbreviations(file, text)
      .map((m) => fixOf(m))
      .filter((f) => f !== undefined);
    expect(fixes).toHaveLength(1);
    const fixed = applyFixes(text, fixes).text;
    expect(fixed).toContain('Serum ALP (alkaline phosphatase) activity is 410 U/L.');
    expect(fixed.replace(' (alkaline phosphatase)', '')).toBe(text);
  });
});

describe('@qbank/glossary', () => {
  const matcher = termMatcher({
    terms: [
      { term: 'computed tomography', variants: ['CT', 'CT scan'], definition: 'An imaging test.' },
      { term: 'acute lymphoblastic leukemia', variants: ['ALL'], definition: 'A blood cancer.' },
      { term: 'specificity', definition: 'The share of healthy people who test negative.' },
    ],
  });

  it('exports exactly these values', () => {
    expect(Object.keys(glossaryApi).sort()).toEqual(['termMatcher', 'termRanges']);
  });

  it('finds terms as whole words, the longest name first, capitals only as written', () => {
    const text = 'A CT scan shows all lymph nodes enlarged; ALL is confirmed. Specificity of CT is high. ACT and Cts.';
    expect(termRanges(text, matcher).map((r) => [text.slice(r.start, r.end), r.term])).toEqual([
      ['CT scan', 0],
      ['ALL', 1],
      ['Specificity', 2],
      ['CT', 0],
    ]);
  });

  it('finds nothing with an empty glossary', () => {
    expect(termRanges('An ECG.', termMatcher({ terms: [] }))).toEqual([]);
  });

  it('finds the sample glossary in the sample questions', () => {
    const glossary = parse(readFileSync(path.join(repoRoot, 'content/glossary.yaml'), 'utf8')) as Glossary;
    const ranges = termRanges('The G6PD enzyme makes NADPH; an ECG and a CT scan were normal.', termMatcher(glossary));
    expect(ranges.map((r) => glossary.terms[r.term]!.term)).toEqual([
      'glucose-6-phosphate dehydrogenase',
      'nicotinamide adenine dinucleotide phosphate',
      'electrocardiogram',
      'computed tomography',
    ]);
  });
});

describe('item/unexpanded-abbreviation fix safety', () => {
  it('takes no text in parentheses that does not spell the abbreviation out', () => {
    const root = path.join(repoRoot, 'tests/fixtures/lint/item-unexpanded-abbreviation');
    const text = readFileSync(path.join(root, 'bad-expanded-later.md'), 'utf8').replace(
      'serum alkaline phosphatase (ALP) activity',
      'serum ALP (normal 30-120 U/L) activity',
    );
    const messages = lintAbbreviations(path.join(root, 'other.md'), text, root);
    expect(messages.map((m) => m.ruleId)).toEqual(['item/unexpanded-abbreviation']);
    expect(messages.map((m) => fixOf(m))).toEqual([undefined]);
  });
});

describe('item/unexpanded-abbreviation on pathological text', () => {
  it('finishes on a long run of capitals after many small words', () => {
    const root = path.join(repoRoot, 'tests/fixtures/lint/item-unexpanded-abbreviation');
    const stem = `${'B'.repeat(60)} and ${'BD'.repeat(4)} at first, ${'A' + 'a'.repeat(60000)}. ${'bb '.repeat(80)}(${'B'.repeat(60)}) and ${'bd '.repeat(30)}(${'BD'.repeat(4)}).`;
    const text = `---\nid: pathological\nstatus: review\ndiscipline: [pathology]\nsystem: cardiovascular\ncompetency: patient-care-diagnosis\n---\n\n${stem}\n\nWhich of the following is the most likely diagnosis?\n\n- [x] One\n- [ ] Two\n- [ ] Three\n- [ ] Four\n`;
    const messages = lintAbbreviations(path.join(root, 'pathological.md'), text, root);
    expect(messages.filter((m) => m.ruleId === 'item/unexpanded-abbreviation')).toHaveLength(2);
  });
});

describe("the glossary's links to notes", () => {
  /** A copy of the small bank (a published and a draft note) with a glossary linking them. */
  function bankLinking(...notes: string[]): string {
    const work = makeTempDir('glossary-notes');
    made.push(work);
    const bank = copyBank(work, 'bank');
    const entries = notes.flatMap((note, i) => [
      `  - term: term ${i + 1}`,
      `    definition: What term ${i + 1} means.`,
      `    note: ${note}`,
    ]);
    writeFileSync(path.join(bank, 'content/glossary.yaml'), ['terms:', ...entries, ''].join('\n'));
    return bank;
  }

  it('reports a link to no note and to an unpublished one, on the id in the glossary', async () => {
    const bank = bankLinking('coronary-artery-diseas', 'coronary-artery-disease', 'cv-draft-note');
    const checked = await runQbank(['validate', '--format', 'json'], bank);
    expect(checked.code).toBe(1);
    const glossaryProblems = (JSON.parse(checked.stdout) as { file: string; ruleId: string }[]).filter((d) =>
      d.ruleId.startsWith('glossary/'),
    );
    expect(glossaryProblems).toMatchObject([
      {
        file: 'content/glossary.yaml',
        line: 4,
        column: 11,
        severity: 'error',
        ruleId: 'glossary/missing-note',
        message: 'Unexpected note `coronary-artery-diseas` for the term `term 1`: no note has this id',
        hint: 'Did you mean `coronary-artery-disease`?',
      },
      {
        file: 'content/glossary.yaml',
        line: 10,
        column: 11,
        severity: 'warning',
        ruleId: 'glossary/unpublished-note',
        message:
          "Unexpected link to note `cv-draft-note` whose status is `draft`: the bundle's glossary will not link the term `term 3` to it",
      },
    ]);
    // Also when only another file is checked: the glossary's problems are the bank's.
    const one = await runQbank(['validate', '--format', 'json', 'content/questions/cardiovascular/cv-mi.md'], bank);
    expect((JSON.parse(one.stdout) as { ruleId: string }[]).map((d) => d.ruleId)).toContain('glossary/missing-note');
  });

  it('builds with a draft note linked, and the bundle leaves that link out', async () => {
    const bank = bankLinking('coronary-artery-disease', 'cv-draft-note');
    const built = await runQbank(['build'], bank);
    expect(built.stdout).toMatch(/content\/glossary\.yaml\n {2}7:11-7:24 .*glossary\/unpublished-note/);
    expect(built.code).toBe(0);
    const glossary = JSON.parse(readFileSync(path.join(bank, 'out/bundle/glossary.json'), 'utf8')) as {
      terms: { term: string; note: string | null }[];
    };
    expect(glossary.terms.map((t) => [t.term, t.note])).toEqual([
      ['term 1', 'coronary-artery-disease'],
      ['term 2', null],
    ]);
  });
});
