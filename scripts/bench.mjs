// Benchmark: generates a bank of N questions (default 10,000, about 2.5 KB each with a lab table,
// five choices with rationales and an explanation), then, on that one bank, times the bare
// remark parse, a Velite build and the real CLI (cold, incremental, validate, watch), and reports
// wall time and peak memory as a Markdown table followed by the targets.
// Usage: node scripts/bench.mjs [--count N] [--keep] [--skip-velite]
// Needs a build first (`pnpm build`).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    keep: { type: 'boolean' },
    'skip-velite': { type: 'boolean' },
  },
});
const count = Number(values.count);
const cores = os.availableParallelism();
const WAIT_MS = 120_000;

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
// (mulberry32: 32-bit integer arithmetic; a float LCG loses precision and falls into a short cycle,
// which made thousands of questions near-copies of each other.)
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
// Real vignettes share common words but not whole passages: a third of the words come from the
// short list above, the rest from 4,000 made-up terms, so near-duplicate questions are as rare as
// in a real bank (with the short list alone every question is a near-duplicate of hundreds).
const syllables = 'ka lo mi ne ru ta se vo pi da ge hu zo be ci fa ly mo no qu ri sa te xi'.split(' ');
const terms = Array.from({ length: 4000 }, (_, i) => {
  let term = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / syllables.length)) term += syllables[n % syllables.length];
  return `${term}al`;
});
const word = () => (random() < 1 / 3 ? pick(words) : pick(terms));
const sentence = (n) => {
  const text = Array.from({ length: n }, word).join(' ');
  return text[0].toUpperCase() + text.slice(1) + '.';
};

// One study note per 100 questions, linked from each of them, as in a real bank.
const questionsPerNote = 100;
const noteId = (i) => `bench-note-${Math.floor(i / questionsPerNote)}`;

function note(n) {
  const system = systems[(n * questionsPerNote) % systems.length];
  return `---
id: bench-note-${n}
title: Bench note ${n}
status: published
discipline: [${pick(disciplines)}]
system: ${system}
tags: [bench]
---

${sentence(30)} ${sentence(30)}

## Key points

- ${sentence(15)}
- ${sentence(15)}
- ${sentence(15)}

${sentence(30)} ${sentence(25)}
`;
}

function question(i) {
  const system = systems[i % systems.length];
  const answer = i % 5;
  const choices = Array.from(
    { length: 5 },
    (_, c) => `- [${c === answer ? 'x' : ' '}] Option ${c + 1} ${word()} ${word()}\n  ${sentence(14)}`,
  ).join('\n');
  return `---
id: bench-${i}
status: published
discipline: [${pick(disciplines)}]
system: ${system}
competency: medical-knowledge
difficulty: ${1 + (i % 5)}
tags: [bench]
notes: [${noteId(i)}]
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

const questionPath = (work, i) => path.join(work, 'content/questions', systems[i % systems.length], `bench-${i}.md`);

/** Append a sentence to a question's explanation: a real content edit, not just a touched mtime. */
let edits = 0;
function editExplanation(file) {
  const text = readFileSync(file, 'utf8');
  const edited = text.replace('\n\n## Educational objective', ` Edit number ${++edits} adds a sentence.$&`);
  if (edited === text) throw new Error(`no explanation section in ${file}`);
  writeFileSync(file, edited);
}

/**
 * Run an ES module snippet in a fresh Node process, which must print `{ code, maxRss, ... }` as the
 * last stderr line. Returns wall time, the child's peak RSS (MB) and the rest of that report.
 * The snippet runs from a file, not `-e`: worker threads inherit the parent's execArgv, and
 * `--input-type` makes them fail to start.
 */
let harnesses = 0;
function timeChild(label, script, cwd, env = {}) {
  const file = path.join(base, `harness-${++harnesses}.mjs`);
  writeFileSync(file, script);
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [file], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 256 * 2 ** 20,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let report;
  try {
    report = JSON.parse(result.stderr.trim().split('\n').at(-1));
  } catch {
    throw new Error(`${label} crashed (exit ${result.status}):\n${result.stderr.slice(-4000)}`);
  }
  if (report.code !== 0) throw new Error(`${label} exited ${report.code}`);
  return { ...report, ms, rssMb: report.maxRss / 1024 };
}

/**
 * Run the real `qbank` binary (the bundled bin.js, as users start it) in a child process and
 * return wall time and the child's peak RSS, which the harness reports as the process exits.
 */
function timeCli(args, cwd) {
  const bin = path.join(root, 'packages/cli/dist/bin.js');
  const script = `process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...${JSON.stringify(args)}];
process.on('exit', (code) => process.stderr.write('\\n' + JSON.stringify({ code: process.exitCode ?? code, maxRss: process.resourceUsage().maxRSS })));
await import(${JSON.stringify(bin)});`;
  return timeChild(`qbank ${args.join(' ')}`, script, cwd, { NO_COLOR: '1' });
}

/**
 * The floor for any unified-based tool: remark-parse + remark-gfm over every file. With `parts`
 * above 1, that many processes at once, each parsing every `parts`-th file: the floor across
 * cores as this machine delivers it (two busy cores of a VM rarely give twice the work of one).
 */
async function bareParse(dir, parts = 1) {
  const script = `import { readdirSync, readFileSync } from 'node:fs';
import { unified } from 'unified'; import remarkParse from 'remark-parse'; import remarkGfm from 'remark-gfm';
const p = unified().use(remarkParse).use(remarkGfm).freeze();
const [dir, part, parts] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.md')).forEach((f, i) => {
  if (i % parts === part) p.parse(readFileSync(dir + '/' + f, 'utf8'));
});`;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: parts }, (_, part) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, dir, String(part), String(parts)], {
        cwd: root,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      return new Promise((resolve, reject) =>
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`bare parse failed: ${stderr}`)))),
      );
    }),
  );
  return Number(process.hrtime.bigint() - start) / 1e6;
}

// The closest Velite equivalent of `qbank build`: frontmatter through a schema, the body to HTML.
// Markdown options are set so Velite does no work we don't ask of it (no linked-file copying, no
// comment stripping); all output stays in the work dir under .velite/.
const veliteConfig = `import { defineCollection, defineConfig, s } from 'velite';

const questions = defineCollection({
  name: 'Question',
  pattern: 'questions/**/*.md',
  schema: s.object({
    id: s.string(),
    status: s.string(),
    discipline: s.array(s.string()),
    system: s.string(),
    competency: s.string(),
    difficulty: s.number().int().min(1).max(5),
    tags: s.array(s.string()),
    body: s.markdown(),
  }),
});

export default defineConfig({
  root: 'content',
  output: { data: '.velite', assets: '.velite/static', clean: true },
  markdown: { gfm: true, removeComments: false, copyLinkedFiles: false },
  collections: { questions },
});
`;

/** A cold Velite build (JS API) in a child process; checks every question came out as HTML. */
function timeVelite(work) {
  const script = `import { build } from ${JSON.stringify(import.meta.resolve('velite'))};
const result = await build({ config: 'velite.config.js', clean: true, strict: true, logLevel: 'silent' });
const html = result.questions.filter((q) => q.body.includes('<table>')).length;
process.stderr.write('\\n' + JSON.stringify({ code: 0, records: result.questions.length, html, maxRss: process.resourceUsage().maxRSS }));`;
  // NODE_ENV=production: Velite then writes compact JSON, as a production build would.
  const run = timeChild('velite build', script, work, { NODE_ENV: 'production' });
  if (run.records !== count || run.html !== count) {
    throw new Error(`velite built ${run.records} records (${run.html} with HTML tables), expected ${count}`);
  }
  return run;
}

/** Peak RSS of a running process in MB, from Linux's VmHWM; null where /proc is missing. */
function peakRssOf(pid) {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : null;
  } catch {
    return null;
  }
}

/** `qbank build --watch`: edit one question three times, timing each write until "built in N ms". */
async function watchLatency(work, files) {
  const child = spawn(process.execPath, [path.join(root, 'packages/cli/dist/bin.js'), 'build', '--watch'], {
    cwd: work,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Each "built in" line is queued with its arrival time; a waiter takes the next one.
  const built = [];
  let waiter;
  let tail = '';
  let exited = null;
  createInterface({ input: child.stderr }).on('line', (line) => {
    tail = (tail + line + '\n').slice(-2000);
    const match = /built in (\d+) ms/.exec(line);
    if (!match) return;
    built.push({ at: performance.now(), selfMs: Number(match[1]) });
    waiter?.();
  });
  child.on('exit', (code, signal) => {
    exited = `exited (${signal ?? code})`;
    waiter?.();
  });
  const nextBuilt = async (what) => {
    const deadline = performance.now() + WAIT_MS;
    while (built.length === 0) {
      if (exited) throw new Error(`watch: child ${exited} while waiting for ${what}; stderr tail:\n${tail}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`watch: no "built in N ms" line ${WAIT_MS / 1000} s after ${what}:\n${tail}`);
      let timer;
      await new Promise((resolve) => {
        waiter = resolve;
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
      waiter = undefined;
    }
    return built.shift();
  };
  try {
    await nextBuilt('start');
    const runs = [];
    for (const file of files) {
      // Let the watcher settle and drop any extra rebuild (an fs event seen twice), so the next
      // "built in" line belongs to this edit.
      await sleep(500);
      built.length = 0;
      const start = performance.now();
      editExplanation(file);
      const { at, selfMs } = await nextBuilt(`editing ${path.basename(file)}`);
      runs.push({ wallMs: at - start, selfMs });
    }
    const median = (list) => list.toSorted((a, b) => a - b)[Math.floor(list.length / 2)];
    return {
      wallMs: median(runs.map((r) => r.wallMs)),
      selfMs: median(runs.map((r) => r.selfMs)),
      rssMb: peakRssOf(child.pid),
    };
  } finally {
    if (!exited) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
  }
}

const git = (args, cwd) =>
  execFileSync('git', ['-c', 'user.email=b@b', '-c', 'user.name=b', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    stdio: 'ignore',
  });

// The bank lives in base/bank; the child-process harness scripts sit beside it, outside the bank.
const base = mkdtempSync(path.join(os.tmpdir(), 'qbank-bench-'));
const work = path.join(base, 'bank');
try {
  const content = path.join(work, 'content');
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    mkdirSync(path.dirname(questionPath(work, i)), { recursive: true });
    writeFileSync(questionPath(work, i), question(i));
  }
  mkdirSync(path.join(content, 'notes'), { recursive: true });
  for (let n = 0; n * questionsPerNote < count; n++) {
    writeFileSync(path.join(content, 'notes', `bench-note-${n}.md`), note(n));
  }
  const generateMs = Number(process.hrtime.bigint() - t0) / 1e6;
  writeFileSync(path.join(work, 'qbank.config.json'), JSON.stringify({ name: 'bench', version: '1.0.0' }));
  writeFileSync(path.join(work, 'velite.config.js'), veliteConfig);
  // Velite bundles its config into ./node_modules and imports 'velite' from there: link ours.
  mkdirSync(path.join(work, 'node_modules'));
  symlinkSync(path.join(root, 'node_modules/velite'), path.join(work, 'node_modules/velite'), 'dir');
  writeFileSync(path.join(work, '.gitignore'), '.qbank-cache/\ndist/\n.velite/\nnode_modules/\n');
  // A commit of the untouched bank, so `--changed-since HEAD` sees exactly the edits made below.
  git(['init', '-q'], work);
  git(['add', '-A'], work);
  git(['commit', '-qm', 'base'], work);
  const bytes = readFileSync(questionPath(work, 0)).length;
  const cold = () => {
    rmSync(path.join(work, '.qbank-cache'), { recursive: true, force: true });
    rmSync(path.join(work, 'dist'), { recursive: true, force: true });
  };

  const rows = [];
  const bare = await bareParse(content);
  rows.push(['bare remark-parse + remark-gfm over all files (one process)', bare, null]);
  rows.push([`bare parse / ${cores} (the floor if ${cores} cores gave ${cores} x the work)`, bare / cores, null]);
  const split = await bareParse(content, cores);
  rows.push([`bare parse split over ${cores} processes at once (the floor across cores, measured)`, split, null]);
  const velite = values['skip-velite'] ? null : timeVelite(work);
  if (velite) rows.push(['Velite build (cold; frontmatter schema + `s.markdown()` to HTML)', velite.ms, velite.rssMb]);

  cold();
  const build = timeCli(['build'], work);
  rows.push(['`qbank build` (cold: no cache, no dist)', build.ms, build.rssMb]);
  const again = timeCli(['build'], work);
  rows.push(['`qbank build` again (no change)', again.ms, again.rssMb]);
  editExplanation(questionPath(work, 0));
  const one = timeCli(['build'], work);
  rows.push(['`qbank build` after editing 1 file', one.ms, one.rssMb]);
  // bench-0 is edited again, so exactly five files differ from HEAD.
  for (let i = 0; i < 5; i++) editExplanation(questionPath(work, i));
  const changed = timeCli(['validate', '--changed-since', 'HEAD'], work);
  rows.push(['`qbank validate --changed-since HEAD` (5 edited files)', changed.ms, changed.rssMb]);
  cold();
  const validate = timeCli(['validate'], work);
  rows.push(['`qbank validate` (cold, whole bank)', validate.ms, validate.rssMb]);
  const watch = await watchLatency(
    work,
    [10, 11, 12].map((i) => questionPath(work, i)),
  );
  rows.push([
    `\`qbank build --watch\`: edit to rebuilt (median of 3; self-reported ${watch.selfMs} ms)`,
    watch.wallMs,
    watch.rssMb,
  ]);

  const time = (ms) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);
  const target = (name, value, ok, goal) => `- ${name}: ${value} (target ${goal}): ${ok ? 'met' : 'not met'}.`;
  const ours = [build, again, one, changed, validate, watch].map((r) => r.rssMb).filter((mb) => mb !== null);
  const peak = Math.max(...ours);
  const ideal = bare / cores;
  const lines = [
    `Bank: ${count} questions, about ${(bytes / 1024).toFixed(1)} KB each, and ${Math.ceil(count / questionsPerNote)} notes they link (generated in ${(generateMs / 1000).toFixed(1)} s).`,
    `Machine: ${cores} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    '',
    '| step | wall time | peak RSS |',
    '|---|---:|---:|',
    ...rows.map(([name, ms, rss]) => `| ${name} | ${time(ms)} | ${rss === null ? '-' : `${rss.toFixed(0)} MB`} |`),
    '',
    velite
      ? target('cold build / Velite', `${(build.ms / velite.ms).toFixed(2)}x`, build.ms / velite.ms <= 0.4, '≤ 0.4')
      : '- cold build / Velite: not measured (--skip-velite).',
    target(
      'cold build / bare parse split over the cores (measured)',
      `${(build.ms / split).toFixed(2)}x`,
      build.ms / split <= 1.5,
      '≤ 1.5',
    ),
    target('cold build / (bare parse / cores)', `${(build.ms / ideal).toFixed(2)}x`, build.ms / ideal <= 1.5, '≤ 1.5'),
    target('no-change rebuild', time(again.ms), again.ms < 500, '< 0.5 s'),
    target('watch edit to rebuilt (median wall)', time(watch.wallMs), watch.wallMs < 150, '< 150 ms'),
    target('peak RSS, max of the qbank rows', `${peak.toFixed(0)} MB`, peak < 300, '< 300 MB'),
  ];
  console.log(lines.join('\n'));
} finally {
  if (!values.keep) rmSync(base, { recursive: true, force: true });
  else console.log(`\nBank kept at ${work}`);
}
