// Benchmark of `qbank import` on the 2,545 MedQA items in ../shared/corpora/medqa-us (test data,
// never shipped): a first import into an empty folder (every item read, written, read back with
// qbank's parser and compared with the source), then a second import of the same files (every
// item found unchanged). Runs the built CLI (`pnpm build` first). Usage:
//   node scripts/bench-import.mjs [runs]
// With --xlsx: reading one generated .xlsx worksheet of [rows] questions (5,000 by default) with the
// built @qbank/import's readXlsx, in a fresh process per run: time and peak memory (RSS).
//   node scripts/bench-import.mjs --xlsx [rows] [runs] [path/to/other/build/index.js]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.argv[2] === '--xlsx') {
  const { benchXlsx } = await import('./lib/bench-xlsx.mjs');
  await benchXlsx(root, Number(process.argv[3] ?? 5000), Number(process.argv[4] ?? 3), process.argv[5]);
  process.exit(0);
}
const corpus = path.resolve(root, '../shared/corpora/medqa-us');
const bin = path.join(root, 'packages/cli/dist/bin.js');
const runs = Number(process.argv[2] ?? 3);
if (!existsSync(corpus)) throw new Error(`no corpus at ${corpus}`);
if (!existsSync(bin)) throw new Error('build first: npx -y pnpm@10 build');
const sources = ['test.jsonl', 'dev.jsonl'].map((name) => path.join(corpus, name));

// Wall time, and the CPU time the child used (user + system, from /proc), which a busy machine
// inflates far less than the wall time.
function run(out) {
  const start = process.hrtime.bigint();
  const result = spawnSync(
    '/bin/sh',
    ['-c', 'node "$@"; cat /proc/$$/stat >&2', 'sh', bin, 'import', ...sources, '--out', out],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const lines = result.stderr.trim().split('\n');
  // Fields 16 and 17 of the shell's stat: CPU of its waited-for children, in clock ticks (100 Hz).
  const stat = lines.pop().split(') ')[1].split(' ');
  const cpu = (Number(stat[13]) + Number(stat[14])) * 10;
  const summary = lines.find((line) => /imported/.test(line)) ?? result.stderr;
  return { ms, cpu, code: result.status, summary };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const first = [];
const second = [];
const firstCpu = [];
const secondCpu = [];
let files = 0;
let summaries = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qbank-bench-import-'));
  const out = path.join(dir, 'questions');
  const a = run(out);
  const b = run(out);
  files = readdirSync(out).filter((name) => name.endsWith('.md')).length;
  first.push(a.ms);
  second.push(b.ms);
  firstCpu.push(a.cpu);
  secondCpu.push(b.cpu);
  summaries = [a.summary, b.summary];
  rmSync(dir, { recursive: true, force: true });
}
console.log(`node ${process.version}, ${os.cpus().length} cores, ${runs} runs`);
console.log(
  `load average at the end: ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
console.log(
  `first import:  median ${median(first).toFixed(0)} ms wall (${first.map((ms) => ms.toFixed(0)).join(', ')}), ${median(firstCpu)} ms CPU, ${files} files written`,
);
console.log(`  ${summaries[0]}`);
console.log(
  `second import: median ${median(second).toFixed(0)} ms wall (${second.map((ms) => ms.toFixed(0)).join(', ')}), ${median(secondCpu)} ms CPU`,
);
console.log(`  ${summaries[1]}`);
