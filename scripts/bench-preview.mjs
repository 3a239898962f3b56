// Benchmark of `qbank preview`: save-to-repaint latency. Starts the real CLI (`preview --port 0`) on a
// temporary copy of the sample bank, and on a generated bank of N questions, opens the page in
// headless Chromium, starts a tutor block, then saves the shown question's file with a new sentence
// in its stem, again and again, and times from just before the write to the first animation frame
// in which the page shows the new text (both clocks are this machine's wall clock). Also prints the
// CLI's own "built in" time of each rebuild, to tell the build from the page's share.
// Usage: node scripts/bench-preview.mjs [--count 10000] [--edits 10] [--skip-large] [--keep]
// Needs a build first (`pnpm build`). Chromium: CHROMIUM_PATH, else @sparticuz/chromium.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    edits: { type: 'string', default: '10' },
    'skip-large': { type: 'boolean' },
    keep: { type: 'boolean' },
  },
});
const edits = Number(values.edits);
const bin = path.join(root, 'packages/cli/dist/bin.js');

async function launch() {
  if (process.env.CHROMIUM_PATH) {
    return chromium.launch({ executablePath: process.env.CHROMIUM_PATH, args: ['--no-sandbox'], headless: true });
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  const args = packaged.args.filter((arg) => arg !== '--single-process');
  return chromium.launch({ executablePath: await packaged.executablePath(), args, headless: true });
}

/** A generated bank: N questions of about 2 KB (a stem, a lab table, five choices with rationales, an explanation). */
function generateBank(dir, count) {
  // As scripts/bench.mjs: ten systems, one study note per 100 questions, linked from each of them.
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
  const words = 'patient history examination shows increased decreased serum concentration pain fever weeks'.split(' ');
  let seed = 7;
  // mulberry32: deterministic, so every run benchmarks the same bank.
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const sentence = (n) =>
    Array.from({ length: n }, () => `${words[Math.floor(random() * words.length)]}${Math.floor(random() * 5000)}`).join(
      ' ',
    ) + '.';
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'qbank.config.json'),
    JSON.stringify({ name: 'bench bank', version: '0.1.0', content: 'content', out: 'dist/bundle' }),
  );
  for (const system of systems) mkdirSync(path.join(dir, 'content/questions', system), { recursive: true });
  mkdirSync(path.join(dir, 'content/notes'), { recursive: true });
  for (let n = 0; n < Math.ceil(count / 100); n++) {
    const system = systems[(n * 100) % systems.length];
    writeFileSync(
      path.join(dir, 'content/notes', `bench-note-${n}.md`),
      `---\nid: bench-note-${n}\ntitle: Bench note ${n}\nstatus: published\ndiscipline: [pathology]\nsystem: ${system}\n---\n\n${sentence(30)}\n\n## Key points\n\n- ${sentence(15)}\n- ${sentence(15)}\n`,
    );
  }
  for (let i = 0; i < count; i++) {
    const system = systems[i % systems.length];
    const choices = Array.from(
      { length: 5 },
      (_, c) => `- [${c === i % 5 ? 'x' : ' '}] Option ${c + 1} ${sentence(2)}\n  ${sentence(12)}`,
    ).join('\n');
    const text = `---\nid: bench-${i}\nstatus: published\ndiscipline: [pathology]\nsystem: ${system}\ncompetency: medical-knowledge\ndifficulty: ${1 + (i % 5)}\nnotes: [bench-note-${Math.floor(i / 100)}]\n---\n\nA ${20 + (i % 60)}-year-old woman comes to the physician because of ${sentence(25)} ${sentence(25)}\n\n| Laboratory study | Result |\n|---|---|\n| Sodium | ${130 + (i % 15)} mEq/L |\n| Creatinine | 1.${i % 9} mg/dL |\n\nWhich of the following is the most likely diagnosis?\n\n${choices}\n\n## Explanation\n\n${sentence(40)} ${sentence(40)}\n`;
    writeFileSync(path.join(dir, 'content/questions', system, `bench-${i}.md`), text);
  }
}

function fileOf(bank, id) {
  const dir = path.join(bank, 'content/questions');
  for (const system of readdirSync(dir)) {
    for (const name of readdirSync(path.join(dir, system))) {
      const file = path.join(dir, system, name);
      if (readFileSync(file, 'utf8').includes(`\nid: ${id}\n`)) return file;
    }
  }
  throw new Error(`no file for ${id}`);
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function measure(label, bank, browser) {
  const child = spawn(process.execPath, [bin, 'preview', '--port', '0'], {
    cwd: bank,
    env: { ...process.env, NO_COLOR: '1' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdout.resume();
  const started = Date.now();
  while (!/built in \d+ ms/.test(stderr)) {
    if (child.exitCode !== null) throw new Error(stderr);
    if (Date.now() - started > 600_000) throw new Error('no first build in 10 minutes');
    await sleep(100);
  }
  const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stderr)[0];
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="start"]');
  await page.click('[data-testid="start"]');
  await page.waitForSelector('[data-testid="stem"]');
  const id = await page.getAttribute('[data-testid="stem"]', 'data-question');
  const file = fileOf(bank, id);
  const original = readFileSync(file, 'utf8');
  const body = original.indexOf('\n---\n', 4) + 5;
  const repaint = [];
  const builds = [];
  for (let k = 1; k <= edits; k++) {
    // Idle between saves, as an author is: the cache is written 2 s after a build.
    await sleep(2500);
    const marker = `Bench edit ${k} ${Date.now()}`;
    const before = stderr.length;
    const t0 = Date.now();
    writeFileSync(file, `${original.slice(0, body)}\n${marker}\n${original.slice(body)}`);
    const shown = await page.waitForFunction(
      (text) =>
        globalThis.document.querySelector('[data-testid="stem"]')?.textContent?.includes(text) ? Date.now() : 0,
      marker,
      { polling: 'raf', timeout: 60_000 },
    );
    repaint.push((await shown.jsonValue()) - t0);
    const built = /built in (\d+) ms/.exec(stderr.slice(before));
    if (built) builds.push(Number(built[1]));
  }
  writeFileSync(file, original);
  await page.context().close();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { label, repaint, builds };
}

const work = mkdtempSync(path.join(os.tmpdir(), 'qbank-bench-preview-'));
const browser = await launch();
const results = [];
try {
  const sample = path.join(work, 'sample');
  cpSync(path.join(root, 'content'), path.join(sample, 'content'), { recursive: true });
  cpSync(path.join(root, 'qbank.config.json'), path.join(sample, 'qbank.config.json'));
  results.push(await measure('sample bank', sample, browser));
  console.error(JSON.stringify(results.at(-1)));
  if (!values['skip-large']) {
    const large = path.join(work, 'large');
    generateBank(large, Number(values.count));
    results.push(await measure(`${Number(values.count).toLocaleString('en-US')} questions`, large, browser));
    console.error(JSON.stringify(results.at(-1)));
  }
} finally {
  await browser.close();
  if (!values.keep) rmSync(work, { recursive: true, force: true });
}
console.log(
  `\nqbank preview, save to repaint (${edits} saves each; ${os.cpus().length} cores, Node ${process.version})\n`,
);
console.log('| bank | median | min | max | of which the CLI rebuild (median) |');
console.log('|---|---|---|---|---|');
for (const r of results) {
  console.log(
    `| ${r.label} | ${median(r.repaint)} ms | ${Math.min(...r.repaint)} ms | ${Math.max(...r.repaint)} ms | ${r.builds.length ? `${median(r.builds)} ms` : 'n/a'} |`,
  );
}
console.log('\nTargets: under 300 ms at the sample bank, under 500 ms at 10,000 questions.');
