// The near-duplicate pairs kept between processes (.qbank-cache/similar.v1).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyBank, editedQuestion } from './helpers/cache-bank.js';
import { runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

let work: string;

beforeAll(() => {
  work = makeTempDir('cache-similar');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('near-duplicate pairs kept between processes', () => {
  it('report the same pairs when restored, and a damaged snapshot is ignored', async () => {
    const bank = copyBank(work, 'similar');
    const copy = path.join(bank, 'content/questions/cardiovascular/cv-mi-copy.md');
    writeFileSync(copy, readFileSync(editedQuestion(bank), 'utf8').replace(/^id: .*$/m, 'id: cv-mi-copy'));
    const pairs = (stdout: string) =>
      (JSON.parse(stdout) as { ruleId: string; file: string }[])
        .filter((d) => d.ruleId === 'bank/near-duplicate-questions')
        .map((d) => d.file)
        .sort();
    const cold = await runQbank(['validate', '--format', 'json'], bank);
    expect(pairs(cold.stdout)).toEqual([
      'content/questions/cardiovascular/cv-mi-copy.md',
      'content/questions/cardiovascular/cv-mi.md',
    ]);
    const snapshot = path.join(bank, '.qbank-cache/similar.v1');
    expect(readFileSync(snapshot, 'utf8')).toContain('cv-mi-copy.md');
    // Another file edited: the pair comes from the snapshot, and is still reported.
    const draft = path.join(bank, 'content/questions/cardiovascular/cv-draft.md');
    writeFileSync(draft, readFileSync(draft, 'utf8') + '\n');
    expect(pairs((await runQbank(['validate', '--format', 'json'], bank)).stdout)).toEqual(pairs(cold.stdout));
    // The copy reworded: the pair is gone.
    writeFileSync(
      copy,
      readFileSync(copy, 'utf8').replace(
        /^A \d+-year-old[\s\S]*?mm Hg\.$/m,
        'A toddler has had a bright red rash on both cheeks for two days after a week of low fever and a runny nose.',
      ),
    );
    expect(pairs((await runQbank(['validate', '--format', 'json'], bank)).stdout)).toEqual([]);
    // Damaged on disk (a pair added by hand): ignored, and the pairs found afresh.
    writeFileSync(copy, readFileSync(editedQuestion(bank), 'utf8').replace(/^id: .*$/m, 'id: cv-mi-copy'));
    expect(pairs((await runQbank(['validate', '--format', 'json'], bank)).stdout)).toHaveLength(2);
    const [head, body] = readFileSync(snapshot, 'utf8').split('\n');
    writeFileSync(snapshot, `${head}\n${body!.replace('"pairs":[', '"pairs":[[0,1,0.99],')}`);
    writeFileSync(draft, readFileSync(draft, 'utf8') + '\n');
    expect(pairs((await runQbank(['validate', '--format', 'json'], bank)).stdout)).toEqual(pairs(cold.stdout));
  });
});
