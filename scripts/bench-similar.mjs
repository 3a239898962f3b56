// Benchmark: the near-duplicate rule's similarity join (`similarPairs`, the PPJoin in
// packages/lint/src/lib/similarity.ts) on the phrase hashes of a real bank, as a cold build runs
// it: its time and how far it lifts the peak RSS above what the phrases themselves take.
// Usage: node scripts/bench-similar.mjs <bank> [--threshold 0.5] [--source <similarity.ts>]
//   <bank>: a bank built once with this version of qbank (its .qbank-cache/results.v1 holds
//   each question's phrase hashes), e.g. one kept by `node scripts/bench.mjs --keep`.
//   --source: another version of similarity.ts to compare with (e.g. `git show REV:path > f.ts`).
// Each run is a fresh Node process, so that one does not inherit the other's heap.
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { threshold: { type: 'string', default: '0.5' }, source: { type: 'string' }, child: { type: 'boolean' } },
});

if (values.child) {
  // In the child: read the phrases, collect, run the join once.
  const { similarPairs } = await import(positionals[1]);
  // Read a line at a time: the file is not held, only the phrases.
  const sets = [];
  for await (const line of createInterface({
    input: createReadStream(positionals[0], 'latin1'),
    crlfDelay: Infinity,
  })) {
    const match = /"phrases":"([^"]*)"/.exec(line);
    if (match) sets.push(new Uint32Array(new Uint8Array(Buffer.from(match[1], 'base64')).buffer));
  }
  globalThis.gc();
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const pairs = similarPairs(sets, Number(values.threshold));
  const ms = performance.now() - started;
  const phrases = sets.reduce((sum, set) => sum + set.length, 0);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ questions: sets.length, phrases, pairs: pairs.length, ms, before, peak }));
} else {
  const bank = positionals[0];
  if (!bank) throw new Error('usage: node scripts/bench-similar.mjs <bank> [--threshold t] [--source file.ts]');
  const results = path.resolve(bank, '.qbank-cache/results.v1');
  const source = path.resolve(values.source ?? path.join(root, 'packages/lint/src/lib/similarity.ts'));
  const temp = mkdtempSync(path.join(os.tmpdir(), 'qbank-bench-similar-'));
  const bundle = path.join(temp, 'similarity.mjs');
  await build({
    entryPoints: [source],
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: bundle,
    logLevel: 'error',
  });
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', fileURLToPath(import.meta.url), '--child', results, bundle, '--threshold', values.threshold],
    { encoding: 'utf8' },
  );
  rmSync(temp, { recursive: true, force: true });
  if (child.status !== 0) throw new Error(child.stderr);
  const run = JSON.parse(child.stdout);
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  console.log(
    `similarity join of ${run.questions} questions (${run.phrases} phrases) at ${values.threshold}: ${run.pairs} pairs`,
  );
  console.log(
    `time ${run.ms.toFixed(0)} ms; RSS before ${mb(run.before)}, peak ${mb(run.peak)}: ${mb(run.peak - run.before)} above`,
  );
}
