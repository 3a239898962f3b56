import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
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
