import type { ImportedQuestion, ReadResult, SourceInput } from './model.js';
import { failed } from './model.js';
import { looksLikeHtml, questionParts, textPart } from './parts.js';
import { decodeText } from './text.js';

// Aiken as Moodle documents it: the question text, then one option per line starting with a
// capital letter and `.` or `)`, then `ANSWER: <letter>`. Questions are separated by blank lines.

const optionLine = /^([A-Z])[.)][ \t]+(.*)$/;
const answerLine = /^ANSWER:\s*([A-Z])\s*$/;

interface Pending {
  line: number;
  question: string[];
  options: { letter: string; text: string; line: number }[];
}

function finish(pending: Pending, answer: string, file: string): ImportedQuestion | string {
  if (!pending.question.join('').trim()) return 'no question text before the options';
  if (pending.options.length < 2) return 'fewer than two options';
  const letters = pending.options.map((option) => option.letter);
  if (new Set(letters).size !== letters.length) return `option letters repeat (${letters.join(', ')})`;
  if (!letters.includes(answer)) return `\`ANSWER: ${answer}\` names no option`;
  const text = pending.question.join('\n');
  const format = looksLikeHtml(text) ? 'html' : 'plain';
  const parts = questionParts(text, format);
  return {
    place: { file, line: pending.line },
    stem: parts.stem,
    leadIn: parts.leadIn,
    choices: pending.options.map((option) => ({
      text: textPart(option.text, format).part,
      correct: option.letter === answer,
    })),
    lossy: parts.lossy,
  };
}

/**
 * Read an Aiken file: single-answer multiple choice, one option per line,
 * `ANSWER: X` after the options.
 *
 * @param input The source.
 * @returns Questions, skipped items and problems.
 */
export function readAiken(input: SourceInput): ReadResult {
  const decoded = decodeText(input);
  if ('problem' in decoded) return failed(decoded.problem);
  const result: ReadResult = { items: [], skipped: [], problems: [] };
  let pending: Pending | undefined;
  const flush = (reason: string) => {
    if (pending) result.skipped.push({ place: { file: input.name, line: pending.line }, reason });
    pending = undefined;
  };
  decoded.text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\s+$/, '');
    if (!line) {
      // A blank line ends a question only once it has its options; inside the text it is a paragraph break.
      if (pending?.options.length) flush('no `ANSWER:` line after the options');
      else if (pending) pending.question.push('');
      return;
    }
    const answer = answerLine.exec(line);
    if (answer && pending) {
      const item = finish(pending, answer[1]!, input.name);
      if (typeof item === 'string') flush(item);
      else {
        if (decoded.note) (item.lossy ??= []).push(decoded.note);
        result.items.push(item);
        pending = undefined;
      }
      return;
    }
    const option = optionLine.exec(line);
    if (option && pending) {
      pending.options.push({ letter: option[1]!, text: option[2]!, line: index + 1 });
      return;
    }
    if (pending?.options.length) flush('text after the options where `ANSWER:` was expected');
    pending ??= { line: index + 1, question: [], options: [] };
    pending.question.push(raw);
  });
  flush("the file ends before this question's `ANSWER:` line");
  return result;
}
