import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assignIds, plainText, readJsonl, renderQuestion } from '@qbank/import';
import { parseQuestion, sourceFileFromText } from '@qbank/parser';
import { describe, expect, test } from 'vitest';
import { medqaRows } from './helpers/medqa.mjs';

// Every MedQA item: import, parse the written Markdown with qbank's own parser, and compare the
// stem, lead-in, options and key with the source, character for character. The only normalisations:
// the whitespace at the stem/lead-in split is dropped, and a line break inside an option becomes a
// space (an option is one line in the authoring format) and its trailing spaces are dropped, and whitespace at the very end of the
// question text (`...patient?\n `) is dropped.
const corpus = fileURLToPath(new URL('../../shared/corpora/medqa-us/', import.meta.url));
const files = ['test.jsonl', 'dev.jsonl'];

describe.skipIf(!existsSync(corpus))('MedQA fidelity', () => {
  test('all 2,545 items read back exactly as the source', () => {
    let items = 0;
    let exact = 0;
    let optionsJoined = 0;
    let trailing = 0;
    const mismatches: string[] = [];
    for (const name of files) {
      const bytes = readFileSync(`${corpus}${name}`);
      const rows = medqaRows(bytes.toString('utf8'));
      const read = readJsonl({ name, bytes });
      expect(read.problems).toEqual([]);
      expect(read.skipped).toEqual([]);
      const ids = assignIds(read.items, name);
      read.items.forEach((item, index) => {
        items++;
        const row = rows[index]!;
        const markdown = renderQuestion(item, { id: ids[index]! }).text;
        const parsed = parseQuestion(sourceFileFromText(`${ids[index]}.md`, markdown));
        const stem = plainText(parsed.stem);
        const leadIn = parsed.leadIn ? plainText([parsed.leadIn]) : '';
        const labels = parsed.choices.map((choice) => plainText(choice.label));
        const key = 'ABCDEFGHIJ'[parsed.choices.findIndex((choice) => choice.checked)];
        const source = row.question.trimEnd();
        const trimmed = source !== row.question;
        const between = source.slice(stem.length, source.length - leadIn.length);
        const problems: string[] = [];
        if (!source.startsWith(stem) || !source.endsWith(leadIn) || stem.length + leadIn.length > source.length)
          problems.push('stem/lead-in');
        else if (between.trim() !== '') problems.push(`text between stem and lead-in: ${JSON.stringify(between)}`);
        const options = Object.values(row.options);
        if (labels.length !== options.length) problems.push('option count');
        let joined = false;
        options.forEach((text, i) => {
          if (labels[i] === text) return;
          if (labels[i] === text.replace(/\n+/g, ' ').replace(/\s+$/, '')) joined = true;
          else problems.push(`option ${i}: ${JSON.stringify(labels[i])} vs ${JSON.stringify(text)}`);
        });
        if (key !== row.answer_idx) problems.push(`key ${key} vs ${row.answer_idx}`);
        if (problems.length) mismatches.push(`${name}:${item.place.line}: ${problems.join('; ')}`);
        else if (joined) optionsJoined++;
        else if (trimmed) trailing++;
        else exact++;
      });
    }
    console.log(
      `MedQA fidelity: ${items} items, ${exact} exact, ${optionsJoined} equal with an option's line break as a space and its trailing spaces dropped, ${trailing} equal without the whitespace that ends the question, ${mismatches.length} mismatches`,
    );
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(items).toBe(2545);
  });
});
