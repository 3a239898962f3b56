import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '@qbank/cli';

/** Repository root. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What a CLI run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Fixtures stay as they are in git: runs in them keep their cache under
 * tests/.tmp (one folder per fixture) instead of in `.qbank-cache` beside them.
 */
function cacheEnv(cwd: string): Record<string, string> {
  const fixtures = path.join(repoRoot, 'tests/fixtures');
  if (!path.resolve(cwd).startsWith(fixtures)) return {};
  const name = path.relative(fixtures, path.resolve(cwd)).replace(/[\\/]/g, '_') || 'root';
  return { QBANK_CACHE_DIR: path.join(repoRoot, 'tests/.tmp/cache', name) };
}

/** Run the CLI in-process (the same code as the binary), capturing its output. */
export async function runQbank(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    cwd,
    env: { NO_COLOR: '1', ...cacheEnv(cwd), ...env },
    isTTY: false,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

/** Run the built `qbank` binary as a child process (needs `pnpm build`). */
export function spawnQbank(args: string[], cwd: string, env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [`${repoRoot}packages/cli/dist/bin.js`, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', ...cacheEnv(cwd), ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
