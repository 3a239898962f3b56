// Benchmark of `qbank preview`: save-to-repaint latency. Starts the real CLI (`preview --port 0`) on a
// temporary copy of the sample bank, and on a generated bank of N questions, opens the page in
// headless Chromium, starts a tutor block, then saves the shown question's file with a new sentence
// in its stem, again and again, and times from just before the write to the first animation frame
// in which the page shows the new text (both clocks are this machine's wall clock). Also prints the
// CLI's own "built in" time of each rebuild, to tell the build from the page's share.
// The large bank is scripts/bench.mjs's standard bank (scripts/lib/bench-bank.mjs).
// Usage: node scripts/bench-preview.mjs [--count 10000] [--edits 10] [--skip-large] [--keep]
// Needs a build first (`pnpm build`). Chromium: CHROMIUM_PATH, else @sparticuz/chromium.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { writeBank } from './lib/bench-bank.mjs';

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
    // The standard bank of scripts/bench.mjs: ten systems, one study note per 100 questions.
    writeBank(large, {
      count: Number(values.count),
      config: JSON.stringify({ name: 'bench bank', version: '0.1.0', content: 'content', out: 'dist/bundle' }),
    });
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
