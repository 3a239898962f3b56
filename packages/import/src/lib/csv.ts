import { parse } from 'csv-parse/sync';
import type { ReadResult, SourceInput } from './model.js';
import { failed } from './model.js';
import { readTable, tableColumns, type TableRow } from './table.js';
import { decodeText } from './text.js';

function delimiter(name: string, firstLine: string): string {
  if (/\.tsv$/i.test(name)) return '\t';
  const counts = [',', ';', '\t'].map((char) => [char, firstLine.split(char).length] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * Read a CSV (or TSV) file with a header row in the documented column layout
 * (`stem`, `lead_in`, `option_a`...`option_j`, `key`, `rationale_a`...,
 * `explanation`, `system`, `discipline`, `competency`, `tags`, `difficulty`).
 * The delimiter (`,`, `;` or tab) is taken from the header row.
 *
 * @param input The source.
 * @returns Questions, skipped rows and problems.
 */
export function readCsv(input: SourceInput): ReadResult {
  const decoded = decodeText(input);
  if ('problem' in decoded) return failed(decoded.problem);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(decoded.text, {
      delimiter: delimiter(input.name, decoded.text.split('\n', 1)[0] ?? ''),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return failed({
      place: { file: input.name, line },
      ruleId: 'import/csv-syntax',
      message: `Unexpected CSV: ${(error as Error).message}`,
      hint: 'A quote that is never closed makes the rest of the file one cell: check the quotes near this line.',
    });
  }
  const [header, ...rest] = records;
  if (!header)
    return failed({
      place: { file: input.name },
      ruleId: 'import/table-columns',
      message: 'Unexpected empty CSV, expected a header row and one question per row',
    });
  // `info.lines` is the line a record ends on; a record starts one line after the previous one ends.
  const rows: TableRow[] = rest.map((entry, i) => ({
    cells: entry.record,
    place: { file: input.name, line: (i === 0 ? header.info.lines : rest[i - 1]!.info.lines) + 1 },
  }));
  const result = readTable(header.record, rows, input.name);
  if (decoded.note) for (const item of result.items) (item.lossy ??= []).push(decoded.note);
  return result;
}

/**
 * The CSV template `qbank import --template csv` writes: the header row and one example question.
 *
 * @returns CSV text.
 */
export function csvTemplate(): string {
  const example: Record<string, string> = {
    id: 'renal-siadh-example',
    stem: 'A 58-year-old man with small cell carcinoma of the lung has a serum sodium of 128 mEq/L, a low serum osmolality and a urine osmolality of 600 mOsm/kg. He is euvolemic.',
    lead_in: 'Which of the following is the most likely cause of his hyponatremia?',
    option_a: 'Central diabetes insipidus',
    option_b: 'Primary polydipsia',
    option_c: 'Syndrome of inappropriate antidiuretic hormone secretion',
    option_d: 'Adrenal insufficiency',
    option_e: 'Hypervolemia from heart failure',
    key: 'C',
    rationale_c:
      'Small cell carcinoma secretes ADH ectopically: concentrated urine despite hyponatremia in a euvolemic patient.',
    explanation:
      'Euvolemic hyponatremia with an inappropriately concentrated urine in a patient with small cell carcinoma is SIADH.',
    system: 'renal-urinary',
    discipline: 'pathology; physiology',
    competency: 'patient-care-diagnosis',
    tags: 'hyponatremia',
    difficulty: '2',
    status: 'draft',
  };
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  return `${tableColumns.join(',')}\n${tableColumns.map((column) => quote(example[column] ?? '')).join(',')}\n`;
}
