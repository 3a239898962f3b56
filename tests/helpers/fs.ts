import { cpSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';

/** A fresh directory under tests/.tmp (git-ignored), removed by the caller. */
export function makeTempDir(prefix: string): string {
  const base = path.join(repoRoot, 'tests/.tmp');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `${prefix}-`));
}

/** Every file below a directory, as `/`-separated relative paths. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/**
 * A copy of the repository's sample bank (its content folder and config) in
 * `dir`, for tests that change or build it.
 *
 * @returns `dir`.
 */
export function copySampleBank(dir: string): string {
  cpSync(path.join(repoRoot, 'content'), path.join(dir, 'content'), { recursive: true });
  cpSync(path.join(repoRoot, 'qbank.config.json'), path.join(dir, 'qbank.config.json'));
  return dir;
}
