import type { ImportProblem, ReadResult, SourceInput } from './model.js';
import { failed } from './model.js';
import { readTable, type TableRow } from './table.js';
import { maxMergedCells, maxSheetCells, sheetReader } from './xlsx-cells.js';
import {
  dateStylesReader,
  relationshipsReader,
  sharedStringsReader,
  workbookReader,
  type PartReader,
} from './xlsx-parts.js';
import { readPart } from './xlsx-xml.js';
import { unzipSafely } from './zip.js';

export { xlsxTemplate } from './xlsx-template.js';

/** The parts of one archive, unpacked (absent ones left out) after the archive was checked. */
type Parts = Record<string, Uint8Array>;

function unpack(input: SourceInput, names: string[]): { parts: Parts } | { problem: ImportProblem } {
  // Every entry is checked first: paths that leave the archive, and zip bombs.
  const safe = unzipSafely(input.bytes, input.name, (path) => names.includes(path));
  return 'problem' in safe ? safe : { parts: safe.files };
}

/** Read a part with a reader; a part the archive lacks gives the reader's empty result. */
function read<T>(
  input: SourceInput,
  parts: Parts,
  name: string,
  reader: PartReader<T>,
): T | { problem: ImportProblem } {
  const bytes = parts[name];
  const problem = bytes && readPart(bytes, input.name, name, reader.handlers);
  return problem ? { problem } : reader.result();
}

const isProblem = (value: unknown): value is { problem: ImportProblem } =>
  typeof value === 'object' && value !== null && 'problem' in value;

function noSheet(file: string): ReadResult {
  return failed({
    place: { file },
    ruleId: 'import/table-columns',
    message: 'Unexpected workbook without a worksheet',
  });
}

/**
 * Read the first worksheet of an .xlsx workbook in the CSV column layout.
 * Formulas are read as the values Excel saved with them, never evaluated.
 * The workbook's parts are unpacked with fflate (after the archive is checked) and read
 * as XML events with sax, so a worksheet is never held as a tree.
 *
 * @param input The source.
 * @returns Questions, skipped rows and problems.
 */
export async function readXlsx(input: SourceInput): Promise<ReadResult> {
  const book = unpack(input, ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels']);
  if ('problem' in book) return failed(book.problem);
  const sheet = read(input, book.parts, 'xl/workbook.xml', workbookReader());
  const targets = read(input, book.parts, 'xl/_rels/workbook.xml.rels', relationshipsReader());
  if (isProblem(sheet)) return failed(sheet.problem);
  if (isProblem(targets)) return failed(targets.problem);
  if (!sheet) return noSheet(input.name);
  const sheetPart = targets.get(sheet.id) ?? 'xl/worksheets/sheet1.xml';
  const stringsPart = targets.get('type:sharedStrings') ?? 'xl/sharedStrings.xml';
  const stylesPart = targets.get('type:styles') ?? 'xl/styles.xml';
  const unpacked = unpack(input, [sheetPart, stringsPart, stylesPart]);
  if ('problem' in unpacked) return failed(unpacked.problem);
  const { parts } = unpacked;
  if (!parts[sheetPart]) return noSheet(input.name);
  const strings = read(input, parts, stringsPart, sharedStringsReader());
  if (isProblem(strings)) return failed(strings.problem);
  const dateStyles = read(input, parts, stylesPart, dateStylesReader());
  if (isProblem(dateStyles)) return failed(dateStyles.problem);
  const rows = read(input, parts, sheetPart, sheetReader({ strings, dateStyles, date1904: sheet.date1904 }));
  if (isProblem(rows)) return failed(rows.problem);
  if (rows === 'too-many-merged')
    return failed({
      place: { file: input.name, path: sheet.name },
      ruleId: 'import/too-large',
      message: `Unexpected merged cells covering more than ${maxMergedCells} cells`,
      hint: 'Unmerge the cells, or copy the questions into a new worksheet.',
    });
  if (rows === 'too-many-cells')
    return failed({
      place: { file: input.name, path: sheet.name },
      ruleId: 'import/too-large',
      message: `Unexpected worksheet spanning more than ${maxSheetCells} cells`,
      hint: 'A cell far to the right or far down makes the sheet that large: delete the empty columns and rows after the questions, or copy the questions into a new worksheet.',
    });
  const [header, ...rest] = rows;
  if (!header)
    return failed({
      place: { file: input.name },
      ruleId: 'import/table-columns',
      message: 'Unexpected empty worksheet, expected a header row and one question per row',
    });
  const table: TableRow[] = rest.map((row) => ({
    cells: row.cells,
    place: { file: input.name, path: `${sheet.name}!A${row.number}` },
  }));
  return readTable(header.cells, table, input.name);
}
