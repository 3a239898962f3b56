// What the cache tests share: copies of the small fixture bank, and bundles compared byte for byte.
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';
import { listFiles } from './fs.js';

/** The bank the cache tests copy: four items, an image, a note. */
export const smallBank = path.join(repoRoot, 'tests/fixtures/banks/small');

/**
 * A copy of the small bank.
 *
 * @param work The test file's temporary folder.
 * @param name The copy's folder name.
 * @returns Its path.
 */
export function copyBank(work: string, name: string): string {
  const bank = path.join(work, name);
  cpSync(smallBank, bank, { recursive: true });
  return bank;
}

/** Every file of a bundle directory with its bytes, for byte-for-byte comparison. */
export function bundleBytes(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir)
      .sort()
      .map((file) => [file, readFileSync(path.join(dir, file)).toString('base64')]),
  );
}

/** The question of the small bank that tests edit. */
export const editedQuestion = (bank: string): string => path.join(bank, 'content/questions/cardiovascular/cv-mi.md');
