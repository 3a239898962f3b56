import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import type { ReadResult, SourceInput } from './model.js';
import { failed } from './model.js';
import { readTable, type TableRow } from './table.js';
import { unzipSafely } from './zip.js';
import { csvTemplate } from './csv.js';
import { parse } from 'csv-parse/sync';

/** A cell's value as text: formulas give their cached result (never evaluated), rich text its text. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('text' in value) return String(value.text);
  if ('error' in value) return '';
  return '';
}

/**
 * Read the first worksheet of an .xlsx workbook in the CSV column layout.
 * Formulas are read as the values Excel saved with them, never evaluated.
 *
 * @param input The source.
 * @returns Questions, skipped rows and problems.
 */
export async function readXlsx(input: SourceInput): Promise<ReadResult> {
  // Checked before exceljs sees it: paths that leave the archive, and zip bombs.
  const safe = unzipSafely(input.bytes, input.name, () => false);
  if ('problem' in safe) return failed(safe.problem);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(input.bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet)
    return failed({
      place: { file: input.name },
      ruleId: 'import/table-columns',
      message: 'Unexpected workbook without a worksheet',
    });
  const rows: { cells: string[]; number: number }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => (cells[column - 1] = cellText(cell.value)));
    rows.push({ cells: Array.from(cells, (cell) => cell ?? ''), number });
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

/**
 * The XLSX template `qbank import --template xlsx` writes: the same header and
 * example as the CSV template, byte-identical on every run.
 *
 * @returns The workbook's bytes.
 */
export async function xlsxTemplate(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const fixed = new Date(Date.UTC(2024, 0, 1));
  workbook.created = fixed;
  workbook.modified = fixed;
  workbook.creator = 'qbank';
  const sheet = workbook.addWorksheet('questions');
  const [header, example] = parse(csvTemplate()) as string[][];
  sheet.addRow(header);
  sheet.addRow(example);
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, index) => (column.width = index < 3 ? 40 : 20));
  const written = new Uint8Array(await workbook.xlsx.writeBuffer());
  // exceljs stamps each zip entry with the current time: repack with a fixed one.
  const files = unzipSync(written);
  const sorted = Object.fromEntries(
    Object.keys(files)
      .sort()
      .map((name) => [name, files[name]!] as const),
  );
  return zipSync(sorted, { mtime: fixed, level: 6 });
}
