import {
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  closeSync,
  writeSync,
  readFileSync,
  rmSync,
  writeFileSync,
  readdirSync,
} from 'node:fs';
import path from 'node:path';
import { csvTemplate, xlsxTemplate } from '@qbank/import';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, test } from 'vitest';
import { repoRoot, runQbank } from './helpers/cli.js';
import { listFiles, makeTempDir } from './helpers/fs.js';

const tmp = makeTempDir('import-cli');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const fixtures = path.join(repoRoot, 'tests/fixtures/import');
const jsonl = path.join(fixtures, 'jsonl/questions.jsonl');

function bank(name: string): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'qbank.config.json'), JSON.stringify({ name, version: '0.1.0', content: 'content' }));
  return dir;
}

describe('qbank import', () => {
  test('imported questions validate structurally: only the fields left for the author are reported', async () => {
    const dir = bank('validate');
    const sources = readdirSync(fixtures).flatMap((format) =>
      readdirSync(path.join(fixtures, format))
        .filter((name) => !name.endsWith('.expected') && !/bomb|truncated|slip/.test(name))
        .map((name) => path.join(fixtures, format, name)),
    );
    const imported = await runQbank(['import', ...sources], dir);
    expect(imported.stderr).toMatch(/✔ \d+ imported/);
    expect(listFiles(path.join(dir, 'content/questions')).length).toBeGreaterThan(10);
    const result = await runQbank(['validate', '--format', 'json', '--no-cache'], dir);
    const errors = (JSON.parse(result.stdout) as { ruleId: string; severity: string }[]).filter(
      (d) => d.severity === 'error',
    );
    expect([...new Set(errors.map((d) => d.ruleId))].sort()).toEqual(['asset/missing-alt', 'schema/required']);
  });

  test('an edited file is never overwritten: it is kept and the run exits 1', async () => {
    const out = path.join(tmp, 'edited');
    expect((await runQbank(['import', jsonl, '--out', out], repoRoot)).code).toBe(0);
    const file = path.join(out, listFiles(out).sort()[0]!);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nAn author's edit.\n`);
    const again = await runQbank(['import', jsonl, '--out', out], repoRoot);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/^kept .*not overwritten/m);
    expect(readFileSync(file, 'utf8')).toMatch(/An author's edit\.\n$/);
  });

  test('--map places source values on the taxonomy; what cannot be placed is listed and left out', async () => {
    const dir = bank('map');
    const csv = path.join(dir, 'items.csv');
    writeFileSync(
      csv,
      'id,stem,option_a,option_b,key,system,discipline,competency\n' +
        'one,A 60-year-old man has angina. Which drug lowers myocardial oxygen demand by slowing the heart?,Metoprolol,Hydralazine,A,Heart stuff,Pharm 101,Deep knowledge\n',
    );
    const without = await runQbank(['import', csv, '--dry-run'], dir);
    expect(without.stdout).toContain('not on the taxonomy, left for you: system: Heart stuff');
    expect(without.stdout).toContain('not on the taxonomy, left for you: discipline: Pharm 101');
    writeFileSync(
      path.join(dir, 'map.yaml'),
      'system:\n  heart stuff: cardiovascular\ndiscipline:\n  Pharm 101: pharmacology\n',
    );
    const mapped = await runQbank(['import', csv, '--map', 'map.yaml'], dir);
    expect(mapped.code, mapped.stdout + mapped.stderr).toBe(0);
    expect(mapped.stdout).not.toContain('left for you: system');
    expect(mapped.stdout).toContain('not on the taxonomy, left for you: competency: Deep knowledge');
    const written = readFileSync(path.join(dir, 'content/questions/items-one.md'), 'utf8');
    expect(written).toMatch(/^discipline:\n {2}- pharmacology\nsystem: cardiovascular\n/m);
    expect(written).not.toMatch(/competency/);
    writeFileSync(path.join(dir, 'bad.yaml'), 'systems:\n  a: b\n');
    expect((await runQbank(['import', csv, '--map', 'bad.yaml'], dir)).code).toBe(2);
  });

  test('a folder: every file of a known format is imported, others are passed over and named', async () => {
    const dir = path.join(tmp, 'folder');
    mkdirSync(path.join(dir, 'exports'), { recursive: true });
    cpSync(path.join(fixtures, 'aiken/questions.txt'), path.join(dir, 'exports/aiken.txt'));
    cpSync(path.join(fixtures, 'gift/questions.gift'), path.join(dir, 'exports/week1.gift'));
    writeFileSync(path.join(dir, 'exports/README.txt'), 'Exported from the LMS on Monday.\n');
    const result = await runQbank(['import', 'exports', '--out', 'out', '--dry-run'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('exports/README.txt: not read, its format is none that qbank import reads\n');
    expect(result.stdout).toMatch(/^would import exports\/aiken\.txt:1 /m);
    expect(result.stdout).toMatch(/^would import exports\/week1\.gift:6 /m);
  });

  test('--dry-run writes nothing', async () => {
    const out = path.join(tmp, 'dry');
    const result = await runQbank(['import', jsonl, '--out', out, '--dry-run'], repoRoot);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^would import /m);
    expect(existsSync(out)).toBe(false);
  });

  test('--template csv and xlsx write a template that imports', async () => {
    const dir = bank('template');
    for (const kind of ['csv', 'xlsx']) {
      const result = await runQbank(['import', '--template', kind], dir);
      expect(result.code).toBe(0);
      const file = path.join(dir, `qbank-import-template.${kind}`);
      const expected = kind === 'csv' ? Buffer.from(csvTemplate()) : Buffer.from(await xlsxTemplate());
      expect(readFileSync(file).equals(expected)).toBe(true);
      expect((await runQbank(['import', '--template', kind], dir)).code).toBe(2);
      const imported = await runQbank(['import', file, '--dry-run'], dir);
      expect(imported.stderr).toMatch(/✔ 1 to import/);
    }
    expect(Buffer.from(await xlsxTemplate()).equals(Buffer.from(await xlsxTemplate()))).toBe(true);
  });

  test('UTF-16 and Latin-1 files are read, the latter with a note', async () => {
    const dir = path.join(tmp, 'encodings');
    mkdirSync(dir, { recursive: true });
    const csv =
      'stem,option_a,option_b,key\nCafé-au-lait macules and axillary freckling. Which gene is mutated?,NF1,NF2,A\n';
    writeFileSync(path.join(dir, 'utf16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    writeFileSync(path.join(dir, 'latin1.csv'), Buffer.from(csv, 'latin1'));
    const out = path.join(dir, 'out');
    const result = await runQbank(
      ['import', path.join(dir, 'utf16.csv'), path.join(dir, 'latin1.csv'), '--out', out],
      repoRoot,
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /latin1\.csv:2 .*\n {13}changed: the file is not UTF-8: read as Windows-1252 \(Latin-1\)/,
    );
    for (const file of listFiles(out))
      expect(readFileSync(path.join(out, file), 'utf8')).toContain('Café-au-lait macules');
  });

  test('hostile and broken input: a clear error with the place, nothing written, no crash', async () => {
    const dir = path.join(tmp, 'hostile');
    mkdirSync(dir, { recursive: true });
    const slip = path.join(dir, 'slip.zip');
    writeFileSync(
      slip,
      zipSync({ 'imsmanifest.xml': new TextEncoder().encode('<manifest/>'), '../../evil.xml': new Uint8Array([60]) }),
    );
    const garbage = path.join(dir, 'garbage.gift');
    writeFileSync(garbage, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 3, 255, 254]));
    // A sparse file larger than the limit: refused by its size before it is read.
    const huge = path.join(dir, 'huge.csv');
    const fd = openSync(huge, 'w');
    writeSync(fd, 'x', 200 * 1024 * 1024);
    closeSync(fd);
    const truncated = path.join(dir, 'truncated.jsonl');
    writeFileSync(
      truncated,
      '{"question": "Which?", "options": {"A": "a", "B": "b"}, "answer_idx": "A"}\n{"question": "Wh',
    );
    // A zip whose entry claims to unpack to 2 GiB: refused from its directory, before anything is unpacked.
    const bomb = Buffer.from(zipSync({ 'imsmanifest.xml': new Uint8Array(10) }));
    bomb.writeUInt32LE(0x7fffffff, 22);
    bomb.writeUInt32LE(0x7fffffff, bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    const bombFile = path.join(dir, 'bomb.zip');
    writeFileSync(bombFile, bomb);
    const out = path.join(dir, 'out');
    const tooLarge =
      /bomb\.zip\n {2}error {3}Unexpected archive that unpacks to more than \d+ bytes .* import\/zip-too-large/;
    const cases: [string, string, RegExp][] = [
      [bombFile, 'qti', tooLarge],
      [bombFile, 'xlsx', tooLarge],
      [bombFile, 'docx', tooLarge],
      [slip, 'xlsx', /slip\.zip \(\.\.\/\.\.\/evil\.xml\)\n {2}error {3}Unexpected archive entry .* import\/zip-slip/],
      [slip, 'qti', /slip\.zip \(\.\.\/\.\.\/evil\.xml\)\n {2}error {3}Unexpected archive entry .* import\/zip-slip/],
      [garbage, 'gift', /garbage\.gift\n {2}error {3}Unexpected binary data .* import\/binary/],
      [huge, 'csv', /huge\.csv: Unexpected file of 209715201 bytes, expected at most \d+ {2}import\/too-large/],
      [truncated, 'jsonl', /truncated\.jsonl:2\n {2}error {3}Unexpected text that is not JSON.* import\/jsonl-syntax/],
    ];
    for (const [file, format, message] of cases) {
      const result = await runQbank(['import', file, '--from', format, '--out', out], repoRoot);
      expect(result.code, file).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/internal error|at .*\.ts:\d+/);
      expect(existsSync(out)).toBe(false);
    }
  });
});
