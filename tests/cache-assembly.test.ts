// What the build keeps in memory to assemble from: memoised pieces and records prepared when an
// item is compiled give exactly the bytes of a fresh assembly.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleFileContent, QuestionBody } from '@qbank/compiler';
import { copyBank, editedQuestion } from './helpers/cache-bank.js';
import { repoRoot } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

let work: string;

beforeAll(() => {
  work = makeTempDir('cache-assembly');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('assembling from memoised pieces', () => {
  it('writes exactly canonicalJson of each file, also when reusing a memo after an edit', async () => {
    const bank = copyBank(work, 'assembly');
    const { loadBank } = await import('../packages/cli/src/lib/bank.js');
    const { assembleBundle, compileItem, contentBytes, createAssemblyMemo } = await import('@qbank/compiler');
    const { canonicalJson } = await import('@qbank/core');
    const memo = createAssemblyMemo();
    for (const round of [1, 2]) {
      if (round === 2) {
        writeFileSync(
          editedQuestion(bank),
          readFileSync(editedQuestion(bank), 'utf8').replace('crushing', 'pressure-like'),
        );
      }
      const loaded = await loadBank({ cwd: bank });
      const config = loaded.config!;
      const compiled = loaded.report!.items.map((item) => compileItem(item, config.contentRoot));
      const bundle = assembleBundle(
        compiled,
        { name: config.name, version: config.version, contentRoot: config.contentRoot, taxonomy: loaded.taxonomy! },
        memo,
      );
      const text = (name: string) => Buffer.from(contentBytes(bundle.files.get(name)!)).toString('utf8');
      expect(text('manifest.json')).toBe(canonicalJson(bundle.manifest, 2));
      expect(text('changelog.json')).toBe(canonicalJson(bundle.changelog, 2));
      for (const name of bundle.manifest.files.map((f) => f.path).filter((p) => p.endsWith('.json'))) {
        if (name.startsWith('questions/') || name.startsWith('notes/')) {
          expect(text(name)).toBe(canonicalJson(JSON.parse(text(name)) as unknown));
        }
      }
    }
  });
});

describe('records prepared when an item is compiled', () => {
  it('give the same bundle bytes as bodies alone, in both profiles', async () => {
    const { loadBank } = await import('../packages/cli/src/lib/bank.js');
    const { assembleBundle, compileItem, contentBytes } = await import('@qbank/compiler');
    let linksHidden = 0;
    // The sample bank, and a bank whose question links a draft note (its prepared record cannot serve).
    for (const cwd of [repoRoot, copyBank(work, 'prepared')]) {
      const loaded = await loadBank({ cwd });
      const config = loaded.config!;
      const compiled = loaded.report!.items.map((item) => compileItem(item, config.contentRoot));
      const questions = compiled.filter((c) => c.body?.type === 'question');
      expect(questions.every((c) => c.record)).toBe(true);
      const publishedNotes = new Set(compiled.filter((c) => c.kind === 'note' && c.body).map((c) => c.id));
      linksHidden += questions.filter((c) =>
        (c.body as QuestionBody).notes.some((id) => !publishedNotes.has(id)),
      ).length;
      const withoutRecords = compiled.map(({ record: _record, ...item }) => item);
      for (const profile of ['standard', 'exam'] as const) {
        const options = {
          name: config.name,
          version: config.version,
          contentRoot: config.contentRoot,
          taxonomy: loaded.taxonomy!,
          profile,
        };
        const bytes = (files: Map<string, BundleFileContent>) =>
          new Map([...files].map(([name, content]) => [name, Buffer.from(contentBytes(content)).toString('base64')]));
        expect(bytes(assembleBundle(compiled, options).files)).toEqual(
          bytes(assembleBundle(withoutRecords, options).files),
        );
      }
    }
    expect(linksHidden).toBeGreaterThan(0);
  });
});
