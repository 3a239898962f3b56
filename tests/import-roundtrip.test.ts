// Round trip through the exporter: a bank is built, exported as QTI 3.0 and 2.1 content packages
// (`qbank export qti`), and the packages are imported again; every question comes back with the same
// id, lead-in, options in order and key as the bundle had. (Moodle XML's round trip is in
// tests/export-moodle.test.ts.)
import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { assignIds, plainText, readQti, renderQuestion } from '@qbank/import';
import { parseQuestion, sourceFileFromText } from '@qbank/parser';
import { htmlToText, openBundle, type BundleQuestion } from '@qbank/runtime';
import { fromDirectory } from '@qbank/runtime/node';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('import-roundtrip');
const bank = path.join(work, 'bank');
let questions: BundleQuestion[];

beforeAll(async () => {
  cpSync(path.join(repoRoot, 'tests/fixtures/export/bank'), bank, { recursive: true });
  const built = await runQbank(['build', '--out', 'out'], bank);
  expect(built.code, built.stdout + built.stderr).toBe(0);
  questions = await (await openBundle(fromDirectory(path.join(bank, 'out')))).questions();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(['3.0', '2.1'])('QTI %s export, imported again', (version) => {
  test('every question comes back with its id, lead-in, options in order and key', async () => {
    const file = `bank-${version}.zip`;
    const exported = await runQbank(['export', 'qti', 'out', '--version', version, '--out', file], bank);
    expect(exported.code, exported.stderr).toBe(0);
    const read = readQti({ name: file, bytes: readFileSync(path.join(bank, file)) });
    expect(read.problems).toEqual([]);
    expect(read.skipped).toEqual([]);
    expect(read.items.length).toBe(questions.length);
    const ids = assignIds(read.items, file);
    const byId = new Map(read.items.map((item, index) => [item.sourceId, { item, id: ids[index]! }]));
    for (const question of questions) {
      const found = byId.get(question.id);
      expect(found, question.id).toBeDefined();
      const parsed = parseQuestion(sourceFileFromText('q.md', renderQuestion(found!.item, { id: found!.id }).text));
      expect(parsed.leadIn && plainText([parsed.leadIn]), question.id).toBe(htmlToText(question.leadIn).trim());
      expect(parsed.choices.map((choice) => plainText(choice.label))).toEqual(
        question.choices.map((choice) => choice.text),
      );
      const key = parsed.choices.findIndex((choice) => choice.checked);
      expect(question.choices[key]?.letter).toBe(question.answer);
    }
  });
});
