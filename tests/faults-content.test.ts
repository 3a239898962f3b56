// Hostile banks (issue 20, leaks, unsafe output and hangs): each case on a fresh copy of the
// sample bank, through the real CLI. Pathological inputs run in a child process with a time limit.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoRoot, runQbank, type CliResult } from './helpers/cli.js';
import { copySampleBank, listFiles, makeTempDir } from './helpers/fs.js';
import { conflictMarkers, nestingOverflow } from '../packages/parser/src/lib/prescan.js';
import { unsafeSvgReason } from '../packages/validate/src/lib/svg.js';

// QBANK_FAULTS_BIN=<path of a bin.js> runs the cases against another build of the CLI (an earlier
// commit's, to see them fail there) instead of the sources.
const otherBin = process.env.QBANK_FAULTS_BIN;

/** Run the CLI: in-process from the sources, or the other build as a child process. */
async function qbank(args: string[], cwd: string): Promise<CliResult> {
  if (!otherBin) return runQbank(args, cwd);
  const result = spawnSync(process.execPath, [otherBin, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

// Each case runs the CLI over a copy of the whole sample bank (the bounded-work cases over 600
// more files, in a child process with its own limit): slow on a busy machine, never timed.
vi.setConfig({ testTimeout: 180_000 });

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the sample bank (content and config), removed after the tests. */
function copyBank(): string {
  const dir = makeTempDir('faults-content');
  made.push(dir);
  copySampleBank(dir);
  return dir;
}

/** The first question of the sample bank's cardiovascular folder, as a path relative to the bank. */
function aQuestion(bank: string): string {
  const folder = 'content/questions/cardiovascular';
  const name = readdirSync(path.join(bank, folder))
    .filter((n) => n.endsWith('.md'))
    .sort()[0]!;
  return `${folder}/${name}`;
}

/** Append Markdown to a file of the bank; returns the 1-based line the text starts on. */
function append(bank: string, file: string, text: string): number {
  const full = path.join(bank, file);
  const before = readFileSync(full, 'utf8').replace(/\n*$/, '\n\n');
  writeFileSync(full, before + text);
  return before.split('\n').length;
}

interface Shown {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  severity: string;
  message: string;
}

/** The diagnostics of a `--format json` run. */
function diagnosticsOf(result: CliResult): Shown[] {
  return JSON.parse(result.stdout) as Shown[];
}

function withRule(result: CliResult, ruleId: string): Shown[] {
  return diagnosticsOf(result).filter((d) => d.ruleId === ruleId);
}

/** Every file under a folder whose bytes contain `needle`. */
function filesHolding(dir: string, needle: string): string[] {
  if (!existsSync(dir)) return [];
  return listFiles(dir).filter((file) => readFileSync(path.join(dir, file)).includes(needle));
}

const secret = 'TOP-SECRET-4f1c9b';

describe('containment by real path (symlinks)', () => {
  it('refuses images that a symlink leads out of the bank, and copies none of them', async () => {
    const bank = copyBank();
    const outside = path.join(bank, 'outside');
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'shadow.png'), `${secret} shadow`);
    writeFileSync(path.join(outside, 'passwd'), `${secret} passwd`);
    symlinkSync(outside, path.join(bank, 'content/images/sysdir'));
    symlinkSync(path.join(outside, 'passwd'), path.join(bank, 'content/images/leak.png'));
    const question = aQuestion(bank);
    const line = append(bank, question, '![x](../../images/sysdir/shadow.png)\n\n![y](../../images/leak.png)\n');
    const result = await qbank(['build', '--format', 'json'], bank);
    expect(result.code).toBe(1);
    const refused = withRule(result, 'asset/outside-root');
    expect(refused.map((d) => [d.file, d.line, d.column])).toEqual([
      [question, line, 1],
      [question, line + 2, 1],
    ]);
    expect(refused[0]!.message).toContain('a symbolic link leads outside the content root');
    expect(filesHolding(path.join(bank, 'dist'), secret)).toEqual([]);
    expect(filesHolding(path.join(bank, '.qbank-cache'), secret)).toEqual([]);
  });

  it('keeps images whose symlink stays inside the bank', async () => {
    const bank = copyBank();
    symlinkSync(
      path.join(bank, 'content/images/spirometry-flow-volume.svg'),
      path.join(bank, 'content/images/alias.svg'),
    );
    const question = aQuestion(bank);
    append(bank, question, '![Flow-volume loop](../../images/alias.svg)\n');
    const result = await qbank(['validate', '--format', 'json', question], bank);
    expect(diagnosticsOf(result).filter((d) => d.ruleId.startsWith('asset/'))).toEqual([]);
  });

  it('reports a symlinked question instead of skipping it without a word, and never reads one out of the bank', async () => {
    const bank = copyBank();
    const question = aQuestion(bank);
    writeFileSync(path.join(bank, 'outside.md'), `---\nid: ${secret}\n---\n\n${secret}\n`);
    symlinkSync(path.join(bank, question), path.join(bank, 'content/questions/cardiovascular/alias.md'));
    symlinkSync(path.join(bank, 'outside.md'), path.join(bank, 'content/questions/cardiovascular/leak.md'));
    const result = await qbank(['validate', '--format', 'json'], bank);
    const links = withRule(result, 'file/symlink');
    expect(links.map((d) => [d.file, d.severity])).toEqual([
      ['content/questions/cardiovascular/alias.md', 'warning'],
      ['content/questions/cardiovascular/leak.md', 'warning'],
    ]);
    expect(withRule(result, 'bank/duplicate-id')).toEqual([]);
    expect(result.stdout).not.toContain(secret);
    // Named on the command line, a link out of the bank is not read either.
    const named = await qbank(['validate', '--format', 'json', 'content/questions/cardiovascular/leak.md'], bank);
    expect(withRule(named, 'file/symlink').map((d) => d.message)).toEqual([
      'Unexpected symbolic link out of the content root: it was not read',
    ]);
    expect(named.stdout).not.toContain(secret);
  });

  it('validating through a symlinked folder reports no false duplicate ids', async () => {
    const bank = copyBank();
    symlinkSync('cardiovascular', path.join(bank, 'content/questions/cv-alias'));
    const result = await qbank(['validate', '--format', 'json', 'content/questions/cv-alias'], bank);
    expect(withRule(result, 'bank/duplicate-id')).toEqual([]);
    expect(result.code).toBe(0);
    // The files are reported at their own place.
    expect(diagnosticsOf(result).every((d) => !d.file.includes('cv-alias'))).toBe(true);
  });

  it('refuses a registry that a symlink leads out of the bank', async () => {
    const bank = copyBank();
    const registry = path.join(bank, 'content/videos.yaml');
    rmSync(registry);
    const outsideBank = makeTempDir('faults-outside');
    made.push(outsideBank);
    writeFileSync(path.join(outsideBank, 'videos.yaml'), `videos: [${secret}]\n`);
    symlinkSync(path.join(outsideBank, 'videos.yaml'), registry);
    const result = await qbank(['validate', '--format', 'json'], bank);
    expect(result.code).toBe(1);
    const refused = withRule(result, 'videos/invalid-file');
    expect(refused.map((d) => d.file)).toEqual(['content/videos.yaml']);
    expect(refused[0]!.message).toMatch(/^Unexpected symbolic link out of the bank, to .*: the file was not read$/);
    expect(result.stdout.replace(refused[0]!.message, '')).not.toContain(secret);
  });
});

describe('SVG assets', () => {
  it('refuses a scripted SVG, and copies nothing of it', async () => {
    const bank = copyBank();
    writeFileSync(
      path.join(bank, 'content/images/evil.svg'),
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.domain)</script></svg>\n',
    );
    const question = aQuestion(bank);
    const line = append(bank, question, '![A diagram](../../images/evil.svg)\n');
    const result = await qbank(['build', '--format', 'json'], bank);
    expect(result.code).toBe(1);
    expect(withRule(result, 'asset/unsafe-svg').map((d) => [d.file, d.line, d.message])).toEqual([
      [
        question,
        line,
        'Unexpected attribute onload on <svg> in the SVG `../../images/evil.svg`, expected only shapes, text and styles',
      ],
    ]);
    expect(filesHolding(path.join(bank, 'dist'), 'alert(')).toEqual([]);
  });

  it('refuses every way an SVG can run or load something, and accepts plain drawings', () => {
    const svg = (inner: string, attributes = '') =>
      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attributes}>${inner}</svg>`;
    const refused: [string, string][] = [
      [svg('<script>alert(1)</script>'), 'element <script>'],
      [
        svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
        'element <foreignObject>',
      ],
      [svg('<rect onclick="alert(1)"/>'), 'attribute onclick on <rect>'],
      [svg('<a href="javascript:alert(1)"><text>x</text></a>'), 'element <a>'],
      [
        svg('<use href="javascript:alert(1)"/>'),
        'a reference href="javascript:alert(1)" to something outside the file',
      ],
      [svg('<use xlink:href="other.svg#x"/>'), 'a reference xlink:href="other.svg#x" to something outside the file'],
      [svg('<image href="data:image/png;base64,AAAA"/>'), 'element <image>'],
      [svg('<rect fill="url(https://evil.example/x)"/>'), 'attribute fill="url(https://evil.example/x)"'],
      [
        svg('<rect style="fill: url(\'https://evil.example/x\')"/>'),
        'attribute style="fill: url(\'https://evil.example/x\')"',
      ],
      [svg('<style>@import url(https://evil.example/x.css);</style>'), 'a <style> that loads or runs something'],
      [svg('<style>rect { fill: u\\72l(https://evil.example/x) }</style>'), 'a <style> that loads or runs something'],
      [svg('<rect fill="&#x75;rl(https://evil.example/x)"/>'), 'attribute fill="&#x75;rl(https://evil.example/x)"'],
      [
        svg('<use href="&#x6A;avascript:alert(1)"/>'),
        'a reference href="&#x6A;avascript:alert(1)" to something outside the file',
      ],
      [svg('<set attributeName="href" to="javascript:alert(1)"/>'), 'element <set>'],
      [svg('<animate attributeName="href" values="javascript:alert(1)"/>'), 'element <animate>'],
      [
        `<!DOCTYPE svg [<!ENTITY x "${'a'.repeat(10)}">]>${svg('<text>&x;</text>')}`,
        'a <!DOCTYPE> or <!ENTITY> declaration',
      ],
      [`<?xml-stylesheet href="https://evil.example/x.css"?>${svg('')}`, 'an <?xml-stylesheet?> reference'],
      [svg('', ' xmlns:ev="http://www.w3.org/2001/xml-events"'), 'attribute xmlns:ev on <svg>'],
      ['<html><script>alert(1)</script></html>', 'a root element other than one <svg>'],
      ['<svg><rect></svg>', 'XML that does not parse'],
    ];
    for (const [text, reason] of refused) expect(unsafeSvgReason(text), text).toBe(reason);
    const plain = svg(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient><marker id="m"><path d="M0 0L5 5"/></marker></defs>' +
        '<title>A loop</title><rect width="10" height="10" fill="url(#g)" style="stroke: #000"/><path d="M0 0" marker-end="url(#m)"/>' +
        '<use href="#m"/><text x="1" y="2" font-size="12" aria-hidden="true">FEV<tspan dy="2">1</tspan></text>',
      ' viewBox="0 0 10 10" role="img"',
    );
    expect(unsafeSvgReason(plain)).toBeUndefined();
    const sample = readFileSync(path.join(repoRoot, 'content/images/spirometry-flow-volume.svg'), 'utf8');
    expect(unsafeSvgReason(sample)).toBeUndefined();
  });

  it('refuses images that are not image types, and images over the size limit', async () => {
    const bank = copyBank();
    writeFileSync(path.join(bank, 'content/images/page.html'), '<script>alert(1)</script>');
    // PNG bytes followed by a script: a page under .html, an image under a name that does not run.
    const png = readFileSync(path.join(repoRoot, 'tests/fixtures/banks/small/content/images/ecg.png'));
    writeFileSync(
      path.join(bank, 'content/images/polyglot.html'),
      Buffer.concat([png, Buffer.from('<script>x</script>')]),
    );
    writeFileSync(path.join(bank, 'content/images/ecg.scan'), png);
    writeFileSync(path.join(bank, 'content/images/huge.png'), '');
    truncateSync(path.join(bank, 'content/images/huge.png'), 64 * 1024 * 1024);
    const question = aQuestion(bank);
    append(
      bank,
      question,
      '![A page](../../images/page.html)\n\n![A huge image](../../images/huge.png)\n\n' +
        '![A polyglot](../../images/polyglot.html)\n\n![An ECG](../../images/ecg.scan)\n',
    );
    const result = await qbank(['validate', '--format', 'json', question], bank);
    expect(result.code).toBe(1);
    expect(withRule(result, 'asset/unsupported-type').map((d) => d.message)).toEqual([
      'Unexpected image type `.html`, expected one of .png, .jpg, .jpeg, .gif, .webp, .avif, .svg',
      'Unexpected image type `.html`, expected one of .png, .jpg, .jpeg, .gif, .webp, .avif, .svg',
    ]);
    expect(diagnosticsOf(result).filter((d) => d.message.includes('ecg.scan'))).toEqual([]);
    expect(withRule(result, 'asset/too-large').map((d) => d.message)).toEqual([
      'Unexpected image `../../images/huge.png` of 67108864 bytes, expected at most 10485760',
    ]);
  });
});

describe('terminal escapes', () => {
  // An id that sets the window title, clears the screen, and prints a fake summary, and a file name
  // that turns the text around.
  const hostileId = '"\\e]0;pwned\\a\\e[2J\\e[H\\u202e\\u009b31m✔ 0 errors"';
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  async function hostileBank(): Promise<string> {
    const bank = copyBank();
    const question = aQuestion(bank);
    const file = path.join(bank, question);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^id: .*$/m, `id: ${hostileId}`));
    cpSync(file, path.join(bank, 'content/questions/cardiovascular/evil\u001b[2J\u202ename.md'));
    return bank;
  }

  it('escapes control characters in the pretty and github reports', async () => {
    const bank = await hostileBank();
    for (const format of ['pretty', 'github']) {
      const result = await qbank(['validate', '--format', format], bank);
      expect(result.code).toBe(1);
      expect(result.stdout).not.toMatch(raw);
      expect(result.stdout).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x1b[H\\u202e\\x9b31m✔ 0 errors');
      expect(result.stdout).toContain('evil\\x1b[2J\\u202ename.md');
    }
  });

  it('writes JSON and SARIF with every control character escaped, and the same values', async () => {
    const bank = await hostileBank();
    for (const format of ['json', 'sarif']) {
      const result = await qbank(['validate', '--format', format], bank);
      expect(result.stdout).not.toMatch(raw);
      expect(result.stdout).toContain('\\u001b]0;pwned\\u0007');
      expect(result.stdout).toContain('\\u202e\\u009b31m');
      const values: string[] = [];
      JSON.parse(result.stdout, (_key, value: unknown) => {
        if (typeof value === 'string') values.push(value);
        return value;
      });
      expect(values.some((v) => v.includes('\u001b]0;pwned\u0007\u001b[2J\u001b[H\u202e\u009b31m✔ 0 errors'))).toBe(
        true,
      );
    }
  });
});

describe('git conflict markers', () => {
  it('are an error wherever they are, frontmatter included, and nothing is built', async () => {
    const bank = copyBank();
    const note = 'content/notes/cardiovascular/aortic-stenosis.mdx';
    const line = append(
      bank,
      note,
      '<<<<<<< HEAD\nSurgical replacement is the treatment.\n=======\nTranscatheter replacement is the treatment.\n>>>>>>> feature\n',
    );
    const question = aQuestion(bank);
    const file = path.join(bank, question);
    const text = readFileSync(file, 'utf8').replace(
      /^(status: .*)$/m,
      '<<<<<<< HEAD\n$1\n||||||| base\nstatus: draft\n=======\nstatus: review\n>>>>>>> other',
    );
    writeFileSync(file, text);
    const result = await qbank(['build', '--format', 'json'], bank);
    expect(result.code).toBe(1);
    expect(withRule(result, 'markdown/conflict-marker').map((d) => [d.file, d.line, d.column, d.message])).toEqual([
      [note, line, 1, 'Unexpected git conflict marker `<<<<<<<`, expected the merge to be finished'],
      [note, line + 2, 1, 'Unexpected git conflict marker `=======`, expected the merge to be finished'],
      [note, line + 4, 1, 'Unexpected git conflict marker `>>>>>>>`, expected the merge to be finished'],
      [question, 3, 1, 'Unexpected git conflict marker `<<<<<<<`, expected the merge to be finished'],
      [question, 5, 1, 'Unexpected git conflict marker `|||||||`, expected the merge to be finished'],
      [question, 7, 1, 'Unexpected git conflict marker `=======`, expected the merge to be finished'],
      [question, 9, 1, 'Unexpected git conflict marker `>>>>>>>`, expected the merge to be finished'],
    ]);
    expect(existsSync(path.join(bank, 'dist/bundle/manifest.json'))).toBe(false);
  });

  it('leaves a heading underline of `=======` alone', () => {
    expect(conflictMarkers('Title\n=======\n\ntext >>>>>>> not at the start\n')).toEqual([]);
    expect(conflictMarkers('<<<<<<<\nx\n=======\ny\n>>>>>>>')).toHaveLength(3);
    expect(conflictMarkers('a\n>>>>>>> stray end\n').map((m) => m.line)).toEqual([2]);
  });
});

describe('bounded work', () => {
  let bin: string;
  beforeAll(async () => {
    // The CLI from the sources, bundled into a file of its own: run as a child process that can be
    // killed when it takes too long, whatever state the packages' dist folders are in.
    const out = makeTempDir('faults-bin');
    made.push(out);
    await build({
      entryPoints: [path.join(repoRoot, 'packages/cli/src/bin.ts')],
      outdir: out,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'error',
      conditions: ['qbank-source'],
      external: ['node-sqlite3-wasm'],
      banner: {
        js: "import { createRequire as __qbankRequire } from 'node:module'; const require = __qbankRequire(import.meta.url);",
      },
    });
    bin = otherBin ?? path.join(out, 'bin.mjs');
  }, 120_000);

  /**
   * Run the CLI in a child process, killed after `seconds` (a minute: the pathological inputs took
   * from 20 s to over 5 min before).
   */
  function runLimited(args: string[], cwd: string, seconds = 60): CliResult {
    const result = spawnSync(process.execPath, [bin, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: seconds * 1000,
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.signal)
      throw new Error(`qbank ${args.join(' ')} was killed (${result.signal}): it did not finish in time`);
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  }

  it('refuses lines of deeply nested list and quote markers before the parser sees them', () => {
    const bank = copyBank();
    const folder = 'content/questions/cardiovascular';
    const cases: [string, string][] = [
      ['dashes-8000.md', '- '.repeat(8_000) + 'x'],
      ['dashes-32000.md', '- '.repeat(32_000) + 'x'],
      ['quotes-128k.md', '> '.repeat(65_536)],
      ['ordered.md', '1. '.repeat(5_000) + 'x'],
      ['mixed.md', '> - 1) * '.repeat(3_000) + 'x'],
      // Dashes alone are a thematic break, parsed at once: not refused.
      ['rule.md', '- '.repeat(32_000)],
    ];
    const question = readFileSync(path.join(bank, aQuestion(bank)), 'utf8');
    for (const [name, line] of cases) {
      const id = `cv-pathological-${name.replace('.md', '')}`;
      writeFileSync(path.join(bank, folder, name), question.replace(/^id: .*$/m, `id: ${id}`) + `\n${line}\n`);
    }
    const lines = question.split('\n').length + 1;
    const result = runLimited(['validate', '--format', 'json', folder], bank);
    const deep = withRule(result, 'markdown/too-deep').map((d) => [path.basename(d.file), d.line, d.column]);
    expect(deep).toEqual([
      ['dashes-32000.md', lines, 201],
      ['dashes-8000.md', lines, 201],
      ['mixed.md', lines, 226],
      ['ordered.md', lines, 301],
      ['quotes-128k.md', lines, 201],
    ]);
  });

  it('finds nesting in one pass (unit)', () => {
    expect(nestingOverflow('- '.repeat(100), 100)).toBeUndefined();
    expect(nestingOverflow(`x\n${'- '.repeat(101)}x`, 100)).toEqual({ line: 2, column: 201 });
    expect(nestingOverflow(`${'>'.repeat(101)}`, 100)).toEqual({ line: 1, column: 101 });
    expect(nestingOverflow('- - - text\n* * *\n1. 2. 3.', 100)).toBeUndefined();
    expect(nestingOverflow(`${'- '.repeat(200)}\n${' * '.repeat(200)}`, 100)).toBeUndefined();
    expect(nestingOverflow(`${'- '.repeat(200)}x`, 100)).toEqual({ line: 1, column: 201 });
    expect(nestingOverflow(`${'1234567890. '.repeat(200)}`, 100)).toBeUndefined();
  });

  it('reports near-duplicate families once per question, not once per pair', () => {
    const bank = copyBank();
    const folder = path.join(bank, 'content/questions');
    const originals = listFiles(folder).filter((f) => f.endsWith('.md'));
    const copies = 600;
    for (let i = 0; i < copies; i++) {
      const original = originals[i % originals.length]!;
      const text = readFileSync(path.join(folder, original), 'utf8');
      writeFileSync(
        path.join(folder, `${original.replace(/\.md$/, '')}-copy-${i}.md`),
        text.replace(/^id: (.*)$/m, `id: $1-copy-${i}`),
      );
    }
    const result = runLimited(['validate', '--format', 'json'], bank, 150);
    const families = withRule(result, 'bank/near-duplicate-questions');
    const files = new Set(families.map((d) => d.file));
    // One report per question in a family (before: one per pair and side, 8,000 and more).
    expect(families.length).toBe(files.size);
    expect(families.length).toBeGreaterThanOrEqual(copies);
    expect(families.length).toBeLessThanOrEqual(originals.length + copies);
    expect(families.some((d) => /^Unexpected near-duplicate of \d+ other questions, closest: /.test(d.message))).toBe(
      true,
    );
  });

  it('refuses registries over the size limit without reading them', () => {
    const bank = copyBank();
    const registry = path.join(bank, 'content/videos.yaml');
    truncateSync(registry, 400 * 1024 * 1024);
    expect(statSync(registry).size).toBe(400 * 1024 * 1024);
    const result = runLimited(['validate', '--format', 'json'], bank);
    expect(result.code).toBe(1);
    expect(withRule(result, 'videos/invalid-file').map((d) => d.message)).toEqual([
      'Unexpected file of 419430400 bytes, expected at most 8388608',
    ]);
  });
});

describe('a bundle of the sample bank', () => {
  it('has footnotes that link to their notes (one user-content- prefix on both ends), and the sample SVG', async () => {
    const bank = copyBank();
    const note = 'content/notes/cardiovascular/aortic-stenosis.mdx';
    append(bank, note, 'Calcific disease dominates after 70.[^age]\n\n[^age]: Population studies of valve disease.\n');
    const result = await qbank(['build'], bank);
    expect(result.stderr).not.toContain('✖');
    expect(result.code).toBe(0);
    const bundle = path.join(bank, 'dist/bundle');
    const html = listFiles(bundle)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(path.join(bundle, f), 'utf8'))
      .find((text) => text.includes('Population studies of valve disease'));
    expect(html).toBeDefined();
    expect(html).not.toContain('user-content-user-content');
    const ids = [...html!.matchAll(/id=\\"(user-content-fn[^\\"]*)\\"/g)].map((m) => m[1]);
    const hrefs = [...html!.matchAll(/href=\\"#(user-content-fn[^\\"]*)\\"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(ids).toContain(href);
    expect(listFiles(bundle).filter((f) => /^assets\/.*\.svg$/.test(f))).toHaveLength(1);
  });
});

describe('plain-text bundle fields', () => {
  it('are never written into a document by the runtime, and the bundle format says which they are', () => {
    const root = path.join(repoRoot, 'packages/runtime/src');
    for (const file of listFiles(root).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(path.join(root, file), 'utf8');
      expect(text, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser/);
    }
    const format = readFileSync(path.join(repoRoot, 'docs/bundle-format.md'), 'utf8');
    expect(format).toContain('## Text fields: insert as text, never as HTML');
    for (const field of ['`title`', '`text`', '`front`', '`back`']) expect(format).toContain(field);
  });
});
