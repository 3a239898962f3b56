import type { Attributes } from './xlsx-xml.js';
import { StringItem, unescapeXstring, type PartReader } from './xlsx-parts.js';

/** Most cells that merged ranges may fill: a larger merge is refused, not unrolled. */
export const maxMergedCells = 1_000_000;

/** The most cells a worksheet may span (its rows times each row's furthest filled column). */
export const maxSheetCells = 5_000_000;

/** What a worksheet's cells need from the rest of the workbook. */
export interface SheetContext {
  /** Shared strings by index. */
  strings: string[];
  /** Cell style indexes that show numbers as dates. */
  dateStyles: Set<number>;
  /** Whether serial dates count from 1904. */
  date1904: boolean;
}

/** One worksheet row: its 1-based number and the text of each cell, by column. */
export interface SheetRow {
  /** The row's number in the sheet. */
  number: number;
  /** Cell texts from column A; `''` where a cell is empty. */
  cells: string[];
}

/** A1-style reference to 1-based row and column. */
function reference(ref: string | undefined): { row: number; column: number } | undefined {
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(ref ?? '');
  if (!match) return undefined;
  let column = 0;
  for (const letter of match[1]!.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: Number(match[2]), column };
}

/** A number as text, a date cell's number as `YYYY-MM-DD`. */
function numberText(value: string, date: boolean, context: SheetContext): string {
  const number = parseFloat(value);
  if (!date) return String(number);
  const time = Math.round((number - 25569 + (context.date1904 ? 1462 : 0)) * 86_400_000);
  const day = new Date(time);
  return Number.isNaN(day.getTime()) ? String(number) : day.toISOString().slice(0, 10);
}

/** A cell as read: its attributes, the text of its `<v>` and `<f>`, its inline string. */
interface RawCell {
  attributes: Attributes;
  value: string;
  formula: string | undefined;
  sharedFormula: boolean;
  inline: StringItem | undefined;
}

/**
 * The text a cell shows as its value: a formula's saved result (never evaluated), a
 * shared or inline string's text (rich text joined), a number, a date `YYYY-MM-DD` (a
 * number in a date format, or an ISO 8601 date cell), `true`/`false`; `''` for errors
 * and empty results. `undefined` when the cell holds nothing.
 */
function cellText(cell: RawCell, context: SheetContext): string | undefined {
  const type = cell.attributes['t'] ?? 'n';
  const style = Number(cell.attributes['s'] ?? 0);
  const date = style !== 0 && context.dateStyles.has(style);
  const value = cell.value;
  if ((cell.formula !== undefined && cell.formula !== '') || cell.sharedFormula) {
    if (value === '') return '';
    if (type === 'str') return unescapeXstring(value);
    if (type === 'b') return String(parseInt(value, 10) !== 0);
    if (type === 'e') return '';
    return numberText(value, date, context);
  }
  if (type === 'inlineStr') return cell.inline?.value();
  if (value === '') return undefined;
  if (type === 's') return context.strings[parseInt(value, 10)] ?? '';
  if (type === 'str') return unescapeXstring(value);
  if (type === 'd') return /^\d{4}-\d\d-\d\d/.test(value) ? value.slice(0, 10) : value;
  if (type === 'b') return String(parseInt(value, 10) !== 0);
  if (type === 'e') return '';
  return numberText(value, date, context);
}

/** What is being read inside `<sheetData>`. */
interface SheetState {
  rows: Map<number, string[]>;
  merges: string[];
  rowNumber: number;
  column: number;
  cells: string[] | undefined;
  cell: RawCell | undefined;
  text: string[] | undefined;
}

function openInSheet(state: SheetState, name: string, attributes: Attributes): void {
  const cell = state.cell;
  if (name === 'row') {
    state.rowNumber = Number(attributes['r'] ?? state.rowNumber + 1);
    state.column = 0;
    state.cells = [];
  } else if (name === 'c') {
    state.column = reference(attributes['r'])?.column ?? state.column + 1;
    state.cell = { attributes, value: '', formula: undefined, sharedFormula: false, inline: undefined };
  } else if (name === 'mergeCell' && attributes['ref']) state.merges.push(attributes['ref']);
  else if (!cell) return;
  else if (cell.inline) cell.inline.open(name);
  else if (name === 'is') cell.inline = new StringItem();
  else if (name === 'v' || name === 'f') {
    state.text = [];
    if (name === 'f' && attributes['t'] !== undefined) cell.sharedFormula = true;
  }
}

function closeInSheet(state: SheetState, name: string, context: SheetContext): void {
  const cell = state.cell;
  if (name === 'row') {
    if (state.cells && state.cells.length > 0) state.rows.set(state.rowNumber, state.cells);
    state.cells = undefined;
  } else if (name === 'c' && cell) {
    const text = cellText(cell, context);
    if (text !== undefined && state.cells) state.cells[state.column - 1] = text;
    state.cell = undefined;
  } else if (!cell) return;
  else if (name === 'is') cell.inline ??= new StringItem();
  else if (cell.inline) cell.inline.close(name);
  else if ((name === 'v' || name === 'f') && state.text) {
    if (name === 'v') cell.value = state.text.join('');
    else cell.formula = state.text.join('');
    state.text = undefined;
  }
}

/**
 * Read a worksheet's rows: every row with a cell that holds something, in order, each
 * cell's text by column. A merged range shows its top-left cell's text in every cell of
 * the range (as Excel shows it across the range).
 *
 * @param context Shared strings, date styles and the date system.
 * @returns The reader; its result is the rows, or `'too-many-merged'` when merged ranges
 * cover more than `maxMergedCells`, or `'too-many-cells'` when the rows span more than
 * `maxSheetCells` (one cell far to the right makes its whole row that long).
 */
export function sheetReader(context: SheetContext): PartReader<SheetRow[] | 'too-many-merged' | 'too-many-cells'> {
  const state: SheetState = {
    rows: new Map(),
    merges: [],
    rowNumber: 0,
    column: 0,
    cells: undefined,
    cell: undefined,
    text: undefined,
  };
  return {
    handlers: {
      open: (name, attributes) => openInSheet(state, name, attributes),
      close: (name) => closeInSheet(state, name, context),
      text(text) {
        if (state.cell?.inline) state.cell.inline.add(text);
        else state.text?.push(text);
      },
    },
    result() {
      if (!merge(state.merges, state.rows)) return 'too-many-merged';
      let spanned = 0;
      for (const cells of state.rows.values()) spanned += cells.length;
      if (spanned > maxSheetCells) return 'too-many-cells';
      return [...state.rows.entries()]
        .sort(([a], [b]) => a - b)
        .map(([number, cells]) => ({ number, cells: Array.from(cells, (cell) => cell ?? '') }));
    },
  };
}

/** Copy each merged range's top-left text into its other cells; false when over the limit. */
function merge(ranges: string[], rows: Map<number, string[]>): boolean {
  let filled = 0;
  for (const range of ranges) {
    const [from, to] = range.split(':').map(reference);
    if (!from || !to) continue;
    filled += (Math.abs(to.row - from.row) + 1) * (Math.abs(to.column - from.column) + 1);
    if (filled > maxMergedCells) return false;
    const text = rows.get(from.row)?.[from.column - 1] ?? '';
    for (let row = from.row; row <= to.row; row++) {
      for (let column = from.column; column <= to.column; column++) {
        if (row === from.row && column === from.column) continue;
        // An empty range shows nothing: it makes no row that holds nothing.
        if (text === '' && !rows.has(row)) continue;
        const cells = rows.get(row) ?? [];
        cells[column - 1] = text;
        rows.set(row, cells);
      }
    }
  }
  return true;
}
