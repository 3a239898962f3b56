// Assembling a bundle again after edits (watch mode) with a memo must give exactly the bundle a
// fresh assembly gives: the sample bank's real files, edited as authors edit them, re-read and
// compiled one at a time through the real pipeline, as watch mode does.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assembleBundle,
  bytesOf,
  contentBytes,
  createAssemblyMemo,
  type Bundle,
  type BundleManifest,
  type BundleQuestion,
  type CompileOptions,
  type CompiledItem,
} from '@qbank/compiler';
import { readSourceFile, sourceFileFromText } from '@qbank/parser';
import { loadEnvironment, Pipeline, type BankEnvironment } from '@qbank/pipeline';
// One file's work alone, as the pipeline does it (not part of the package's API).
import { processSource } from '../packages/pipeline/src/lib/process.js';
import { discoverItems, loadConfig, type ProjectConfig } from '@qbank/project';
import { copySampleBank, makeTempDir } from './helpers/fs.js';

let work: string;
let config: ProjectConfig;
let environment: BankEnvironment;
/** The sample bank's item files, their original text, and their compiled items. */
let files: { path: string; kind: 'question' | 'note'; text: string; compiled: CompiledItem }[];
let previous: BundleManifest;

/** Compile one file as it is on disk, as watch mode does after a save. */
function compileFile(file: string, kind: 'question' | 'note'): CompiledItem | null {
  return processSource({ file: readSourceFile(file, work), kind }, environment).compiled;
}

beforeAll(async () => {
  work = makeTempDir('assemble');
  copySampleBank(work);
  config = loadConfig(path.join(work, 'qbank.config.json'), work).config!;
  environment = loadEnvironment(config, work).environment!;
  const { items } = await discoverItems(config, [], work);
  files = items.map((item) => {
    const compiled = compileFile(item.path, item.kind);
    if (!compiled) throw new Error(`${item.path} does not compile`);
    return { path: item.path, kind: item.kind, text: readFileSync(item.path, 'utf8'), compiled };
  });
  // A previous release in which every item is as in the sample bank.
  previous = assembleBundle(
    files.map((f) => f.compiled),
    options(),
  ).manifest;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function options(overrides: Partial<CompileOptions> = {}): CompileOptions {
  return {
    name: config.name,
    version: config.version,
    contentRoot: config.contentRoot,
    taxonomy: environment.taxonomy,
    sourceCommit: null,
    buildTime: null,
    ...overrides,
  };
}

/** Edits as authors make them, on a question's text (some leave it unchanged where they do not apply). */
const edits: Record<string, (text: string) => string> = {
  explanation: (text) => text.replace('\n## Explanation\n\n', '\n## Explanation\n\nA sentence added while editing. '),
  stem: (text) => text.replace(/\n---\n\n/, '\n---\n\nSeen in the clinic. '),
  key: (text) => text.replace('- [x]', '- [ ]').replace('- [ ]', '- [x]'),
  choice: (text) => text.replace(/^- \[ \] (\S+)/m, '- [ ] Not $1'),
  difficulty: (text) =>
    text.replace(/^difficulty: \d/m, (line) => (line.endsWith('3') ? 'difficulty: 1' : 'difficulty: 3')),
  secondary: (text) => text.replace(/^system: (.*)$/m, 'system: $1\nsecondary_systems: [multisystem]'),
  system: (text) => text.replace(/^system: .*$/m, 'system: multisystem'),
  notes: (text) => text.replace(/^notes: \[.*\]$/m, 'notes: []'),
  tags: (text) => text.replace(/^tags: \[/m, 'tags: [edited, '),
  draft: (text) => text.replace(/^status: published$/m, 'status: draft'),
};

/** The item with its whole body, as compiled before `compactItem` kept a question's summary only. */
function whole(item: CompiledItem): CompiledItem {
  if (!item.record || !item.body || 'stem' in item.body || item.body.type !== 'question') return item;
  const { hash: _hash, ...body } = JSON.parse(Buffer.from(bytesOf(item.record.json)).toString()) as BundleQuestion;
  return { ...item, body };
}

function sameBundle(actual: Bundle, expected: Bundle): void {
  expect([...actual.files.keys()].sort()).toEqual([...expected.files.keys()].sort());
  for (const [name, bytes] of expected.files) {
    expect(Buffer.from(contentBytes(actual.files.get(name)!)).equals(Buffer.from(contentBytes(bytes))), name).toBe(
      true,
    );
  }
  expect(actual.manifest).toEqual(expected.manifest);
  expect(actual.changelog).toEqual(expected.changelog);
}

describe('assembling again after edits', () => {
  it('gives the bytes of a fresh assembly, whatever is edited, in either profile, with or without a previous release', () => {
    const questions = () => files.filter((f) => f.kind === 'question');
    const notes = () => files.filter((f) => f.kind === 'note');
    const step = fc.array(fc.record({ file: fc.nat(), edit: fc.constantFrom(...Object.keys(edits)) }), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('standard', 'exam'),
        fc.boolean(),
        (steps, profile, withPrevious) => {
          const opts = options({
            profile: profile as 'standard' | 'exam',
            previous: withPrevious ? previous : undefined,
          });
          const compiled = files.map((f) => f.compiled);
          const memo = createAssemblyMemo();
          assembleBundle(compiled, opts, memo);
          try {
            for (const edits_ of steps) {
              for (const { file, edit } of edits_) {
                // A note made a draft: the questions that link it drop the link and are made whole again.
                const pool = edit === 'draft' && file % 3 === 0 ? notes() : questions();
                const target = pool[file % pool.length]!;
                const at = files.indexOf(target);
                const text = edits[edit]!(readFileSync(target.path, 'utf8'));
                writeFileSync(target.path, text);
                const item = compileFile(target.path, target.kind);
                // An edit the bank rejects (a draft linked from elsewhere, ...) is undone, as an author would.
                if (item) compiled[at] = item;
                else writeFileSync(target.path, target.text);
              }
              // Questions keep only their summary (`compactItem`): the bundle is the one their whole bodies give.
              sameBundle(assembleBundle(compiled, opts, memo), assembleBundle(compiled.map(whole), opts));
            }
          } finally {
            for (const f of files) writeFileSync(f.path, f.text);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('checks a file again without reporting its problems twice, and warming up leaves every result as it was', async () => {
    const copd = files.find((f) => f.path.endsWith('resp-copd-flow-volume-loop.md'))!;
    // No alt text: the image's check reports into the file.
    const text = copd.text.replace(/!\[[^\]]*\]/, '![]');
    const source = { file: sourceFileFromText(copd.path, text, work), kind: 'question' as const };
    const first = processSource(source, environment).diagnostics.map((d) => d.ruleId);
    expect(first).toContain('asset/missing-alt');
    expect(processSource(source, environment).diagnostics.map((d) => d.ruleId)).toEqual(first);
    expect(source.file.messages).toEqual([]);

    const pipeline = new Pipeline({ environment, cwd: work });
    const sources = files.map((f) => ({ file: readSourceFile(f.path, work), kind: f.kind }));
    const before = await pipeline.run({ sources, compile: true });
    pipeline.warmUp(sources.find((s) => s.kind === 'question' && pipeline.hasLint(s))!);
    const after = await pipeline.run({ sources, compile: true });
    expect(after.diagnostics).toEqual(before.diagnostics);
    expect(after.compiled).toEqual(before.compiled);
  });

  it('patches the last bundle for a text edit, and assembles in full when an edit reaches other items', () => {
    const compiled = files.map((f) => f.compiled);
    const memo = createAssemblyMemo();
    const opts = options({ previous });
    const first = assembleBundle(compiled, opts, memo);
    const target = files.find((f) => f.kind === 'question' && /^notes: \[\S/m.test(f.text))!;
    const at = files.indexOf(target);
    try {
      writeFileSync(target.path, edits.explanation!(target.text));
      compiled[at] = compileFile(target.path, 'question')!;
      const patched = assembleBundle(compiled, opts, memo);
      sameBundle(patched, assembleBundle(compiled, opts));
      // A patched bundle keeps the bytes of every file the edit cannot reach, the curriculum included.
      expect(patched.files.get('curriculum.json')).toBe(first.files.get('curriculum.json'));
      expect(patched.changelog.summary['text-changed']).toBe(1);

      // Unlinking a note changes that note's backlinks: everything is assembled again.
      writeFileSync(target.path, edits.notes!(target.text));
      compiled[at] = compileFile(target.path, 'question')!;
      const full = assembleBundle(compiled, opts, memo);
      sameBundle(full, assembleBundle(compiled, opts));
      expect(full.files.get('curriculum.json')).not.toBe(patched.files.get('curriculum.json'));
      // A draft edited is not in the bundle: the last bundle stands.
      writeFileSync(target.path, edits.draft!(target.text));
      compiled[at] = compileFile(target.path, 'question')!;
      const drafted = assembleBundle(compiled, opts, memo);
      writeFileSync(target.path, edits.explanation!(edits.draft!(target.text)));
      compiled[at] = compileFile(target.path, 'question')!;
      expect(assembleBundle(compiled, opts, memo)).toBe(drafted);
      sameBundle(drafted, assembleBundle(compiled, opts));
    } finally {
      writeFileSync(target.path, target.text);
    }
  });
});
