import { parseQuestion, sourceFileFromText } from '@qbank/parser';
import { optionText } from './escape.js';
import type { ImportedQuestion, ImportText } from './model.js';
import { plainText } from './plain.js';

/**
 * Read a written question back with qbank's own parser and compare every
 * plain-text part (stem, lead-in, each option, the key) with the source.
 * Parts converted from HTML are not compared (their text is the converter's).
 *
 * @param item The source item.
 * @param markdown The file written for it.
 * @returns One message per part that does not read back as the source said.
 */
export function verifyQuestion(item: ImportedQuestion, markdown: string): string[] {
  const parsed = parseQuestion(sourceFileFromText('import.md', markdown));
  const problems: string[] = [];
  const errors = parsed.file.messages.filter((message) => message.fatal);
  if (errors.length) return errors.map((message) => `the written file does not parse: ${message.reason}`);
  const compare = (what: string, source: ImportText, written: string) => {
    if ('text' in source && source.text !== written) {
      problems.push(`${what} reads back as ${JSON.stringify(written.slice(0, 60))}, not as the source`);
    }
  };
  compare(
    'the stem',
    'text' in item.stem ? { text: item.stem.text.replace(/^\n+|\n+$/g, '') } : item.stem,
    plainText(parsed.stem),
  );
  compare(
    'the lead-in',
    'text' in item.leadIn ? { text: item.leadIn.text.replace(/^\n+|\n+$/g, '') } : item.leadIn,
    parsed.leadIn ? plainText([parsed.leadIn]) : '',
  );
  if (parsed.choices.length !== item.choices.length) {
    problems.push(`${parsed.choices.length} options read back, not ${item.choices.length}`);
    return problems;
  }
  item.choices.forEach((choice, index) => {
    const read = parsed.choices[index]!;
    const source = 'text' in choice.text ? { text: optionText(choice.text.text) } : choice.text;
    compare(`option ${String.fromCharCode(65 + index)}`, source, plainText(read.label));
    if (read.checked !== choice.correct) problems.push(`the key moved: option ${String.fromCharCode(65 + index)}`);
  });
  return problems;
}

/**
 * What writing an item normalises, in plain words: an option is one line
 * without trailing spaces, so a line break inside it becomes a space and
 * trailing spaces go.
 *
 * @param item The source item.
 * @returns One note per option that the authoring format cannot hold as it is.
 */
export function normalisationNotes(item: ImportedQuestion): string[] {
  const notes: string[] = [];
  item.choices.forEach((choice, index) => {
    if (!('text' in choice.text) || optionText(choice.text.text) === choice.text.text) return;
    const letter = String.fromCharCode(65 + index);
    const what = choice.text.text.includes('\n') ? 'had a line break: joined with a space' : 'ended in spaces: dropped';
    notes.push(`option ${letter} ${what} (an option is one line)`);
  });
  return notes;
}
