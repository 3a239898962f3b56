// Benchmark: generates a bank of N questions (default 10,000, about 2.5 KB each with a lab table,
// five choices with rationales and an explanation), then times the real CLI on it and reports peak
// memory, as a Markdown table. Usage: node scripts/bench.mjs [--count N] [--keep]
// Needs a build first (`pnpm build`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, keep: { type: 'boolean' } } });
const count = Number(values.count);

const systems = [
  'cardiovascular',
  'respiratory',
  'renal-urinary',
  'gastrointestinal',
  'endocrine',
  'musculoskeletal',
  'nervous-system-special-senses',
  'blood-lymphoreticular',
  'immune-system',
  'behavioral-health',
];
const disciplines = ['pathology', 'physiology', 'pharmacology', 'microbiology', 'biochemistry', 'genetics'];
const words = (
  'patient history examination shows increased decreased serum concentration pain fever weeks days ' +
  'medication treatment laboratory studies normal abnormal left right chest abdomen tenderness murmur edema ' +
  'cells tissue biopsy infection inflammation receptor enzyme deficiency mutation pressure flow'
).split(' ');

// A small deterministic PRNG, so every run benchmarks the same bank.
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (list) => list[Math.floor(random() * list.length)];
const sentence = (n) => {
  const text = Array.from({ length: n }, () => pick(words)).join(' ');
  return text[0].toUpperCase() + text.slice(1) + '.';
};

function question(i) {
  const system = systems[i % systems.length];
  const answer = i % 5;
  const choices = Array.from(
    { length: 5 },
    (_, c) => `- [${c === answer ? 'x' : ' '}] Option ${c + 1} ${pick(words)} ${pick(words)}\n  ${sentence(14)}`,
  ).join('\n');
  return `---
id: bench-${i}
status: published
discipline: [${pick(disciplines)}]
system: ${system}
competency: medical-knowledge
difficulty: ${1 + (i % 5)}
tags: [bench]
---

A ${20 + (i % 60)}-year-old woman comes to the physician because of ${sentence(6)} ${sentence(25)} ${sentence(25)}
${sentence(20)} ${sentence(20)}

| Laboratory study | Result |
|---|---|
| Hemoglobin | ${(10 + random() * 5).toFixed(1)} g/dL |
| Leukocyte count | ${Math.round(4000 + random() * 8000)}/mm3 |
| Sodium | ${Math.round(130 + random() * 15)} mEq/L |
| Creatinine | ${(0.6 + random()).toFixed(1)} mg/dL |

Which of the following is the most likely diagnosis?

${choices}

## Explanation

${sentence(30)} ${sentence(30)} ${sentence(30)}

## Educational objective

${sentence(20)}
`;
}

/** Run the CLI in a child process and return wall time and the child's peak RSS. */
function timeCli(args, cwd) {
  const script = `import { runCli } from ${JSON.stringify(path.join(root, 'packages/cli/dist/index.js'))};
const code = await runCli(${JSON.stringify(args)}, { cwd: process.cwd(), env: { NO_COLOR: '1' }, isTTY: false, stdout() {}, stderr() {} });
process.stderr.write(JSON.stringify({ code, maxRss: process.resourceUsage().maxRSS }));`;
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const { code, maxRss } = JSON.parse(result.stderr.trim().split('\n').at(-1));
  if (code !== 0) throw new Error(`qbank ${args.join(' ')} exited ${code}`);
  return { ms, rssMb: maxRss / 1024 };
}

/** The floor for any unified-based tool: remark-parse + remark-gfm over every file, in one process. */
function bareParse(dir) {
  const script = `import { readdirSync, readFileSync } from 'node:fs';
import { unified } from 'unified'; import remarkParse from 'remark-parse'; import remarkGfm from 'remark-gfm';
const p = unified().use(remarkParse).use(remarkGfm).freeze();
const dir = ${JSON.stringify(dir)};
for (const f of readdirSync(dir, { recursive: true })) if (String(f).endsWith('.md')) p.parse(readFileSync(dir + '/' + f, 'utf8'));`;
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: path.join(root, 'packages/parser'),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const work = mkdtempSync(path.join(os.tmpdir(), 'qbank-bench-'));
try {
  const content = path.join(work, 'content');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const dir = path.join(content, 'questions', systems[i % systems.length]);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `bench-${i}.md`), question(i));
  }
  const generateMs = Number(process.hrtime.bigint() - t0) / 1e6;
  writeFileSync(path.join(work, 'qbank.config.json'), JSON.stringify({ name: 'bench', version: '1.0.0' }));
  const bytes = readFileSync(path.join(content, 'questions', systems[0], 'bench-0.md')).length;

  const rows = [];
  const bare = bareParse(content);
  rows.push(['bare remark-parse + remark-gfm over all files (one process)', bare, null]);
  const validate = timeCli(['validate'], work);
  rows.push(['`qbank validate` (cold, whole bank)', validate.ms, validate.rssMb]);
  const build = timeCli(['build'], work);
  rows.push(['`qbank build` (cold)', build.ms, build.rssMb]);
  const again = timeCli(['build'], work);
  rows.push(['`qbank build` again (no change; no cache yet)', again.ms, again.rssMb]);
  const five = Array.from({ length: 5 }, (_, k) => path.join('content/questions', systems[k], `bench-${k}.md`));
  const changed = timeCli(['validate', ...five], work);
  rows.push(['`qbank validate` of 5 named files (bank context)', changed.ms, changed.rssMb]);

  const lines = [
    `Bank: ${count} questions, about ${(bytes / 1024).toFixed(1)} KB each (generated in ${(generateMs / 1000).toFixed(1)} s).`,
    `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    '',
    '| step | wall time | peak RSS |',
    '|---|---:|---:|',
    ...rows.map(
      ([name, ms, rss]) => `| ${name} | ${(ms / 1000).toFixed(2)} s | ${rss === null ? '-' : `${rss.toFixed(0)} MB`} |`,
    ),
    '',
    `Ratio of cold build to the bare parse: ${(build.ms / bare).toFixed(2)}x.`,
  ];
  console.log(lines.join('\n'));
} finally {
  if (!values.keep) rmSync(work, { recursive: true, force: true });
  else console.log(`\nBank kept at ${work}`);
}
