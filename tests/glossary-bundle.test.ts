// The bundle carries the glossary (glossary.json) and, per question, where its terms occur: ranges
// into the text a browser shows of the stem, lead-in and each option. Checked against a real HTML
// parser (parse5, the WHATWG algorithm browsers follow) on every sample question and on random text.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { parseFragment } from 'parse5';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Glossary } from '@qbank/core';
import {
  assembleBundle,
  compileBundle,
  compileItem,
  contentBytes,
  createAssemblyMemo,
  type Bundle,
  type BundleGlossary,
  type BundleQuestion,
  type CompileOptions,
  type QuestionTermRange,
} from '@qbank/compiler';
import { termMatcher, termRanges } from '@qbank/glossary';
import { sourceFileFromText } from '@qbank/parser';
import { discoverSources, loadConfig, loadGlossary } from '@qbank/project';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank, type BankReport } from '@qbank/validate';
import { repoRoot } from './helpers/cli.js';

/** `textContent` of an HTML fragment as a browser's parser builds it. */
function textContent(html: string): string {
  type Node = { nodeName: string; value?: string; childNodes?: Node[] };
  const walk = (node: Node): string =>
    node.nodeName === '#text'
      ? node.value!
      : node.nodeName === '#comment'
        ? ''
        : (node.childNodes ?? []).map(walk).join('');
  return walk(parseFragment(html) as unknown as Node);
}

const decoder = new TextDecoder();
const json = <T>(bundle: Bundle, file: string): T =>
  JSON.parse(decoder.decode(contentBytes(bundle.files.get(file)!))) as T;
const questionsOf = (bundle: Bundle): BundleQuestion[] =>
  [...bundle.files.keys()]
    .filter((file) => file.startsWith('questions/'))
    .flatMap((file) => json<{ items: BundleQuestion[] }>(bundle, file).items);

/** Each field's HTML with its ranges. */
function fields(q: BundleQuestion): [string, string, QuestionTermRange[]][] {
  return [
    ['stem', q.stem, q.terms!.stem],
    ['leadIn', q.leadIn, q.terms!.leadIn],
    ...q.choices.map((c, i): [string, string, QuestionTermRange[]] => [
      `choice ${c.letter}`,
      c.html,
      q.terms!.choices[i]!,
    ]),
  ];
}

/** Whether a slice of text is one of the entry's names: as written, or in any case for a name not in capitals. */
function isNameOf(slice: string, entry: Glossary['terms'][number]): boolean {
  return [entry.term, ...(entry.variants ?? [])].some(
    (name) =>
      slice === name || (!/\p{Lu}.*[\p{Lu}\p{N}]|^\p{Lu}{2}/u.test(name) && slice.toLowerCase() === name.toLowerCase()),
  );
}

describe('the sample bank with its glossary', () => {
  let report: BankReport;
  let glossary: Glossary;
  let options: CompileOptions;
  let bundle: Bundle;

  beforeAll(async () => {
    const { config } = loadConfig(path.join(repoRoot, 'qbank.config.json'), repoRoot);
    const { sources } = await discoverSources(config!, [], repoRoot);
    report = validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot: config!.contentRoot });
    glossary = loadGlossary(config!, repoRoot).glossary!;
    options = {
      name: 'sample',
      version: '1.0.0',
      contentRoot: config!.contentRoot,
      taxonomy: builtinTaxonomy(),
      glossary,
    };
    bundle = compileBundle(report, options);
  });

  it('writes glossary.json, listed and verified in the manifest, valid against its schema', () => {
    expect(bundle.manifest.bundleFormat).toBe('1.1.0');
    expect(bundle.manifest.files.map((f) => f.path)).toContain('glossary.json');
    const file = json<BundleGlossary>(bundle, 'glossary.json');
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/bundle/glossary.schema.json'), 'utf8'));
    expect(ajv.validate(schema, file), ajv.errorsText()).toBe(true);
    expect(file.terms.map((t) => t.term)).toEqual(glossary.terms.map((t) => t.term));
    const ecg = file.terms.find((t) => t.variants.includes('ECG'))!;
    expect(ecg).toMatchObject({ term: 'electrocardiogram', variants: ['ECG', 'EKG'] });
    // A note link names a published note of the bundle.
    const notes = new Set(bundle.manifest.items.filter((i) => i.type === 'note').map((i) => i.id));
    expect(file.terms.filter((t) => t.note).length).toBeGreaterThan(10);
    expect(file.terms.filter((t) => t.note !== null && !notes.has(t.note))).toEqual([]);
  });

  it('gives every sample question ranges that slice the rendered text into a name of their term', () => {
    const questions = questionsOf(bundle);
    expect(questions.length).toBe(bundle.manifest.counts.questions);
    let count = 0;
    for (const q of questions) {
      expect(q.terms!.choices.length, q.id).toBe(q.choices.length);
      for (const [field, html, ranges] of fields(q)) {
        const text = textContent(html);
        // The same ranges as found in the text a browser shows.
        const found = termRanges(text, termMatcher(glossary)).map((r) => [r.start, r.end, r.term]);
        expect(ranges, `${q.id} ${field}`).toEqual(found);
        for (const [start, end, term] of ranges) {
          expect(isNameOf(text.slice(start, end), glossary.terms[term]!), `${q.id} ${field} ${start}`).toBe(true);
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(100);
  });

  it('puts readability figures on every question of the manifest, and none on notes', () => {
    for (const item of bundle.manifest.items) {
      if (item.type === 'note') expect(item.readability).toBeUndefined();
      else expect(item.readability, item.id).toMatchObject({ words: expect.any(Number), grade: expect.any(Number) });
    }
    const words = bundle.manifest.items
      .flatMap((i) => (i.readability ? [i.readability.words] : []))
      .sort((a, b) => a - b);
    expect(words[Math.floor(words.length / 2)]).toBeGreaterThan(60);
  });

  it('leaves content hashes, revisions and the rest of the bundle as without a glossary', () => {
    const without = compileBundle(report, { ...options, glossary: undefined });
    expect(without.manifest.items).toEqual(bundle.manifest.items);
    expect(without.files.has('glossary.json')).toBe(false);
    const bare = questionsOf(bundle).map(({ terms: _terms, ...q }) => q);
    expect(questionsOf(without)).toEqual(bare);
  });

  it('in watch mode, assembles afresh when the glossary changes and keeps the ranges of a patched question', () => {
    const compiled = report.items.map((item) => compileItem(item, options.contentRoot, glossary));
    const memo = createAssemblyMemo();
    const first = assembleBundle(compiled, options, memo);
    expect(json<BundleGlossary>(first, 'glossary.json').terms[0]!.definition).toBe(glossary.terms[0]!.definition);
    // A new glossary object (the watch session reloads it): glossary.json is made again, the chunks are not.
    const edited: Glossary = { terms: glossary.terms.map((t, i) => (i ? t : { ...t, definition: 'Changed.' })) };
    const second = assembleBundle(compiled, { ...options, glossary: edited }, memo);
    expect(json<BundleGlossary>(second, 'glossary.json').terms[0]!.definition).toBe('Changed.');
    expect(second.manifest.items).toEqual(first.manifest.items);
    // One question edited in place is patched in, with its ranges.
    const at = report.items.findIndex((item) => item.kind === 'question' && item.data.status === 'published');
    const again = [...compiled];
    again[at] = compileItem(report.items[at]!, options.contentRoot, edited);
    const third = assembleBundle(again, { ...options, glossary: edited }, memo);
    expect(questionsOf(third).find((q) => q.id === again[at]!.id)!.terms).toEqual(
      questionsOf(first).find((q) => q.id === again[at]!.id)!.terms,
    );
    expect(contentBytes(third.files.get('glossary.json')!)).toEqual(contentBytes(second.files.get('glossary.json')!));
  });

  it('is byte-identical on repeat', () => {
    const again = compileBundle(report, options);
    expect([...again.files.keys()]).toEqual([...bundle.files.keys()]);
    for (const [file, content] of bundle.files) {
      expect(Buffer.compare(contentBytes(again.files.get(file)!), contentBytes(content)), file).toBe(0);
    }
  });
});

describe('term ranges in random text', () => {
  const glossary: Glossary = {
    terms: [
      { term: 'electrocardiogram', variants: ['ECG', 'EKG'], definition: 'A heart tracing.' },
      { term: 'computed tomography', variants: ['CT', 'CT scan'], definition: 'X-ray slices.' },
      { term: 'café-au-lait macule', definition: 'A light brown patch.' },
      { term: 'HbA1c', definition: 'Glycated hemoglobin.' },
    ],
  };
  const names = glossary.terms.flatMap((t) => [t.term, ...(t.variants ?? [])]);
  const filler = fc.constantFrom(
    'A 54-year-old man',
    '*stress*',
    '**bold**',
    '`code`',
    'x < y & z',
    '&amp;',
    '"quoted"',
    'naïve',
    '𝛼-helix',
    '👩‍⚕️',
    '[link](https://example.org)',
    'ECGs',
    'ALL',
    '~~old~~',
    '5%',
    'á',
  );
  const words = fc.array(fc.oneof(filler, fc.constantFrom(...names)), { minLength: 1, maxLength: 14 });
  const contentRoot = '/bank';

  it('finds every inserted term, at ranges that slice the parsed HTML into one of its names', () => {
    let compiled = 0;
    fc.assert(
      fc.property(words, words, (stem, choice) => {
        const text = [
          '---',
          'id: q-random',
          'status: published',
          'discipline: [pathology]',
          'system: cardiovascular',
          'competency: medical-knowledge',
          '---',
          '',
          stem.join(' '),
          '',
          'Which of the following is most likely?',
          '',
          `- [x] ${choice.join(' ')}`,
          '- [ ] Other',
          '',
          '## Explanation',
          '',
          'Because.',
          '',
        ].join('\n');
        const file = sourceFileFromText(path.join(contentRoot, 'questions/q.md'), text, contentRoot);
        const report = validateBank([{ file, kind: 'question' }], { taxonomy: builtinTaxonomy(), contentRoot });
        if (report.hasErrors) return;
        const bundle = compileBundle(report, {
          name: 'random',
          version: '1.0.0',
          contentRoot,
          taxonomy: builtinTaxonomy(),
          glossary,
        });
        const [q] = questionsOf(bundle);
        compiled++;
        for (const [field, html, ranges] of fields(q!)) {
          const shown = textContent(html);
          expect(ranges, field).toEqual(termRanges(shown, termMatcher(glossary)).map((r) => [r.start, r.end, r.term]));
          for (const [start, end, term] of ranges)
            expect(isNameOf(shown.slice(start, end), glossary.terms[term]!)).toBe(true);
        }
        // Every name written outside Markdown punctuation is found in the stem.
        const plain = stem.filter((w) => names.includes(w));
        expect(q!.terms!.stem.length).toBeGreaterThanOrEqual(plain.length);
      }),
      { numRuns: 60 },
    );
    expect(compiled).toBeGreaterThan(50);
  });
});
