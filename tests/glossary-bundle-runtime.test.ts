// @qbank/runtime hands an app the bundle's glossary and each question's term occurrences with their
// definitions: the sample bank written to disk (standard and exam profile) and opened as an app would.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { parseFragment } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileBundle, writeBundle, type CompileOptions } from '@qbank/compiler';
import { discoverSources, loadConfig, loadGlossary } from '@qbank/project';
import { assembleBlock, openBundle, termOccurrences, type BundleQuestion, type LoadedBundle } from '@qbank/runtime';
import { fromDirectory } from '@qbank/runtime/node';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank } from '@qbank/validate';
import { repoRoot } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('glossary-runtime');
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `textContent` of an HTML fragment as a browser's parser builds it. */
function textContent(html: string): string {
  type Node = { nodeName: string; value?: string; childNodes?: Node[] };
  const walk = (node: Node): string =>
    node.nodeName === '#text' ? node.value! : (node.childNodes ?? []).map(walk).join('');
  return walk(parseFragment(html) as unknown as Node);
}

function fieldHtml(question: BundleQuestion, field: string, letter: string | null): string {
  if (field === 'stem') return question.stem;
  if (field === 'leadIn') return question.leadIn;
  return question.choices.find((c) => c.letter === letter)!.html;
}

describe('a bundle with a glossary, in an app', () => {
  const bundles: Record<string, LoadedBundle> = {};

  beforeAll(async () => {
    const { config } = loadConfig(path.join(repoRoot, 'qbank.config.json'), repoRoot);
    const { sources } = await discoverSources(config!, [], repoRoot);
    const report = validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot: config!.contentRoot });
    const options: CompileOptions = {
      name: 'sample',
      version: '1.0.0',
      contentRoot: config!.contentRoot,
      taxonomy: builtinTaxonomy(),
      glossary: loadGlossary(config!, repoRoot).glossary,
    };
    for (const profile of ['standard', 'exam'] as const) {
      await writeBundle(compileBundle(report, { ...options, profile }), path.join(work, profile));
      bundles[profile] = await openBundle(fromDirectory(path.join(work, profile)));
    }
    await writeBundle(compileBundle(report, { ...options, glossary: undefined }), path.join(work, 'bare'));
    bundles.bare = await openBundle(fromDirectory(path.join(work, 'bare')));
  });

  it('gives the glossary, verified against the manifest', async () => {
    const glossary = (await bundles.standard!.glossary())!;
    expect(glossary.glossaryFormat).toBe('1.0.0');
    expect(glossary.terms.length).toBeGreaterThan(50);
    expect(glossary.terms.find((t) => t.variants.includes('ECG'))?.definition).toMatch(/electrical activity/);
  });

  it.each([['standard'], ['exam']])(
    'gives each question of a %s bundle its terms with definitions, at the text an app shows',
    async (profile) => {
      const bundle = bundles[profile]!;
      const glossary = await bundle.glossary();
      let count = 0;
      for (const question of await bundle.questions()) {
        for (const o of termOccurrences(question, glossary)) {
          const slice = textContent(fieldHtml(question, o.field, o.letter)).slice(o.start, o.end);
          const names = [o.term.term, ...o.term.variants].map((n) => n.toLowerCase());
          expect(names, `${question.id} ${o.field} ${o.letter ?? ''}`).toContain(slice.toLowerCase());
          expect(o.term).toBe(glossary!.terms[o.index]);
          count++;
        }
      }
      expect(count).toBeGreaterThan(100);
    },
  );

  it('finds a term in an option, named by the option letter', async () => {
    const bundle = bundles.standard!;
    const glossary = await bundle.glossary();
    const all = await bundle.questions();
    const inChoices = all.flatMap((q) => termOccurrences(q, glossary).filter((o) => o.field === 'choice'));
    expect(inChoices.length).toBeGreaterThan(0);
    expect(inChoices.every((o) => /^[A-Z]$/.test(o.letter!))).toBe(true);
  });

  it("gives a study block's questions their terms, options named by the letter shown", async () => {
    const bundle = bundles.standard!;
    const glossary = await bundle.glossary();
    const block = await assembleBlock(bundle, { seed: 'terms', size: 40 });
    let choices = 0;
    for (const question of block.questions) {
      for (const o of termOccurrences(question, glossary)) {
        const html =
          o.field === 'stem'
            ? question.stem
            : o.field === 'leadIn'
              ? question.leadIn
              : question.choices.find((c) => c.letter === o.letter)!.html;
        const names = [o.term.term, ...o.term.variants].map((n) => n.toLowerCase());
        expect(names, `${question.id} ${o.field} ${o.letter ?? ''}`).toContain(
          textContent(html).slice(o.start, o.end).toLowerCase(),
        );
        if (o.field === 'choice') choices++;
      }
    }
    expect(choices).toBeGreaterThan(0);
  });

  it('has no glossary and no occurrences without one', async () => {
    const bundle = bundles.bare!;
    expect(await bundle.glossary()).toBeNull();
    const [question] = await bundle.questions();
    expect(question!.terms).toBeUndefined();
    expect(termOccurrences(question!, null)).toEqual([]);
    expect(termOccurrences(question!, await bundles.standard!.glossary())).toEqual([]);
  });
});
