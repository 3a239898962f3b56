import { htmlToMdast, mdastToMarkdown, splitHtmlQuestion } from './html.js';
import type { ImportedChoice, ImportedQuestion, ReadResult, SourceInput } from './model.js';
import { splitLeadIn } from './split.js';
import { decodeText } from './text.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A MedQA row: `question`, `options` {A: ..}, `answer_idx` (or `answer`, the right option's text). */
function medqa(row: Json, file: string, line: number): ImportedQuestion | string {
  const options = row.options;
  const entries: [string, string][] = Array.isArray(options)
    ? options.map((text, index) => [letters[index] ?? String(index), String(text)])
    : isObject(options)
      ? Object.entries(options).map(([key, text]) => [key, String(text)])
      : [];
  if (entries.length < 2) return '`options` has fewer than two options';
  const key = typeof row.answer_idx === 'string' ? row.answer_idx : undefined;
  let correct = entries.findIndex(([letter]) => letter === key);
  if (correct === -1 && typeof row.answer === 'string') correct = entries.findIndex(([, text]) => text === row.answer);
  if (correct === -1) return 'no `answer_idx` (or `answer`) that names one of the options';
  const question = String(row.question);
  const { stem, leadIn } = splitLeadIn(question);
  return {
    place: { file, line },
    sourceId: typeof row.id === 'string' || typeof row.id === 'number' ? String(row.id) : undefined,
    stem: { text: stem },
    leadIn: { text: leadIn },
    choices: entries.map(([, text], index) => ({ text: { text }, correct: index === correct })),
    tags: typeof row.meta_info === 'string' ? [row.meta_info] : undefined,
  };
}

function html(value: unknown): string {
  return typeof value === 'string' ? mdastToMarkdown(htmlToMdast(value).tree.children) : '';
}

/** A question as a qbank bundle holds it (HTML fields, `choices[].html`, `answer` letter). */
function bundle(row: Json, file: string, line: number): ImportedQuestion | string {
  if (!Array.isArray(row.choices) || row.choices.length < 2) return '`choices` has fewer than two options';
  const choices: ImportedChoice[] = row.choices.filter(isObject).map((choice, index) => ({
    text: { markdown: html(choice.html).replace(/\s*\n\s*/g, ' ') },
    correct: (choice.letter ?? letters[index]) === row.answer,
    rationale: typeof choice.rationale === 'string' ? { markdown: html(choice.rationale) } : undefined,
  }));
  if (choices.filter((choice) => choice.correct).length !== 1) return '`answer` does not name exactly one choice';
  const { stem, leadIn } = splitHtmlQuestion(htmlToMdast(String(row.leadIn ?? '')).tree);
  const lead = leadIn ? mdastToMarkdown([leadIn]) : '';
  const stemMarkdown = [html(row.stem), mdastToMarkdown(stem)].filter(Boolean).join('\n\n');
  return {
    place: { file, line },
    qbankId: typeof row.id === 'string' ? row.id : undefined,
    stem: { markdown: stemMarkdown },
    leadIn: { markdown: lead },
    choices,
    explanation: typeof row.explanation === 'string' ? { markdown: html(row.explanation) } : undefined,
    system: typeof row.system === 'string' ? row.system : undefined,
    discipline: Array.isArray(row.disciplines) ? row.disciplines.map(String) : undefined,
    competency: typeof row.competency === 'string' ? row.competency : undefined,
    difficulty: typeof row.difficulty === 'number' ? row.difficulty : undefined,
    tags: Array.isArray(row.tags) ? row.tags.map(String) : undefined,
  };
}

/**
 * Read JSON Lines: one question per line, in the MedQA shape (`question`,
 * `options`, `answer_idx`) or qbank's bundle shape (`stem`, `leadIn`,
 * `choices`, `answer`). Blank lines are ignored; a line that is not JSON
 * stops the import of the file.
 *
 * @param input The source.
 * @returns Questions, skipped lines and problems.
 */
export function readJsonl(input: SourceInput): ReadResult {
  const result: ReadResult = { items: [], skipped: [], problems: [] };
  const decoded = decodeText(input);
  if ('problem' in decoded) return { ...result, problems: [decoded.problem] };
  const lines = decoded.text.split('\n');
  for (const [index, text] of lines.entries()) {
    if (!text.trim()) continue;
    const place = { file: input.name, line: index + 1 };
    let row: unknown;
    try {
      row = JSON.parse(text);
    } catch (error) {
      result.problems.push({
        place,
        ruleId: 'import/jsonl-syntax',
        message: `Unexpected text that is not JSON: ${(error as Error).message}`,
        hint: 'Each line must be one JSON object; a truncated file ends in half a line.',
      });
      continue;
    }
    if (!isObject(row)) {
      result.skipped.push({ place, reason: 'the line is not a JSON object' });
      continue;
    }
    const item =
      'question' in row
        ? medqa(row, input.name, index + 1)
        : 'choices' in row
          ? bundle(row, input.name, index + 1)
          : 'neither a MedQA row (`question`, `options`) nor a bundle question (`choices`)';
    if (typeof item === 'string') result.skipped.push({ place, reason: item });
    else {
      if (decoded.note) (item.lossy ??= []).push(decoded.note);
      result.items.push(item);
    }
  }
  return result;
}
