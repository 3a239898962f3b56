// Benchmark: generates a bank of N questions (scripts/lib/bench-bank.mjs; default 10,000 of the
// `standard` kind, about 2.9 KB each with a lab table, five choices with rationales and an
// explanation; `realistic`: about 4 KB of exam-style English with a large vocabulary; `families`:
// families of 30 near-identical variants), then, on that one bank, times the bare remark parse, a
// Velite build and the real CLI (cold, incremental, validate, watch), and reports wall time and
// peak memory (of the whole process tree: worker threads and any child process) as a Markdown
// table followed by the targets.
// Usage: node scripts/bench.mjs [--bank standard|realistic|families] [--count N] [--keep]
//   [--skip-velite] [--builds-only] [--bin path/to/bin.js]
// --builds-only: only the three builds (cold, no change, one edit). --bin: another build of the CLI.
// Needs a build first (`pnpm build`).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bankKinds, commitAll, familySize, writeBank } from './lib/bench-bank.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    bank: { type: 'string', default: 'standard' },
    count: { type: 'string', default: '10000' },
    keep: { type: 'boolean' },
    'skip-velite': { type: 'boolean' },
    'builds-only': { type: 'boolean' },
    bin: { type: 'string' },
  },
});
const count = Number(values.count);
if (!bankKinds.includes(values.bank)) throw new Error(`--bank: expected one of ${bankKinds.join(', ')}`);
const bin = path.resolve(values.bin ?? path.join(root, 'packages/cli/dist/bin.js'));
const cores = os.availableParallelism();
const WAIT_MS = 120_000;

/** Append a sentence to a question's explanation: a real content edit, not just a touched mtime. */
let edits = 0;
function editExplanation(file) {
  const text = readFileSync(file, 'utf8');
  const edited = text.replace('\n\n## Educational objective', ` Edit number ${++edits} adds a sentence.$&`);
  if (edited === text) throw new Error(`no explanation section in ${file}`);
  writeFileSync(file, edited);
}

/** Resident set size (MB) of a process and all its descendants now, from /proc; null where /proc is missing. */
function treeRssMb(pid) {
  try {
    const children = new Map();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      try {
        // Fields after the command's closing parenthesis: state, ppid, ...
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
      } catch {
        // The process ended meanwhile.
      }
    }
    let kb = 0;
    for (const queue = [pid]; queue.length > 0;) {
      const next = queue.pop();
      try {
        kb += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${next}/status`, 'utf8'))?.[1] ?? 0);
      } catch {
        // The process ended meanwhile.
      }
      queue.push(...(children.get(next) ?? []));
    }
    return kb / 1024;
  } catch {
    return null;
  }
}

/**
 * Run an ES module snippet in a fresh Node process, which must print `{ code, maxRss, ... }` as the
 * last stderr line. Returns wall time, the peak RSS (MB) and the rest of that report. The peak is
 * the larger of the process's own (worker threads included) and the sum over it and its child
 * processes, sampled every 50 ms. The snippet runs from a file, not `-e`: worker threads inherit
 * the parent's execArgv, and `--input-type` makes them fail to start.
 */
let harnesses = 0;
async function timeChild(label, script, cwd, env = {}) {
  const file = path.join(base, `harness-${++harnesses}.mjs`);
  writeFileSync(file, script);
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, [file], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr.setEncoding('utf8').on('data', (text) => (tail = (tail + text).slice(-8000)));
  let treeMb = 0;
  const sampler = setInterval(() => (treeMb = Math.max(treeMb, treeRssMb(child.pid) ?? 0)), 50);
  const status = await new Promise((resolve) => child.on('close', (code) => resolve(code)));
  clearInterval(sampler);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  let report;
  try {
    report = JSON.parse(tail.trim().split('\n').at(-1));
  } catch {
    throw new Error(`${label} crashed (exit ${status}):\n${tail.slice(-4000)}`);
  }
  if (report.code !== 0) throw new Error(`${label} exited ${report.code}:\n${tail.slice(-4000)}`);
  return { ...report, ms, tail, rssMb: Math.max(report.maxRss / 1024, treeMb) };
}

/**
 * Run the `qbank` binary (the bundled bin.js, as users start it, or `--bin`) in a child process and
 * return wall time and peak RSS; the harness reports the process's own peak as it exits.
 */
function timeCli(args, cwd) {
  const script = `process.argv = [process.argv[0], ${JSON.stringify(bin)}, ...${JSON.stringify(args)}];
process.on('exit', (code) => { const u = process.resourceUsage(); process.stderr.write('\\n' + JSON.stringify({ code: process.exitCode ?? code, maxRss: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })); });
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
async function timeVelite(work) {
  const script = `import { build } from ${JSON.stringify(import.meta.resolve('velite'))};
const result = await build({ config: 'velite.config.js', clean: true, strict: true, logLevel: 'silent' });
const html = result.questions.filter((q) => q.body.includes('<table>')).length;
process.stderr.write('\\n' + JSON.stringify({ code: 0, records: result.questions.length, html, maxRss: process.resourceUsage().maxRSS }));`;
  // NODE_ENV=production: Velite then writes compact JSON, as a production build would.
  const run = await timeChild('velite build', script, work, { NODE_ENV: 'production' });
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
  const child = spawn(process.execPath, [bin, 'build', '--watch'], {
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

// The bank lives in base/bank; the child-process harness scripts sit beside it, outside the bank.
const base = mkdtempSync(path.join(os.tmpdir(), 'qbank-bench-'));
const work = path.join(base, 'bank');
const time = (ms) => (ms < 1000 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toFixed(2)} s`);
const target = (name, value, ok, goal) => `- ${name}: ${value} (target ${goal}): ${ok ? 'met' : 'not met'}.`;
const warnings = (run) => /(\d+) warnings?/.exec(run.tail ?? '')?.[1] ?? '?';
// Where the build's results came from, as it says (a no-change build that parsed files missed its cache:
// another build of qbank's packages in between changes the toolchain id).
const source = (run) =>
  /files: ([^\n]*)|(nothing changed)/
    .exec(run.tail ?? '')
    ?.slice(1)
    .find(Boolean) ?? '?';

/** The three builds every kind of bank is measured with: cold, no change, one edited file. */
async function builds(rows) {
  const build = await timeCli(['build'], work);
  rows.push([
    `\`qbank build\` (cold: no cache, no dist; ${warnings(build)} warnings)`,
    build.ms,
    build.rssMb,
    build.cpuMs,
  ]);
  const again = await timeCli(['build'], work);
  rows.push([`\`qbank build\` again (no change; ${source(again)})`, again.ms, again.rssMb, again.cpuMs]);
  editExplanation(questionPath(0));
  const one = await timeCli(['build'], work);
  rows.push([`\`qbank build\` after editing 1 file (${source(one)})`, one.ms, one.rssMb, one.cpuMs]);
  return { build, again, one };
}

/** The issue's targets for the bank measured (memory on realistic text, families of variants). */
function bankTargets({ build, again, one }) {
  if (values.bank === 'families') {
    return [
      target('cold build peak RSS', `${build.rssMb.toFixed(0)} MB`, build.rssMb < 500, '< 500 MB'),
      target('no-change rebuild', time(again.ms), again.ms < 500, '< 0.5 s'),
      target('one-edit rebuild', time(one.ms), one.ms < 1500, '< 1.5 s'),
    ];
  }
  if (values.bank === 'realistic' && count > 10_000) {
    return [
      target('cold build peak RSS', `${build.rssMb.toFixed(0)} MB`, build.rssMb < 500, '< 500 MB'),
      target('no-change rebuild', time(again.ms), again.ms < 1000, '< 1 s'),
    ];
  }
  return [target('cold build peak RSS', `${build.rssMb.toFixed(0)} MB`, build.rssMb < 300, '< 300 MB')];
}

let questionPath;
try {
  const content = path.join(work, 'content');
  const t0 = process.hrtime.bigint();
  const bank = writeBank(work, { kind: values.bank, count });
  questionPath = bank.questionPath;
  const generateMs = Number(process.hrtime.bigint() - t0) / 1e6;
  writeFileSync(path.join(work, 'velite.config.js'), veliteConfig);
  // Velite bundles its config into ./node_modules and imports 'velite' from there: link ours.
  mkdirSync(path.join(work, 'node_modules'));
  symlinkSync(path.join(root, 'node_modules/velite'), path.join(work, 'node_modules/velite'), 'dir');
  writeFileSync(path.join(work, '.gitignore'), '.qbank-cache/\ndist/\n.velite/\nnode_modules/\n');
  // A commit of the untouched bank, so `--changed-since HEAD` sees exactly the edits made below.
  commitAll(work);
  const cold = () => {
    rmSync(path.join(work, '.qbank-cache'), { recursive: true, force: true });
    rmSync(path.join(work, 'dist'), { recursive: true, force: true });
  };

  const rows = [];
  const lines = [
    `Bank: ${values.bank}, ${count} questions${values.bank === 'families' ? ` in families of ${familySize}` : ''}, about ${(bank.bytesPerQuestion / 1024).toFixed(1)} KB each, and ${bank.notes} notes they link (generated in ${(generateMs / 1000).toFixed(1)} s).`,
    `Machine: ${cores} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. CLI: ${bin}.`,
    '',
    '| step | wall time | CPU time (all threads) | peak RSS |',
    '|---|---:|---:|---:|',
  ];
  const table = () =>
    rows.map(
      ([name, ms, rss, cpu]) =>
        `| ${name} | ${time(ms)} | ${cpu === undefined ? '-' : time(cpu)} | ${rss === null ? '-' : `${rss.toFixed(0)} MB`} |`,
    );
  if (values['builds-only']) {
    cold();
    const runs = await builds(rows);
    console.log([...lines, ...table(), '', ...bankTargets(runs)].join('\n'));
  } else {
    const bare = await bareParse(content);
    rows.push(['bare remark-parse + remark-gfm over all files (one process)', bare, null]);
    rows.push([`bare parse / ${cores} (the floor if ${cores} cores gave ${cores} x the work)`, bare / cores, null]);
    const split = await bareParse(content, cores);
    rows.push([`bare parse split over ${cores} processes at once (the floor across cores, measured)`, split, null]);
    const velite = values['skip-velite'] ? null : await timeVelite(work);
    if (velite)
      rows.push(['Velite build (cold; frontmatter schema + `s.markdown()` to HTML)', velite.ms, velite.rssMb]);

    cold();
    const runs = await builds(rows);
    const { build, again, one } = runs;
    // The first question is edited again, so exactly five files differ from HEAD.
    for (let i = 0; i < 5; i++) editExplanation(questionPath(i));
    const changed = await timeCli(['validate', '--changed-since', 'HEAD'], work);
    rows.push(['`qbank validate --changed-since HEAD` (5 edited files)', changed.ms, changed.rssMb, changed.cpuMs]);
    cold();
    const validate = await timeCli(['validate'], work);
    rows.push(['`qbank validate` (cold, whole bank)', validate.ms, validate.rssMb, validate.cpuMs]);
    const watch = await watchLatency(
      work,
      [10, 11, 12].map((i) => questionPath(i)),
    );
    rows.push([
      `\`qbank build --watch\`: edit to rebuilt (median of 3; self-reported ${watch.selfMs} ms)`,
      watch.wallMs,
      watch.rssMb,
    ]);

    const ours = [build, again, one, changed, validate, watch].map((r) => r.rssMb).filter((mb) => mb !== null);
    const peak = Math.max(...ours);
    const ideal = bare / cores;
    lines.push(
      ...table(),
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
      target(
        'cold build / (bare parse / cores)',
        `${(build.ms / ideal).toFixed(2)}x`,
        build.ms / ideal <= 1.5,
        '≤ 1.5',
      ),
      target('no-change rebuild', time(again.ms), again.ms < 500, '< 0.5 s'),
      target('watch edit to rebuilt (median wall)', time(watch.wallMs), watch.wallMs < 150, '< 150 ms'),
      target('peak RSS, max of the qbank rows', `${peak.toFixed(0)} MB`, peak < 300, '< 300 MB'),
      ...(values.bank === 'standard' ? [] : bankTargets(runs)),
    );
    console.log(lines.join('\n'));
  }
} finally {
  if (!values.keep) rmSync(base, { recursive: true, force: true });
  else console.log(`\nBank kept at ${work}`);
}
