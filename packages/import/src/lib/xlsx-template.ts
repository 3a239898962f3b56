import { parse } from 'csv-parse/sync';
import { strToU8, zipSync } from 'fflate';
import { csvTemplate } from './csv.js';

// The template is one fixed worksheet (a bold header row and one example), so it is written
// as its SpreadsheetML parts directly and zipped with fflate: a spreadsheet library would add
// megabytes to every install for two rows. Excel, LibreOffice and Google Sheets open it.

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const officeRel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const packageRel = 'http://schemas.openxmlformats.org/package/2006/relationships';
const contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

function column(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : column(Math.floor(index / 26) - 1) + column(index % 26);
}

function sheetXml(rows: string[][]): string {
  const strings: string[] = [];
  const cells = rows.map(
    (row, r) =>
      `<row r="${r + 1}">` +
      row
        .map((text, c) => {
          strings.push(text);
          return `<c r="${column(c)}${r + 1}" t="s"${r === 0 ? ' s="1"' : ''}><v>${strings.length - 1}</v></c>`;
        })
        .join('') +
      '</row>',
  );
  const width = rows[0]!.length;
  return (
    `${declaration}<worksheet xmlns="${main}" xmlns:r="${officeRel}"><dimension ref="A1:${column(width - 1)}${rows.length}"/>` +
    `<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/>` +
    `<cols><col min="1" max="3" width="40" customWidth="1"/><col min="4" max="${width}" width="20" customWidth="1"/></cols>` +
    `<sheetData>${cells.join('')}</sheetData></worksheet>`
  );
}

function sharedStringsXml(rows: string[][]): string {
  const texts = rows.flat();
  const items = texts.map((text) => `<si><t xml:space="preserve">${escape(text)}</t></si>`).join('');
  return `${declaration}<sst xmlns="${main}" count="${texts.length}" uniqueCount="${texts.length}">${items}</sst>`;
}

const styles =
  `${declaration}<styleSheet xmlns="${main}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const fixed = new Date(Date.UTC(2024, 0, 1));

function parts(rows: string[][]): Record<string, string> {
  const created = fixed.toISOString().replace('.000', '');
  return {
    '[Content_Types].xml':
      `${declaration}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="${contentType}.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${contentType}.worksheet+xml"/>` +
      `<Override PartName="/xl/styles.xml" ContentType="${contentType}.styles+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="${contentType}.sharedStrings+xml"/>` +
      `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    '_rels/.rels':
      `${declaration}<Relationships xmlns="${packageRel}">` +
      `<Relationship Id="rId1" Type="${officeRel}/officeDocument" Target="xl/workbook.xml"/>` +
      `<Relationship Id="rId2" Type="${packageRel}/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    'docProps/core.xml':
      `${declaration}<cp:coreProperties xmlns:cp="${packageRel}/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ` +
      `xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>qbank</dc:creator>` +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>` +
      `<dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified></cp:coreProperties>`,
    'xl/workbook.xml':
      `${declaration}<workbook xmlns="${main}" xmlns:r="${officeRel}"><bookViews><workbookView/></bookViews>` +
      `<sheets><sheet name="questions" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `${declaration}<Relationships xmlns="${packageRel}">` +
      `<Relationship Id="rId1" Type="${officeRel}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${officeRel}/styles" Target="styles.xml"/>` +
      `<Relationship Id="rId3" Type="${officeRel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheetXml(rows),
    'xl/styles.xml': styles,
    'xl/sharedStrings.xml': sharedStringsXml(rows),
  };
}

/**
 * The XLSX template `qbank import --template xlsx` writes: the same header and
 * example as the CSV template, byte-identical on every run.
 *
 * @returns The workbook's bytes.
 */
export async function xlsxTemplate(): Promise<Uint8Array> {
  const rows = parse(csvTemplate()) as string[][];
  const files = Object.entries(parts(rows)).map(([name, xml]) => [name, strToU8(xml)] as const);
  return Promise.resolve(zipSync(Object.fromEntries(files), { mtime: fixed, level: 6 }));
}
