// Helpers of the fault-injection suites (tests/faults-*.test.ts): a seeded generated bank, the
// built CLI run under the write shim (fault-shim.mjs), and byte-for-byte pictures of folders.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchSystems, writeBank } from '../../scripts/lib/bench-bank.mjs';
import { repoRoot, type CliResult } from './cli.js';

/** The shim module, preloaded with `--import`. */
export const shim = path.join(repoRoot, 'tests/helpers/fault-shim.mjs');
// QBANK_FAULTS_BIN: run another build of the CLI (a copy that a parallel `pnpm build` cannot replace mid-run).
const bin = process.env.QBANK_FAULTS_BIN ?? path.join(repoRoot, 'packages/cli/dist/bin.js');

/** The CLI binary the suites run. */
export const qbankBin = bin;

/** Systems the fault banks spread their questions over (the first five of the bench's). */
const systemCount = 5;

/**
 * Write a bank of `count` published questions and one note per 50 (the
 * benchmarks' standard bank, scripts/lib/bench-bank.mjs, with `fault-` ids),
 * seeded: the same arguments always give the same files.
 *
 * @param dir The bank folder (created).
 * @param count Number of questions.
 * @param seed Seed of the text.
 * @returns `dir`.
 */
export function generateBank(dir: string, count: number, seed = 7): string {
  writeBank(mkdirp(dir), { count, seed, prefix: 'fault', systems: systemCount, notesEvery: 50, config: null });
  // A repository of its own (no commits): the bundle does not name the commit of the repository
  // the tests run in, which moves while they run.
  spawnSync('git', ['init', '-q'], { cwd: dir });
  writeFileSync(
    path.join(dir, 'qbank.config.yaml'),
    'name: Fault bank\nversion: 1.0.0\ncontent: content\nout: dist/bundle\n',
  );
  return dir;
}

/**
 * The file of a generated question.
 *
 * @param bank The bank folder.
 * @param n The question's number.
 * @returns Its path.
 */
export function questionFile(bank: string, n: number): string {
  return path.join(bank, 'content/questions', benchSystems[n % systemCount]!, `fault-${n}.md`);
}

function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The shim's settings for one run. */
export interface Fault {
  /** The folder under which the file system misbehaves. */
  path: string;
  /** `enospc`, `short`, `erofs`, `eacces`, `eperm`, `kill` or `count`. */
  mode: string;
  /** Bytes allowed (enospc), or the change to be killed before (kill). */
  after?: number | undefined;
  /** Where to write the number of changes made. */
  countFile?: string | undefined;
}

function faultEnv(fault: Fault | undefined): Record<string, string> {
  if (!fault) return {};
  return {
    QBANK_FAULT_PATH: fault.path,
    QBANK_FAULT: fault.mode,
    QBANK_FAULT_AFTER: String(fault.after ?? 0),
    ...(fault.countFile ? { QBANK_FAULT_COUNT_FILE: fault.countFile } : {}),
  };
}

/** Deterministic builds: a fixed build time, no colours. */
const fixedEnv = { NO_COLOR: '1', SOURCE_DATE_EPOCH: '1700000000', CI: '1' };

/**
 * Run the built CLI with the write shim preloaded.
 *
 * @param args Arguments.
 * @param cwd Working directory.
 * @param fault What goes wrong (none: the shim only loads).
 * @param env More environment.
 * @returns What it printed, its exit code (-1 when killed) and the signal.
 */
export function runFaulty(
  args: string[],
  cwd: string,
  fault?: Fault,
  env: Record<string, string> = {},
): CliResult & { signal: NodeJS.Signals | null } {
  const result = spawnSync(process.execPath, ['--import', shim, bin, ...args], {
    cwd,
    env: { ...process.env, ...fixedEnv, ...faultEnv(fault), ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, signal: result.signal };
}

/**
 * Start the built CLI (with the shim) without waiting for it.
 *
 * @param args Arguments.
 * @param cwd Working directory.
 * @param env More environment.
 * @returns The exit code (-1 when killed) and what it printed on stderr.
 */
export function startQbank(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string }> {
  const child = spawn(process.execPath, ['--import', shim, bin, ...args], {
    cwd,
    env: { ...process.env, ...fixedEnv, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, stderr })));
}

/**
 * Every file below a folder with the sha256 of its bytes (and `/` after a
 * folder's name, so empty folders show): compare two pictures to know that
 * nothing changed.
 *
 * @param dir The folder.
 * @param skip Names (relative paths) left out, e.g. the cache.
 * @returns Relative path to hash.
 */
export function picture(dir: string, skip: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (folder: string, prefix: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const relative = `${prefix}${entry.name}`;
      if (skip.includes(relative)) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        out[`${relative}/`] = '';
        walk(full, `${relative}/`);
      } else {
        out[relative] = createHash('sha256').update(readFileSync(full)).digest('hex');
      }
    }
  };
  if (statSync(dir, { throwIfNoEntry: false })) walk(dir, '');
  return out;
}

/**
 * Check every file a bundle's manifest lists against its sha256 and that no
 * other file is there.
 *
 * @param dir The bundle.
 * @returns The problems found (empty: sound).
 */
export function bundleProblems(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    files: { path: string; sha256: string }[];
  };
  const problems: string[] = [];
  const listed = new Set(['manifest.json']);
  for (const file of manifest.files) {
    listed.add(file.path);
    const bytes = readFileSync(path.join(dir, file.path));
    if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) problems.push(`${file.path} differs`);
  }
  for (const name of Object.keys(picture(dir))) {
    if (!name.endsWith('/') && !listed.has(name)) problems.push(`${name} is not listed`);
  }
  return problems;
}
