import type { ImportedQuestion, ImportText, ReadResult, SourcePlace } from './model.js';
import { splitLeadIn } from './split.js';

// The column layout of CSV and XLSX imports. Header names are matched without regard to case,
// spaces, hyphens or underscores (`Lead-in`, `lead_in` and `LEADIN` are one column).

/** Option letters a spreadsheet may use: A to J. */
export const optionLetters = 'ABCDEFGHIJ'.split('');

/** The columns, in the order the template writes them. */
export const tableColumns: readonly string[] = [
  'id',
  'stem',
  'lead_in',
  ...optionLetters.map((letter) => `option_${letter.toLowerCase()}`),
  'key',
  ...optionLetters.map((letter) => `rationale_${letter.toLowerCase()}`),
  'explanation',
  'system',
  'discipline',
  'competency',
  'tags',
  'difficulty',
  'status',
];

/** Other names accepted for a column. */
const aliases: Record<string, string> = {
  question: 'stem',
  vignette: 'stem',
  leadin: 'lead_in',
  answer: 'key',
  correct: 'key',
  disciplines: 'discipline',
  tag: 'tags',
  ...Object.fromEntries(optionLetters.map((letter) => [letter.toLowerCase(), `option_${letter.toLowerCase()}`])),
};

function columnName(header: string): string | undefined {
  const folded = header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  for (const column of tableColumns) if (column.replace(/_/g, '') === folded) return column;
  return aliases[folded];
}

/** One row of cells with where each cell is. */
export interface TableRow {
  /** The cells as text. */
  cells: string[];
  /** Where the row is (a CSV line, an XLSX row). */
  place: SourcePlace;
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[;,]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function statusNote(status: string): string[] {
  if (!status || /^(draft|review|retired)$/i.test(status)) return [];
  return [`status \`${status}\` written as \`draft\`: an import never publishes, and takes draft, review or retired`];
}

function item(get: (column: string) => string, place: SourcePlace): ImportedQuestion | string {
  const options = optionLetters.map((letter) => ({ letter, text: get(`option_${letter.toLowerCase()}`) }));
  const given = options.filter((option) => option.text.trim());
  if (given.length < 2) return 'fewer than two options';
  const last = options.findLastIndex((option) => option.text.trim());
  const gap = options.slice(0, last).find((option) => !option.text.trim());
  if (gap) return `option ${gap.letter} is empty but a later option is not`;
  const key = get('key').trim().toUpperCase();
  if (!/^[A-J]$/.test(key)) return key ? `key \`${key}\` is not one letter A-J` : 'no key';
  if (!given.some((option) => option.letter === key)) return `key \`${key}\` names an empty option`;
  let stem = get('stem');
  let leadIn = get('lead_in');
  if (!leadIn.trim()) ({ stem, leadIn } = splitLeadIn(stem.trim()));
  if (!leadIn.trim()) return 'no stem or lead-in';
  const rationale = (letter: string): ImportText | undefined => {
    const text = get(`rationale_${letter.toLowerCase()}`);
    return text.trim() ? { text: text.trim() } : undefined;
  };
  const difficulty = Number(get('difficulty'));
  return {
    place,
    sourceId: get('id').trim() || undefined,
    stem: { text: stem.trim() },
    leadIn: { text: leadIn.trim() },
    choices: given.map((option) => ({
      text: { text: option.text },
      correct: option.letter === key,
      rationale: rationale(option.letter),
    })),
    explanation: get('explanation').trim() ? { text: get('explanation').trim() } : undefined,
    system: get('system').trim() || undefined,
    discipline: list(get('discipline')),
    competency: get('competency').trim() || undefined,
    tags: list(get('tags')),
    difficulty: get('difficulty').trim() && Number.isFinite(difficulty) ? difficulty : undefined,
    status: get('status').trim() || undefined,
    lossy: statusNote(get('status').trim()),
  };
}

/**
 * Turn a table (a header row, then one question per row) into questions.
 * Unknown columns are ignored and listed; rows without options are skipped.
 *
 * @param header The header cells.
 * @param rows The data rows.
 * @param file The source's name.
 * @returns Questions, skipped rows and problems.
 */
export function readTable(header: string[], rows: TableRow[], file: string): ReadResult {
  const result: ReadResult = { items: [], skipped: [], problems: [] };
  const index = new Map<string, number>();
  const unknown: string[] = [];
  header.forEach((cell, i) => {
    const name = columnName(cell);
    if (name && !index.has(name)) index.set(name, i);
    else if (cell.trim()) unknown.push(cell.trim());
  });
  if (!index.has('option_a') || !index.has('key') || !index.has('stem')) {
    result.problems.push({
      place: { file, line: 1 },
      ruleId: 'import/table-columns',
      message: `Unexpected header row (${header.slice(0, 6).join(', ')}...), expected at least the columns stem, option_a, option_b, key`,
      hint: 'Run `qbank import --template csv` for a file with every column, or see docs/import.md.',
    });
    return result;
  }
  for (const row of rows) {
    if (row.cells.every((cell) => !cell.trim())) continue;
    const got = item((column) => {
      const at = index.get(column);
      return at === undefined ? '' : (row.cells[at] ?? '');
    }, row.place);
    if (typeof got === 'string') result.skipped.push({ place: row.place, reason: got });
    else {
      if (unknown.length) (got.lossy ??= []).push(`columns not read: ${unknown.join(', ')}`);
      result.items.push(got);
    }
  }
  return result;
}
