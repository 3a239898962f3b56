import { existsSync, mkdirSync, openSync, closeSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { csvTemplate, readCsv, readXlsx, xlsxTemplate, type ImportText } from '@qbank/import';
import fc from 'fast-check';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

// .xlsx reading: every kind of cell Excel writes gives the text Excel shows (shared strings,
// rich text, inline strings, numbers, dates, booleans, formulas' saved values, merged ranges),
// and hostile workbooks are refused with a diagnostic at the file. Workbooks are written here
// from their XML parts, so each case shows exactly what the file holds.

const tmp = makeTempDir('import-xlsx');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface Book {
  sheet: string;
  strings?: string;
  styles?: string;
  date1904?: boolean;
  sheetName?: string;
}

function workbook(book: Book): Uint8Array {
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    'xl/workbook.xml': `<workbook ${main} xmlns:r="${rel}">${book.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="${book.sheetName ?? 'Sheet1'}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${main}>${book.sheet}</worksheet>`,
    'xl/sharedStrings.xml': `<sst ${main}>${book.strings ?? ''}</sst>`,
    'xl/styles.xml': `<styleSheet ${main}>${book.styles ?? ''}</styleSheet>`,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, xml]) => [name, strToU8(xml)])));
}

const header = ['id', 'stem', 'lead_in', 'option_a', 'option_b', 'option_c', 'option_d', 'option_e', 'key'];
const headerStrings = header.map((name) => `<si><t>${name}</t></si>`).join('');
const headerRow = `<row r="1">${header.map((_, i) => `<c r="${'ABCDEFGHI'[i]}1" t="s"><v>${i}</v></c>`).join('')}</row>`;

/** A question row: A id, B stem, C lead-in, D-H options (cells as given), I key. */
function questionRow(r: number, options: string): string {
  return `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>q${r}</t></is></c><c r="B${r}" t="inlineStr"><is><t>A stem.</t></is></c><c r="C${r}" t="inlineStr"><is><t>Which?</t></is></c>${options}<c r="I${r}" t="inlineStr"><is><t>A</t></is></c></row>`;
}

/** An option's text: the reader gives plain text, never Markdown. */
function plain(text: ImportText): string {
  if (!('text' in text)) throw new Error(`expected plain text, got Markdown ${text.markdown}`);
  return text.text;
}

async function options(book: Book): Promise<string[][]> {
  const result = await readXlsx({ name: 'cells.xlsx', bytes: workbook(book) });
  expect(result.problems).toEqual([]);
  return result.items.map((item) => item.choices.map((choice) => plain(choice.text)));
}

describe('readXlsx: the text of each cell', () => {
  test('shared strings, rich text, inline strings, escapes and entities', async () => {
    const strings =
      headerStrings +
      '<si><t>plain</t></si>' +
      '<si><r><t xml:space="preserve">ST elevation in </t></r><r><rPr><b/></rPr><t>II, III and aVF</t></r><r><t>.</t></r></si>' +
      '<si><t>line one_x000D_\nline two &amp; &lt;three&gt; &#233;&#x1F600; _x005F_x000D_</t></si>' +
      '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si>' +
      '<si><t><![CDATA[a <b> & c]]></t></si>';
    const cells =
      '<c r="D2" t="s"><v>9</v></c><c r="E2" t="s"><v>10</v></c><c r="F2" t="s"><v>11</v></c><c r="G2" t="s"><v>12</v></c><c r="H2" t="s"><v>13</v></c>';
    const inline =
      '<c r="D3" t="inlineStr"><is><t>inline &amp; text</t></is></c>' +
      '<c r="E3" t="inlineStr"><is><r><t>in</t></r><r><rPr><i/></rPr><t>line rich</t></r></is></c>' +
      '<c r="F3" t="inlineStr"><is><t>carriage\r\nreturn</t></is></c>' +
      '<c r="G3" t="inlineStr"><is><t>kept&#13;CR</t></is></c>';
    expect(
      await options({
        sheet: `<sheetData>${headerRow}${questionRow(2, cells)}${questionRow(3, inline)}</sheetData>`,
        strings,
      }),
    ).toEqual([
      ['plain', 'ST elevation in II, III and aVF.', 'line one\r\nline two & <three> é😀 _x000D_', '漢字', 'a <b> & c'],
      ['inline & text', 'inline rich', 'carriage\nreturn', 'kept\rCR'],
    ]);
  });

  test('numbers, dates as YYYY-MM-DD, booleans, errors and formulas by their saved values', async () => {
    const styles =
      '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd&quot;/&quot;mm&quot;/&quot;yyyy"/><numFmt numFmtId="165" formatCode="0.0&quot; mg&quot;"/></numFmts>' +
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>';
    const numbers =
      '<c r="D2"><v>0.1</v></c><c r="E2"><v>1E+21</v></c><c r="F2"><v>3.0</v></c><c r="G2" s="3"><v>12.5</v></c><c r="H2"><v>-7</v></c>';
    const dates =
      '<c r="D3" s="1"><v>45000.75</v></c><c r="E3" s="2"><v>45000</v></c><c r="F3" t="d"><v>2024-03-01T08:00:00</v></c><c r="G3" t="b"><v>1</v></c><c r="H3" t="b"><v>0</v></c>';
    const formulas =
      '<c r="D4"><f>1+2</f><v>3</v></c><c r="E4" t="str"><f>D4&amp;"x"</f><v>3x</v></c><c r="F4"><f t="shared" ref="F4:G4" si="0">D4*2</f><v>6</v></c><c r="G4"><f t="shared" si="0"/><v>7</v></c><c r="H4" s="1"><f>TODAY()</f><v>45001</v></c>';
    const sheet = `<sheetData>${headerRow}${questionRow(2, numbers)}${questionRow(3, dates)}${questionRow(4, formulas)}</sheetData>`;
    expect(await options({ sheet, strings: headerStrings, styles })).toEqual([
      ['0.1', '1e+21', '3', '12.5', '-7'],
      ['2023-03-15', '2023-03-15', '2024-03-01', 'true', 'false'],
      ['3', '3x', '6', '7', '2023-03-16'],
    ]);
    expect((await options({ sheet, strings: headerStrings, styles, date1904: true }))[1]!.slice(0, 2)).toEqual([
      '2027-03-16',
      '2027-03-16',
    ]);
  });

  test('a merged range shows its top-left text in each of its cells; error cells and empty formulas are empty', async () => {
    const row2 =
      '<c r="D2" t="inlineStr"><is><t>Same</t></is></c><c r="E2" s="0"/><c r="F2" t="inlineStr"><is><t>other</t></is></c>';
    const row3 =
      '<c r="F3" t="inlineStr"><is><t>third</t></is></c><c r="G3" t="e"><v>#N/A</v></c><c r="H3"><f>NOW()</f></c>';
    const sheet = `<sheetData>${headerRow}${questionRow(2, row2)}${questionRow(3, row3)}</sheetData><mergeCells count="1"><mergeCell ref="D2:E3"/></mergeCells>`;
    const result = await readXlsx({ name: 'merged.xlsx', bytes: workbook({ sheet, strings: headerStrings }) });
    expect(result.items.map((item) => item.choices.map((choice) => plain(choice.text)))).toEqual([
      ['Same', 'Same', 'other'],
      ['Same', 'Same', 'third'],
    ]);
    expect(result.items.map((item) => item.place.path)).toEqual(['Sheet1!A2', 'Sheet1!A3']);
  });

  test('an empty merged band (a blank title row spanning the columns) makes no row of its own', async () => {
    const band = `<row r="1"></row>`;
    const shifted = headerRow.replaceAll('1"', '2"');
    const row = '<c r="D3" t="inlineStr"><is><t>x</t></is></c><c r="E3" t="inlineStr"><is><t>y</t></is></c>';
    const sheet = `<sheetData>${band}${shifted}${questionRow(3, row)}</sheetData><mergeCells count="1"><mergeCell ref="A1:F1"/></mergeCells>`;
    const result = await readXlsx({ name: 'band.xlsx', bytes: workbook({ sheet, strings: headerStrings }) });
    expect(result.problems).toEqual([]);
    expect(result.items.map((item) => item.place.path)).toEqual(['Sheet1!A3']);
  });

  test('the sheet is the first tab, named in places; rows keep their numbers across gaps', async () => {
    const sheet = `<sheetData>${headerRow}${questionRow(7, '<c r="D7" t="inlineStr"><is><t>x</t></is></c><c r="E7" t="inlineStr"><is><t>y</t></is></c>')}</sheetData>`;
    const result = await readXlsx({
      name: 'tab.xlsx',
      bytes: workbook({ sheet, strings: headerStrings, sheetName: 'Week 1 &amp; 2' }),
    });
    expect(result.items.map((item) => item.place)).toEqual([{ file: 'tab.xlsx', path: 'Week 1 & 2!A7' }]);
  });

  test('any text Excel can store reads back character for character (shared string, rich text, inline)', async () => {
    // What a writer does: escape XML's specials, and `_x` escapes for control characters,
    // carriage returns and text that looks like an escape.
    const excel = (text: string) =>
      text
        .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
        .split('')
        .map((c) => {
          const code = c.charCodeAt(0);
          const invalid = (code < 0x20 && c !== '\t' && c !== '\n') || code === 0xfffe || code === 0xffff;
          return invalid ? `_x${code.toString(16).toUpperCase().padStart(4, '0')}_` : c;
        })
        .join('')
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;');
    const text = fc
      .string({
        unit: fc.oneof(
          fc.constantFrom('_x000D_', '_x', '&', '<', '\r', '\n', '\t', ' ', '\ufffe', '\0'),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
        ),
      })
      .filter((s) => s.trim() !== '' && !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, '')));
    await fc.assert(
      fc.asyncProperty(text, text, async (a, b) => {
        const cells =
          `<c r="D2" t="s"><v>${header.length}</v></c>` +
          `<c r="E2" t="s"><v>${header.length + 1}</v></c>` +
          `<c r="F2" t="inlineStr"><is><t xml:space="preserve">${excel(b)}</t></is></c>`;
        const strings =
          headerStrings +
          `<si><t xml:space="preserve">${excel(a)}</t></si>` +
          `<si><r><t xml:space="preserve">${excel(a)}</t></r><r><rPr><b/></rPr><t xml:space="preserve">${excel(b)}</t></r></si>`;
        const [read] = await options({ sheet: `<sheetData>${headerRow}${questionRow(2, cells)}</sheetData>`, strings });
        expect(read).toEqual([a, a + b, b]);
      }),
      { numRuns: 150 },
    );
  });

  test('the template reads as the CSV template does', async () => {
    const xlsx = await readXlsx({ name: 't.xlsx', bytes: await xlsxTemplate() });
    const csv = await readCsv({ name: 't.csv', bytes: strToU8(csvTemplate()) });
    const withoutPlace = (items: typeof xlsx.items) => items.map(({ place: _place, ...item }) => item);
    expect(xlsx.problems).toEqual([]);
    expect(withoutPlace(xlsx.items)).toEqual(withoutPlace(csv.items));
    expect(Object.keys(unzipSync(await xlsxTemplate())).sort()).toContain('xl/worksheets/sheet1.xml');
  });
});

describe('readXlsx: hostile and broken workbooks are refused at the file', () => {
  const bomb = `<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>`;
  const cases: [string, () => Uint8Array, Record<string, unknown>][] = [
    [
      'an entity bomb in the shared strings',
      () => {
        const files = unzipSync(workbook({ sheet: '<sheetData/>', strings: '<si><t>&b;</t></si>' }));
        files['xl/sharedStrings.xml'] = strToU8(
          `<?xml version="1.0"?>\n${bomb}\n<sst ${main}><si><t>&b;</t></si></sst>`,
        );
        return zipSync(files);
      },
      { ruleId: 'import/xml-entity', place: { file: 'hostile.xlsx', path: 'xl/sharedStrings.xml, line 2, column 1' } },
    ],
    [
      'a truncated worksheet',
      () => {
        const files = unzipSync(workbook({ sheet: `<sheetData>${headerRow}`, strings: headerStrings }));
        return zipSync(files);
      },
      {
        ruleId: 'import/xml-syntax',
        place: {
          file: 'hostile.xlsx',
          path: expect.stringMatching(/^xl\/worksheets\/sheet1\.xml, line \d+, column \d+$/),
        },
      },
    ],
    [
      'a merged range of the whole sheet',
      () =>
        workbook({
          sheet: `<sheetData>${headerRow}</sheetData><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells>`,
          strings: headerStrings,
        }),
      { ruleId: 'import/too-large', place: { file: 'hostile.xlsx', path: 'Sheet1' } },
    ],
    [
      'rows of one cell each in the last column (a sheet far wider than its content, under 1 MB of XML)',
      () =>
        workbook({
          sheet: `<sheetData>${headerRow}${Array.from({ length: 20_000 }, (_, i) => `<row r="${i + 2}"><c r="XFD${i + 2}" t="inlineStr"><is><t>x</t></is></c></row>`).join('')}</sheetData>`,
          strings: headerStrings,
        }),
      { ruleId: 'import/too-large', place: { file: 'hostile.xlsx', path: 'Sheet1' } },
    ],
    [
      'an entry whose path leaves the archive',
      () => zipSync({ ...unzipSync(workbook({ sheet: '<sheetData/>' })), '../../evil.xml': strToU8('<x/>') }),
      { ruleId: 'import/zip-slip', place: { file: 'hostile.xlsx', path: '../../evil.xml' } },
    ],
    [
      'a zip bomb (an entry that claims 2 GiB)',
      () => {
        const zip = Buffer.from(zipSync({ 'xl/workbook.xml': new Uint8Array(10) }));
        zip.writeUInt32LE(0x7fffffff, 22);
        zip.writeUInt32LE(0x7fffffff, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
        return zip;
      },
      { ruleId: 'import/zip-too-large', place: { file: 'hostile.xlsx' } },
    ],
    [
      'not a zip',
      () => strToU8('id,stem\n1,x\n'),
      { ruleId: 'import/zip-unreadable', place: { file: 'hostile.xlsx' } },
    ],
    [
      'a workbook without a worksheet',
      () => zipSync({ 'xl/workbook.xml': strToU8(`<workbook ${main}><sheets/></workbook>`) }),
      { ruleId: 'import/table-columns', place: { file: 'hostile.xlsx' } },
    ],
  ];
  test.each(cases)('%s', async (_name, bytes, problem) => {
    const result = await readXlsx({ name: 'hostile.xlsx', bytes: bytes() });
    expect(result.items).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining(problem)]);
  });

  test('qbank import: a huge .xlsx is refused by its size, an entity bomb at its part; nothing written, exit 1', async () => {
    const dir = path.join(tmp, 'cli');
    mkdirSync(dir, { recursive: true });
    const huge = path.join(dir, 'huge.xlsx');
    const fd = openSync(huge, 'w');
    writeSync(fd, 'x', 200 * 1024 * 1024);
    closeSync(fd);
    const files = unzipSync(workbook({ sheet: '<sheetData/>' }));
    files['xl/sharedStrings.xml'] = strToU8(`${bomb}<sst ${main}><si><t>&b;</t></si></sst>`);
    const bombFile = path.join(dir, 'bomb.xlsx');
    writeFileSync(bombFile, zipSync(files));
    const out = path.join(dir, 'out');
    const huge1 = await runQbank(['import', huge, '--out', out], repoRoot);
    expect(huge1.code).toBe(1);
    expect(huge1.stderr).toMatch(
      /huge\.xlsx: Unexpected file of 209715201 bytes, expected at most \d+ {2}import\/too-large/,
    );
    const bomb1 = await runQbank(['import', bombFile, '--out', out], repoRoot);
    expect(bomb1.code).toBe(1);
    expect(bomb1.stderr).toMatch(
      /bomb\.xlsx \(xl\/sharedStrings\.xml, line 1, column \d+\)\n {2}error {3}Unexpected document type declaration .* import\/xml-entity/,
    );
    expect(bomb1.stderr + huge1.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
