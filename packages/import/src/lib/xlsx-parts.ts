import type { Attributes, PartHandlers } from './xlsx-xml.js';

/** A part reader: the event handlers, and the result once every event has been handled. */
export interface PartReader<T> {
  /** The handlers to give `readPart`. */
  handlers: PartHandlers;
  /** What was read. */
  result(): T;
}

/** The first worksheet of a workbook (in tab order) and how its dates count. */
export interface WorkbookSheet {
  /** Its tab name. */
  name: string;
  /** Its relationship id, which `xl/_rels/workbook.xml.rels` resolves to a part. */
  id: string;
  /** Whether serial dates count from 1904 (`<workbookPr date1904="1"/>`). */
  date1904: boolean;
}

/**
 * Read `xl/workbook.xml`: the first `<sheet>` and the date system.
 *
 * @returns The reader; its result is `undefined` for a workbook without a worksheet.
 */
export function workbookReader(): PartReader<WorkbookSheet | undefined> {
  let sheet: WorkbookSheet | undefined;
  let date1904 = false;
  return {
    handlers: {
      open(name, attributes) {
        if (name === 'workbookPr') date1904 = attributes['date1904'] === '1' || attributes['date1904'] === 'true';
        if (name === 'sheet' && !sheet)
          sheet = { name: attributes['name'] ?? 'Sheet1', id: attributes['id'] ?? '', date1904 };
      },
      close() {},
      text() {},
    },
    result: () => sheet && { ...sheet, date1904 },
  };
}

/**
 * Read `xl/_rels/workbook.xml.rels`: each relationship's target part, by id and by type.
 *
 * @returns The reader; its result maps ids and type names (`sharedStrings`, `styles`) to parts.
 */
export function relationshipsReader(): PartReader<Map<string, string>> {
  const targets = new Map<string, string>();
  return {
    handlers: {
      open(name, attributes) {
        const target = attributes['Target'];
        if (name !== 'Relationship' || !target) return;
        const part = partPath(target);
        if (attributes['Id']) targets.set(attributes['Id'], part);
        const type = attributes['Type']?.split('/').pop();
        if (type && !targets.has(`type:${type}`)) targets.set(`type:${type}`, part);
      },
      close() {},
      text() {},
    },
    result: () => targets,
  };
}

function partPath(target: string): string {
  const parts: string[] = [];
  for (const piece of (target.startsWith('/') ? target.slice(1) : `xl/${target}`).split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

/**
 * Text in a cell or shared string, with Excel's `_xHHHH_` escapes decoded
 * (`_x000D_` is a carriage return; `_x005F_` escapes an underscore).
 *
 * @param text Text as the XML holds it.
 * @returns The text.
 */
export function unescapeXstring(text: string): string {
  return text.includes('_x')
    ? text.replace(/_x([0-9A-F]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
}

/**
 * The text of one string item (`<si>` of the shared strings, `<is>` of a cell): its runs of
 * rich text joined (formatting dropped), else its one `<t>`; phonetic guides (`<rPh>`) left out.
 */
export class StringItem {
  private runs: string[] = [];
  private plain = '';
  private text: string[] | undefined;
  private inRun = false;
  private phonetic = 0;

  /**
   * An element inside the item opens.
   *
   * @param name Its local name.
   */
  open(name: string): void {
    if (name === 'r') this.inRun = true;
    else if (name === 'rPh') this.phonetic++;
    else if (name === 't' && this.phonetic === 0) this.text = [];
  }

  /**
   * An element inside the item closes.
   *
   * @param name Its local name.
   */
  close(name: string): void {
    if (name === 'r') this.inRun = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 't' && this.text) {
      const text = unescapeXstring(this.text.join(''));
      if (this.inRun) this.runs.push(text);
      else this.plain = text;
      this.text = undefined;
    }
  }

  /**
   * Text inside the item.
   *
   * @param text The text.
   */
  add(text: string): void {
    this.text?.push(text);
  }

  /**
   * The item's text.
   *
   * @returns The runs joined, or the plain text.
   */
  value(): string {
    return this.runs.length > 0 ? this.runs.join('') : this.plain;
  }
}

/**
 * Read `xl/sharedStrings.xml`.
 *
 * @returns The reader; its result is the texts by index.
 */
export function sharedStringsReader(): PartReader<string[]> {
  const strings: string[] = [];
  let item: StringItem | undefined;
  return {
    handlers: {
      open(name) {
        if (name === 'si') item = new StringItem();
        else item?.open(name);
      },
      close(name) {
        if (name === 'si' && item) strings.push(item.value());
        if (name === 'si') item = undefined;
        else item?.close(name);
      },
      text: (text) => item?.add(text),
    },
    result: () => strings,
  };
}

// Built-in number formats that show dates (ECMA-376 18.8.30): 14-22 and 45-47.
const builtInDateFormats = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** Whether a number format code shows a date or time: y, m, d, h, s outside quotes and brackets. */
function isDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/**
 * Read `xl/styles.xml`: which cell styles (indexes into `cellXfs`) show a number as a date.
 *
 * @returns The reader; its result is the style indexes.
 */
export function dateStylesReader(): PartReader<Set<number>> {
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  const onOpen = (name: string, attributes: Attributes) => {
    if (name === 'numFmt') custom.set(Number(attributes['numFmtId']), attributes['formatCode'] ?? '');
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) formats.push(Number(attributes['numFmtId'] ?? 0));
  };
  return {
    handlers: {
      open: onOpen,
      close: (name) => void (name === 'cellXfs' && (inCellXfs = false)),
      text() {},
    },
    result() {
      const dates = new Set<number>();
      formats.forEach((id, index) => {
        const code = custom.get(id);
        if (id !== 0 && (code === undefined ? builtInDateFormats.has(id) : isDateFormat(code))) dates.add(index);
      });
      return dates;
    },
  };
}
