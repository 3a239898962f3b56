import { readFile } from 'node:fs/promises';
import { applyFixes, fixOf, writeFileAtomic, type Fix } from '@qbank/core';
import type { VFile } from 'vfile';

/** What applying fixes did to one file. */
export interface FixedFile {
  /** Absolute path. */
  path: string;
  /** Number of fixes applied. */
  applied: number;
}

/**
 * Apply the automatic fixes recorded on the files' messages to the files on
 * disk, byte for byte outside the fixed ranges (CRLF line endings survive).
 * Each file is replaced atomically (`writeFileAtomic`), keeping its permissions.
 *
 * @param files Checked files with their messages.
 * @param write `false` to only report what would change (`--check`).
 * @returns The files that change.
 */
export async function fixFiles(files: readonly VFile[], write: boolean): Promise<FixedFile[]> {
  const changed: FixedFile[] = [];
  for (const file of files) {
    const fixes = file.messages.map(fixOf).filter((fix): fix is Fix => fix !== undefined);
    if (!fixes.length || !file.path) continue;
    const original = await readFile(file.path, 'utf8');
    const result = applyFixes(original, fixes);
    if (result.text === original) continue;
    // Whole or not at all: a full disk leaves the source as it was, never cut short.
    if (write) await writeFileAtomic(file.path, result.text);
    changed.push({ path: file.path, applied: result.applied });
  }
  return changed;
}
