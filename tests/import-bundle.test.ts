// Every MedQA item imports, builds, and comes out of the bundle with the same stem text, options,
// order and key as the source (compared as plain text, whitespace-normalised, as the issue asks).
// The import leaves system, discipline, competency and the explanation to the author and writes
// `status: draft`; for the build, the test fills them in the way an author would, changing nothing else.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assignIds, readJsonl, renderQuestion } from '@qbank/import';
import { htmlToText, openBundle } from '@qbank/runtime';
import { fromDirectory } from '@qbank/runtime/node';
import { afterAll, describe, expect, test } from 'vitest';
import { runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';
import { medqaRows, type MedqaItem } from './helpers/medqa.mjs';

const corpus = fileURLToPath(new URL('../../shared/corpora/medqa-us/', import.meta.url));
const work = makeTempDir('import-bundle');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const normal = (text: string) => text.replace(/\s+/g, ' ').trim();

describe.skipIf(!existsSync(corpus))('MedQA through the bundle', () => {
  test('2,545 items: same stem text, options, order and key', { timeout: 600_000 }, async () => {
    const questions = path.join(work, 'content/questions');
    mkdirSync(questions, { recursive: true });
    // Item-writing lint judges the questions, not the import: real MedQA items refer to exhibits they
    // do not have, combine options ("1 and 2"), ask negatively, even hide Cyrillic look-alike letters
    // in English words (which the import keeps, as it keeps every character). Here they are warnings.
    const itemRules = [
      'absolute-terms',
      'all-of-the-above',
      'convergence-cue',
      'data-after-lead-in',
      'duplicate-options',
      'grammatical-cue',
      'lead-in-not-question',
      'lead-in-open',
      'longest-option-cue',
      'management-lead-in',
      'missing-exhibit',
      'missing-rationale',
      'mixed-script',
      'negative-lead-in',
      'none-of-the-above',
      'numeric-options-order',
      'option-count',
      'option-order-cue',
      'vague-frequency',
      'vignette-opening',
      'word-repeat-cue',
    ];
    const lint = { rules: Object.fromEntries(itemRules.map((rule) => [`item/${rule}`, 'warning'])) };
    writeFileSync(
      path.join(work, 'qbank.config.json'),
      JSON.stringify({ name: 'medqa', version: '0.1.0', content: 'content', lint }),
    );
    const sources = new Map<string, Omit<MedqaItem, 'id'>>();
    for (const name of ['test.jsonl', 'dev.jsonl']) {
      const bytes = readFileSync(`${corpus}${name}`);
      const rows = medqaRows(bytes.toString('utf8'));
      const { items } = readJsonl({ name, bytes });
      const ids = assignIds(items, name);
      items.forEach((item, index) => {
        const authored = {
          ...item,
          system: 'cardiovascular',
          discipline: ['pathology'],
          competency: 'medical-knowledge',
          explanation: { text: 'Explanation.' },
        };
        const resolve = (_axis: string, value: string) => value;
        const text = renderQuestion(authored, { id: ids[index]!, resolve }).text.replace(
          'status: draft',
          'status: published',
        );
        writeFileSync(path.join(questions, `${ids[index]}.md`), text);
        sources.set(ids[index]!, rows[index]!);
      });
    }
    const built = await runQbank(['build', '--out', 'out', '--no-cache', '--quiet'], work, { CI: '1' });
    expect(built.code, built.stdout.slice(0, 3000) + built.stderr.slice(0, 2000)).toBe(0);
    const bundle = await (await openBundle(fromDirectory(path.join(work, 'out')))).questions();
    expect(bundle.length).toBe(2545);
    const mismatches: string[] = [];
    for (const question of bundle) {
      const row = sources.get(question.id)!;
      const text = normal(`${htmlToText(question.stem)} ${htmlToText(question.leadIn)}`);
      if (text !== normal(row.question)) mismatches.push(`${question.id}: stem/lead-in`);
      const options = Object.values(row.options).map(normal);
      if (JSON.stringify(question.choices.map((choice) => normal(choice.text))) !== JSON.stringify(options)) {
        mismatches.push(`${question.id}: options`);
      }
      if (question.answer !== row.answer_idx) mismatches.push(`${question.id}: key`);
    }
    expect(mismatches).toEqual([]);
  });
});
