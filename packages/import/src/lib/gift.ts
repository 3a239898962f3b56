import type { ImportedChoice, ImportedQuestion, ReadResult, SourceInput, SourcePlace } from './model.js';
import { failed } from './model.js';
import { looksLikeHtml, questionParts, textPart, type TextFormat } from './parts.js';
import { decodeText } from './text.js';

// GIFT as Moodle documents and reads it (question/format/gift): questions separated by blank lines,
// `//` comment lines, `$CATEGORY:` lines, `::title::`, a `[html]`/`[moodle]`/`[plain]`/`[markdown]`
// format, and an answer block `{...}` with `=right`, `~wrong`, `~%50%partial`, `#feedback` and
// `####general feedback`. `\~ \= \# \{ \} \: \\` are escapes and `\n` a line break.

const escapes: Record<string, string> = {
  '\\': '\uE100',
  '~': '\uE101',
  '=': '\uE102',
  '#': '\uE103',
  '{': '\uE104',
  '}': '\uE105',
  ':': '\uE106',
};
const unescapes = Object.fromEntries(Object.entries(escapes).map(([char, code]) => [code, char]));

/** Hide escaped characters behind private-use stand-ins so the structure can be found. */
function protect(text: string): string {
  return text.replace(/\\([\\~=#{}:n])/g, (_, char: string) => (char === 'n' ? '\n' : escapes[char]!));
}

/** Put escaped characters back. */
function restore(text: string): string {
  return text.replace(/[\uE100-\uE106]/g, (code) => unescapes[code]!);
}

interface Block {
  line: number;
  text: string;
}

/** Blocks of lines separated by blank lines, comment lines removed. */
function blocks(text: string): Block[] {
  const result: Block[] = [];
  let current: Block | undefined;
  text.split('\n').forEach((line, index) => {
    if (/^\s*\/\//.test(line)) return;
    if (!line.trim()) {
      current = undefined;
      return;
    }
    if (!current) result.push((current = { line: index + 1, text: line }));
    else current.text += `\n${line}`;
  });
  return result;
}

interface Answer {
  correct: boolean;
  weight: number | undefined;
  text: string;
  feedback: string | undefined;
}

function answers(body: string): Answer[] {
  return [...body.matchAll(/([=~])([^=~]*)/g)].map(([, marker, rest]) => {
    const weightMatch = /^\s*%(-?\d+(?:\.\d+)?)%/.exec(rest!);
    const weight = weightMatch ? Number(weightMatch[1]) : undefined;
    const content = weightMatch ? rest!.slice(weightMatch[0].length) : rest!;
    const hash = content.indexOf('#');
    return {
      correct: marker === '=' || weight === 100,
      weight,
      text: hash === -1 ? content : content.slice(0, hash),
      feedback: hash === -1 ? undefined : content.slice(hash + 1),
    };
  });
}

/** Why an answer block is not a single best answer item, or `undefined` when it is one. */
function unsupported(body: string, list: Answer[]): string | undefined {
  const trimmed = body.trim();
  if (!trimmed) return 'an essay question (empty answer block): not a single best answer item';
  if (trimmed.startsWith('#')) return 'a numerical question: not a single best answer item';
  if (/^(T|TRUE|F|FALSE)\s*(#|$)/i.test(trimmed)) return 'a true/false question: not a single best answer item';
  if (list.some((answer) => answer.text.includes('->'))) return 'a matching question: not a single best answer item';
  if (!trimmed.includes('~')) return 'a short-answer question (no `~` options): not a single best answer item';
  const keys = list.filter((answer) => answer.correct).length;
  if (keys === 0)
    return 'a multiple-answer question (partial-credit weights, no `=` answer): not a single best answer item';
  if (keys > 1) return `a question with ${keys} right answers: not a single best answer item`;
  if (list.length < 2) return 'fewer than two options';
  return undefined;
}

function header(text: string): { title: string | undefined; format: string | undefined; rest: string } {
  let rest = text.replace(/^\s+/, '');
  const title = /^::([\s\S]*?)::/.exec(rest);
  if (title) rest = rest.slice(title[0].length).replace(/^\s+/, '');
  const format = /^\[(html|moodle|plain|markdown)\]/i.exec(rest);
  if (format) rest = rest.slice(format[0].length);
  return { title: title ? restore(title[1]!).trim() : undefined, format: format?.[1]?.toLowerCase(), rest };
}

function question(block: Block, file: string, category: string | undefined): ImportedQuestion | { skip: string } {
  const place: SourcePlace = { file, line: block.line };
  const { title, format, rest } = header(protect(block.text));
  const open = rest.indexOf('{');
  const close = rest.lastIndexOf('}');
  if (open === -1 || close < open) return { skip: 'no answer block `{...}`: a description, not a question' };
  if (rest.slice(close + 1).trim())
    return { skip: 'a missing-word question (text after the answer block): not a single best answer item' };
  let body = rest.slice(open + 1, close);
  const general = body.indexOf('####');
  const explanation = general === -1 ? undefined : body.slice(general + 4);
  if (general !== -1) body = body.slice(0, general);
  const list = answers(body);
  const why = unsupported(body, list);
  if (why) return { skip: why };
  const questionText = restore(rest.slice(0, open));
  const textFormat: TextFormat =
    format === 'html' || (format !== 'plain' && looksLikeHtml(questionText)) ? 'html' : 'plain';
  const lossy: string[] =
    format === 'markdown' ? ['`[markdown]` text is kept as plain text (its marks stay visible)'] : [];
  if (list.some((answer) => !answer.correct && answer.weight))
    lossy.push('partial-credit weights of wrong options dropped');
  const parts = questionParts(questionText, textFormat);
  const part = (text: string) => {
    const converted = textPart(restore(text), textFormat);
    lossy.push(...converted.lossy);
    return converted.part;
  };
  const choices: ImportedChoice[] = list.map((answer) => ({
    text: part(answer.text),
    correct: answer.correct,
    rationale: answer.feedback?.trim() ? part(answer.feedback) : undefined,
  }));
  const segments = (category ?? '')
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s && !/^\$\w+\$$|^top$/i.test(s));
  return {
    place,
    sourceId: title,
    stem: parts.stem,
    leadIn: parts.leadIn,
    choices,
    explanation: explanation?.trim() ? part(explanation) : undefined,
    system: segments.at(-1),
    lossy: [...parts.lossy, ...lossy],
  };
}

/**
 * Read a GIFT file (Moodle's text format). Multiple-choice questions with one
 * right answer are read; other types (true/false, short answer, numerical,
 * matching, essay, missing word, multiple answers) are skipped with the reason.
 * The last `$CATEGORY:` segment is offered to the taxonomy as the system.
 *
 * @param input The source.
 * @returns Questions, skipped items and problems.
 */
export function readGift(input: SourceInput): ReadResult {
  const decoded = decodeText(input);
  if ('problem' in decoded) return failed(decoded.problem);
  const result: ReadResult = { items: [], skipped: [], problems: [] };
  let category: string | undefined;
  for (const block of blocks(decoded.text)) {
    const categoryLine = /^\s*\$CATEGORY:\s*(.*)$/m.exec(block.text);
    if (categoryLine && block.text.trimStart().startsWith('$CATEGORY:')) {
      category = categoryLine[1]!.trim();
      const after = block.text.slice(block.text.indexOf(categoryLine[0]) + categoryLine[0].length).replace(/^\n/, '');
      if (!after.trim()) continue;
      block.text = after;
      block.line += 1;
    }
    const item = question(block, input.name, category);
    if ('skip' in item) result.skipped.push({ place: { file: input.name, line: block.line }, reason: item.skip });
    else {
      if (decoded.note) (item.lossy ??= []).push(decoded.note);
      result.items.push(item);
    }
  }
  return result;
}
