// @qbank/runtime: its public surface, and the bundle files it reads checked against their JSON Schemas.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as runtime from '../packages/runtime/src/index.js';
import * as node from '../packages/runtime/src/node.js';
import { buildBank, writeBank } from './fixtures/runtime/bank.js';
import { repoRoot } from './helpers/cli.js';
import { listFiles, makeTempDir } from './helpers/fs.js';

describe('public API', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(runtime).sort()).toEqual([
      'BundleError',
      'BundleFormatError',
      'BundleIntegrityError',
      'BundleReadError',
      'UnknownItemError',
      'anchoredChoice',
      'answerRecords',
      'arrangeChoices',
      'assembleBlock',
      'changesBetween',
      'compareBlocks',
      'createRandom',
      'createScheduler',
      'filterIndex',
      'fromFiles',
      'fromUrl',
      'htmlToText',
      'noteLevels',
      'notesForQuestion',
      'notesToReview',
      'openBundle',
      'prepareSearch',
      'queryItems',
      'questionsForNote',
      'reconcileHistory',
      'scoreBlock',
      'searchBundle',
      'sha256',
      'studyPath',
      'supportedBundleFormat',
      'termOccurrences',
    ]);
    expect(Object.keys(node)).toEqual(['fromDirectory']);
  });

  it('declares the Node entry as a subpath, and no dependency beyond the bundle contract (MiniSearch and ts-fsrs are bundled in)', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'packages/runtime/package.json'), 'utf8'));
    expect(Object.keys(pkg.exports)).toEqual(['.', './node']);
    expect(pkg.sideEffects).toBe(false);
    expect(Object.keys(pkg.dependencies)).toEqual(['@qbank/bundle']);
    expect(Object.keys(pkg.devDependencies)).toEqual(['minisearch', 'ts-fsrs']);
  });
});

describe('bundle types', () => {
  describe('match the files of a built bundle and its JSON Schemas', () => {
    const work = makeTempDir('runtime-api');
    const standard = path.join(work, 'standard');
    const exam = path.join(work, 'exam');
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats.default(ajv);
    const schema = (name: string): ValidateFunction =>
      ajv.compile(JSON.parse(readFileSync(path.join(repoRoot, 'schemas/bundle', `${name}.schema.json`), 'utf8')));
    const validators = {
      manifest: schema('manifest'),
      changelog: schema('changelog'),
      curriculum: schema('curriculum'),
      glossary: schema('glossary'),
      questions: schema('question-chunk'),
      answers: schema('answers-chunk'),
      notes: schema('note-chunk'),
    };
    const check = (name: keyof typeof validators, value: unknown) => {
      const valid = validators[name](value);
      expect(valid, `${name}: ${ajv.errorsText(validators[name].errors)}`).toBe(true);
    };
    beforeAll(async () => {
      writeBank(path.join(work, 'bank'), 24);
      // A glossary, so that glossary.json and each question's term ranges are checked too.
      const glossary =
        'terms:\n  - term: dyspnea\n    definition: Difficulty breathing.\n    note: n-atp\n  - term: edema\n    definition: Swelling from fluid.\n';
      writeFileSync(path.join(work, 'bank/content/glossary.yaml'), glossary);
      await buildBank(path.join(work, 'bank'), standard);
      await buildBank(path.join(work, 'bank'), exam, '--profile', 'exam');
    });
    afterAll(() => rmSync(work, { recursive: true, force: true }));

    it.each([['standard'], ['exam']])('every file the runtime reads from a %s bundle is valid', async (profile) => {
      const dir = profile === 'exam' ? exam : standard;
      const bundle = await runtime.openBundle(node.fromDirectory(dir));
      check('manifest', bundle.manifest);
      check('changelog', await bundle.changelog());
      check('curriculum', await bundle.curriculum());
      check('glossary', await bundle.glossary());
      expect((await bundle.questions()).some((q) => q.terms!.stem.length > 0)).toBe(true);
      for (const file of listFiles(dir).filter((f) => f.endsWith('.json') && f.includes('/'))) {
        check(file.split('/')[0] as 'questions' | 'answers' | 'notes', await bundle.readJson(file));
      }
      // What the runtime hands out is the standard shape in both profiles.
      check('questions', { items: await bundle.questions() });
      check('notes', { items: await bundle.notes() });
      const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
      expect(bundle.manifest).toEqual(manifest);
    });
  });
});
