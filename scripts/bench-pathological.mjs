// Pathological nesting, before and after the pre-scan (issue 20, case 12).
//
//   node scripts/bench-pathological.mjs [--limit 120]   (needs `pnpm build` for the "after" column)
//
// Before: the time micromark (remark-parse + GFM, as @qbank/parser configures it) takes to parse the
// text, which is what the old code did before its nesting check on the tree could fire. Each parse
// runs in a child process killed after --limit seconds ("> N s" then).
// After: `qbank validate` (packages/cli/dist/bin.js) on a one-question bank holding the same line,
// and the diagnostic it gives.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const limitIndex = process.argv.indexOf('--limit');
const limit = limitIndex > 0 ? Number(process.argv[limitIndex + 1]) : 120;

const cases = [
  // A list item holds text: a line of dashes alone is a thematic break, parsed at once.
  ['`- ` x 8,000 then `x` (16 KB)', '- '.repeat(8_000) + 'x'],
  ['`- ` x 32,000 then `x` (64 KB)', '- '.repeat(32_000) + 'x'],
  ['`> ` x 65,536 (128 KB)', '> '.repeat(65_536)],
  ['`1. ` x 8,000 then `x` (24 KB)', '1. '.repeat(8_000) + 'x'],
];

// The parser's own dependencies, resolved from its package.
const fromParser = createRequire(path.join(root, 'packages/parser/package.json'));
const fromRoot = createRequire(path.join(root, 'package.json'));
const modules = {
  unified: pathToFileURL(fromParser.resolve('unified')).href,
  remarkParse: pathToFileURL(fromParser.resolve('remark-parse')).href,
  remarkGfm: pathToFileURL(fromRoot.resolve('remark-gfm')).href,
};

function before(text) {
  const dir = mkdtempSync(path.join(tmpdir(), 'qbank-bench-'));
  try {
    writeFileSync(path.join(dir, 'input.md'), text);
    const script = `
      import { readFileSync } from 'node:fs';
      const { unified } = await import(${JSON.stringify(modules.unified)});
      const { default: remarkParse } = await import(${JSON.stringify(modules.remarkParse)});
      const { default: remarkGfm } = await import(${JSON.stringify(modules.remarkGfm)});
      const text = readFileSync(${JSON.stringify(path.join(dir, 'input.md'))}, 'utf8');
      const started = performance.now();
      try { unified().use(remarkParse).use(remarkGfm).parse(text); } catch (error) { console.log('threw', error.name); }
      console.log(((performance.now() - started) / 1000).toFixed(2));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: limit * 1000,
    });
    if (result.signal) return `> ${limit} s (killed)`;
    const lines = result.stdout.trim().split('\n');
    return `${lines.at(-1)} s${lines.length > 1 ? ` (${lines[0]})` : ''}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function after(text) {
  const bank = mkdtempSync(path.join(tmpdir(), 'qbank-bench-'));
  try {
    mkdirSync(path.join(bank, 'content/questions'), { recursive: true });
    writeFileSync(
      path.join(bank, 'qbank.config.json'),
      JSON.stringify({ name: 'bench', version: '0.1.0', content: 'content' }),
    );
    writeFileSync(
      path.join(bank, 'content/questions/q.md'),
      `---\nid: bench-q\nstatus: draft\ndiscipline: [pathology]\nsystem: cardiovascular\ncompetency: medical-knowledge\n---\n\n${text}\n`,
    );
    const started = performance.now();
    const result = spawnSync(
      process.execPath,
      [path.join(root, 'packages/cli/dist/bin.js'), 'validate', '--format', 'json', '--no-cache'],
      { cwd: bank, encoding: 'utf8', timeout: limit * 1000, env: { ...process.env, NO_COLOR: '1' } },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (result.signal) return `> ${limit} s (killed)`;
    let rules = '';
    try {
      rules = [...new Set(JSON.parse(result.stdout).map((d) => d.ruleId))].join(', ');
    } catch {
      rules = result.stderr.trim().split('\n')[0] ?? '';
    }
    return `${seconds} s (exit ${result.status}: ${rules})`;
  } finally {
    rmSync(bank, { recursive: true, force: true });
  }
}

console.log(`| input | before: micromark parse | after: qbank validate (whole process) |`);
console.log(`|---|---|---|`);
for (const [name, text] of cases) console.log(`| ${name} | ${before(text)} | ${after(text)} |`);
