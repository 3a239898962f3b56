// One atomic writer (@qbank/atomic-write) for every file a command writes: `init`, `import`,
// `version`, `coverage --out` and the Anki, QTI and Moodle exports. Each command runs as the real
// CLI with the write shim (tests/helpers/fault-shim.mjs) making the disk full or read-only under
// the folder it writes to: the previous file stays as it was, no temporary file is left, and the
// message names the file and the cause, exit 2, no stack trace. Needs `pnpm build`.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '@qbank/atomic-write';
import { repoRoot } from './helpers/cli.js';
import { generateBank, picture, questionFile, runFaulty, type Fault } from './helpers/fault-shim-bank.js';
import { makeTempDir } from './helpers/fs.js';

let work: string;
let base: string;
let counter = 0;

/** A note with two flashcards, so that the Anki export has a deck to write. */
const cardNote = `---
id: fault-cards
title: Fault cards
status: published
discipline: [pathology]
system: cardiovascular
---

Text of the note.

<Flashcard id="written-whole" front="How is a deck written?" back="Whole or not at all" />

<Flashcard id="full-disk" front="What stays when the disk is full?" back="The previous deck" />
`;

beforeAll(() => {
  work = makeTempDir('atomic-writes');
  base = generateBank(path.join(work, 'base'), 12);
  writeFileSync(path.join(base, 'content/notes/fault-cards.mdx'), cardNote);
  const first = runFaulty(['build'], base);
  expect(first.code, first.stderr).toBe(0);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the built base bank, in a folder of its own. */
function copyBank(): string {
  const dir = path.join(work, `case-${++counter}`, 'bank');
  cpSync(base, dir, { recursive: true });
  return dir;
}

/** Change one question's text, so that the next output differs from the last. */
function editQuestion(bank: string): void {
  const file = questionFile(bank, 3);
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replace('comes to the physician', 'comes to the emergency department'),
  );
}

const faults: [string, number, RegExp][] = [
  ['enospc', 0, /environment problem: .*the disk is full \(ENOSPC\)/],
  ['enospc', 50, /environment problem: .*the disk is full \(ENOSPC\)/],
  ['erofs', 0, /environment problem: .*the file system is read-only \(EROFS\)/],
];

/**
 * Run a command with the fault under `folder`, and check what a failed write must leave: exit 2,
 * the cause and the file named, no stack trace or "bug", the folder as it was, no temporary file.
 */
function failsCleanly(args: string[], cwd: string, fault: Fault, message: RegExp, names: string): void {
  const before = picture(fault.path);
  const result = runFaulty(args, cwd, fault);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).toContain(names);
  expect(result.stderr).toMatch(/what was there before is unchanged/);
  expect(result.stderr).not.toMatch(/bug in qbank|internal error|\n\s+at /);
  expect(picture(fault.path)).toEqual(before);
  expect(readdirSync(fault.path, { recursive: true }).filter((name) => String(name).includes('.tmp-'))).toEqual([]);
}

describe('@qbank/atomic-write', () => {
  it('exports the writer, temporary names and process ownership', () => {
    expect(Object.keys(api).sort()).toEqual([
      'AtomicFileSync',
      'appendFileFullySync',
      'ensureDirectory',
      'ensureDirectorySync',
      'newestChange',
      'ownerGone',
      'ownerTag',
      'parseTempName',
      'processRunning',
      'processScope',
      'processStartTime',
      'removeAbandoned',
      'syncDirectorySync',
      'tempPathFor',
      'writeAllSync',
      'writeFileAtomic',
      'writeFileAtomicSync',
      'writeNewFile',
    ]);
  });

  it('no package writes a file by hand: every src/ write goes through it', () => {
    const offenders: string[] = [];
    for (const dir of readdirSync(path.join(repoRoot, 'packages'))) {
      if (dir === 'atomic-write') continue;
      const src = path.join(repoRoot, 'packages', dir, 'src');
      for (const name of readdirSync(src, { recursive: true }).map(String)) {
        if (!name.endsWith('.ts')) continue;
        const text = readFileSync(path.join(src, name), 'utf8');
        // A call, not a mention in a comment or an @example.
        const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        if (/\b(?:writeFileSync|appendFileSync|createWriteStream)\s*\(|[^.\w]writeFile\s*\(/.test(code)) {
          offenders.push(`packages/${dir}/src/${name}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('exports write the deck or package whole or not at all', () => {
  it.each([
    ['anki', 'deck.apkg'],
    ['qti', 'bank.zip'],
    ['moodle', 'bank.xml'],
  ])(
    'export %s: a full or read-only disk keeps the previous file',
    (target, name) => {
      const bank = copyBank();
      const folder = path.join(bank, 'exports');
      mkdirSync(folder);
      const out = path.join('exports', name);
      const first = runFaulty(['export', target, '--out', out], bank);
      expect(first.code, first.stderr).toBe(0);
      editQuestion(bank);
      const note = path.join(bank, 'content/notes/fault-cards.mdx');
      writeFileSync(note, readFileSync(note, 'utf8').replace('The previous deck', 'The previous deck, unchanged'));
      expect(runFaulty(['build'], bank).code).toBe(0);
      for (const [mode, after, message] of faults) {
        failsCleanly(['export', target, '--out', out], bank, { path: folder, mode, after }, message, name);
      }
      // With room again, the new file replaces the previous one.
      const previous = readFileSync(path.join(bank, out));
      expect(runFaulty(['export', target, '--out', out], bank).code).toBe(0);
      expect(readFileSync(path.join(bank, out))).not.toEqual(previous);
    },
    120_000,
  );
});

describe('qbank coverage --out', () => {
  it.each(faults)('%s after %i bytes: the previous report stays', (mode, after, message) => {
    const bank = copyBank();
    const folder = path.join(bank, 'reports');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'coverage.html'), '<p>the previous report</p>\n');
    const args = ['coverage', '--format', 'html', '--out', 'reports/coverage.html'];
    failsCleanly(args, bank, { path: folder, mode, after }, message, 'coverage.html');
    expect(runFaulty(args, bank).code).toBe(0);
    expect(readFileSync(path.join(folder, 'coverage.html'), 'utf8')).toMatch(/<html/i);
  });
});

describe('qbank version', () => {
  it.each(faults)(
    '%s after %i bytes: the config keeps its version',
    (mode, after, message) => {
      const bank = copyBank();
      expect(runFaulty(['build', '--out', '../release-1.0.0'], bank).code).toBe(0);
      editQuestion(bank);
      const config = path.join(bank, 'qbank.config.yaml');
      const before = readFileSync(config, 'utf8');
      // Only the config's folder misbehaves from its first write: the cache is written elsewhere.
      const args = ['version', '--previous', '../release-1.0.0', '--no-cache'];
      const result = runFaulty(args, bank, { path: bank, mode, after });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toContain('qbank.config.yaml');
      expect(result.stderr).not.toMatch(/bug in qbank|internal error|\n\s+at /);
      expect(readFileSync(config, 'utf8')).toBe(before);
      expect(readdirSync(bank).filter((name) => name.includes('.tmp-'))).toEqual([]);
      const done = runFaulty(args, bank);
      expect(done.code, done.stderr).toBe(0);
      expect(readFileSync(config, 'utf8')).toBe(before.replace('version: 1.0.0', 'version: 1.0.1'));
    },
    60_000,
  );
});

describe('qbank init', () => {
  it.each(faults)('%s after %i bytes: --force keeps the files it could not replace', (mode, after, message) => {
    const dir = path.join(work, `init-${++counter}`);
    mkdirSync(dir);
    const first = runFaulty(['init', '--name', 'Init bank'], dir);
    expect(first.code, first.stderr).toBe(0);
    const config = path.join(dir, 'qbank.config.json');
    writeFileSync(config, readFileSync(config, 'utf8').replace('Init bank', 'Edited by hand'));
    failsCleanly(
      ['init', '--force', '--name', 'Init bank'],
      dir,
      { path: dir, mode, after },
      message,
      'qbank.config.json',
    );
    expect(readFileSync(config, 'utf8')).toMatch(/Edited by hand/);
  });
});

describe('qbank import', () => {
  const source = readFileSync(path.join(repoRoot, 'tests/fixtures/import/aiken/questions.txt'));

  it.each(faults)('%s after %i bytes: no question file is half written, none is replaced', (mode, after, message) => {
    const bank = copyBank();
    writeFileSync(path.join(bank, 'questions.txt'), source);
    const out = path.join(bank, 'content/questions/imported');
    const first = runFaulty(['import', 'questions.txt', '--out', 'content/questions/imported'], bank);
    expect(first.code, first.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files.length).toBeGreaterThan(1);
    // One file removed (the import writes it again), one edited (the import keeps it).
    rmSync(path.join(out, files[0]!));
    writeFileSync(path.join(out, files[1]!), `${readFileSync(path.join(out, files[1]!), 'utf8')}\nEdited.\n`);
    const args = ['import', 'questions.txt', '--out', 'content/questions/imported'];
    failsCleanly(args, bank, { path: out, mode, after }, message, files[0]!);
    const again = runFaulty(args, bank);
    expect(again.stdout + again.stderr).toMatch(/kept/);
    expect(readdirSync(out).sort()).toEqual(files);
  });

  it('--template: a full disk writes no template', () => {
    const dir = path.join(work, `template-${++counter}`);
    mkdirSync(dir);
    failsCleanly(
      ['import', '--template', 'csv', '--out', 'template.csv'],
      dir,
      { path: dir, mode: 'enospc', after: 10 },
      /the disk is full \(ENOSPC\)/,
      'template.csv',
    );
    expect(runFaulty(['import', '--template', 'csv', '--out', 'template.csv'], dir).code).toBe(0);
  });
});
