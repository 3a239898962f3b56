// `node scripts/bench-import.mjs --xlsx [rows] [runs]`: time and peak memory of reading one .xlsx
// worksheet of generated questions with the built @qbank/import (`readXlsx`), each run in a fresh
// Node process so the peak RSS is that of the read alone. The workbook is written here from XML
// (fflate), in the shape Excel saves: shared strings (some rich text), inline strings, numbers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { strToU8, zipSync } from 'fflate';

const words =
  'patient year old man woman presents with chest pain fever cough dyspnea history examination shows ' +
  'elevated serum level biopsy reveals which of the following most likely diagnosis mechanism drug ' +
  'treatment artery kidney liver lung heart murmur rash weakness weeks days hours laboratory studies';
const vocabulary = words.split(' ');

/** Deterministic filler text of `count` words (a linear congruential sequence). */
function text(seed, count) {
  let x = seed * 2654435761;
  const out = [];
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(vocabulary[x % vocabulary.length]);
  }
  return out.join(' ');
}

const escape = (value) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const column = (index) => String.fromCharCode(65 + index);

/** An .xlsx of a header and `rows` questions, as bytes. */
export function workbook(rows) {
  const header = ['id', 'stem', 'lead_in', 'option_a', 'option_b', 'option_c', 'option_d', 'option_e', 'key'];
  const strings = [];
  const shared = (xml) => (strings.push(`<si>${xml}</si>`), strings.length - 1);
  const cell = (ref, value) => `<c r="${ref}" t="s"><v>${shared(`<t>${escape(value)}</t>`)}</v></c>`;
  const lines = [`<row r="1">${header.map((name, i) => cell(`${column(i)}1`, name)).join('')}</row>`];
  lines.push('');
  for (let r = 2; r <= rows + 1; r++) {
    const stem = text(r, 90);
    const stemCell =
      r % 10 === 0
        ? `<c r="B${r}" t="s"><v>${shared(`<r><t xml:space="preserve">${escape(stem)} </t></r><r><rPr><b/></rPr><t>bold</t></r>`)}</v></c>`
        : cell(`B${r}`, stem);
    const options = [0, 1, 2, 3, 4].map(
      (i) => `<c r="${column(3 + i)}${r}" t="inlineStr"><is><t>${escape(text(r * 7 + i, 3))}</t></is></c>`,
    );
    lines.push(
      `<row r="${r}"><c r="A${r}"><v>${r - 1}</v></c>${stemCell}${cell(`C${r}`, 'Which of the following is the most likely diagnosis?')}${options.join('')}${cell(`I${r}`, 'ABCDE'[r % 5])}</row>`,
    );
  }
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="questions" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet ${ns}><sheetData>${lines.join('')}</sheetData></worksheet>`,
    'xl/sharedStrings.xml': `<?xml version="1.0" encoding="UTF-8"?><sst ${ns} count="${strings.length}" uniqueCount="${strings.length}">${strings.join('')}</sst>`,
  };
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, xml]) => [name, strToU8(xml)])));
}

// Run in the child: read the workbook once, print wall and CPU time (all threads; a busy machine
// inflates it far less than the wall time), peak RSS and the questions read.
const child = `
const { readFileSync } = await import('node:fs');
const { readXlsx } = await import(process.argv[1]);
const bytes = new Uint8Array(readFileSync(process.argv[2]));
const start = performance.now();
const cpuStart = process.cpuUsage();
const result = await readXlsx({ name: 'bench.xlsx', bytes });
const ms = performance.now() - start;
const used = process.cpuUsage(cpuStart);
console.log(JSON.stringify({ ms, cpu: (used.user + used.system) / 1000, rss: process.resourceUsage().maxRSS * 1024, questions: result.items.length, problems: result.problems.length }));
`;

/**
 * Time `readXlsx` of the built @qbank/import on a generated worksheet.
 *
 * @param {string} root The repository.
 * @param {number} rows Questions in the worksheet.
 * @param {number} runs Fresh processes to run.
 * @param {string} [entry] Another build of @qbank/import to time (a file path), e.g. an older one.
 */
export async function benchXlsx(root, rows, runs, entry) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qbank-bench-xlsx-'));
  try {
    const file = path.join(dir, 'bench.xlsx');
    const bytes = workbook(rows);
    writeFileSync(file, bytes);
    const module = pathToFileURL(path.resolve(entry ?? path.join(root, 'packages/import/dist/index.js'))).href;
    const results = [];
    for (let i = 0; i < runs; i++) {
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', child, module, file], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(run.stderr);
      results.push(JSON.parse(run.stdout));
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const mb = (value) => (value / 1024 / 1024).toFixed(0);
    console.log(`${module}: node ${process.version}, ${os.cpus().length} cores, ${runs} runs`);
    console.log(
      `workbook: ${rows} rows, ${(bytes.length / 1024).toFixed(0)} KB; ${results[0].questions} questions read`,
    );
    console.log(
      `readXlsx: median ${median(results.map((r) => r.ms)).toFixed(0)} ms wall (${results.map((r) => r.ms.toFixed(0)).join(', ')}), ` +
        `${median(results.map((r) => r.cpu)).toFixed(0)} ms CPU, ` +
        `peak RSS median ${mb(median(results.map((r) => r.rss)))} MB (${results.map((r) => mb(r.rss)).join(', ')})`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
