import { writeFileAtomic } from '@qbank/core';
import { zipSync, type Zippable } from 'fflate';
import { contentBytes } from './files.js';
import type { Bundle } from './model.js';
import { assertOwnedArchive } from './output.js';

// Zip timestamps cannot be before 1980; every entry gets this one, so archives depend only on content.
const fixedTime = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/**
 * Write a bundle as one deterministic `.zip`: entries sorted by path, fixed
 * timestamps and permissions, so the same bundle always gives the same bytes.
 * Written whole or not at all (`writeFileAtomic`); a path that holds
 * something other than a zip archive is refused, untouched.
 *
 * @param bundle The compiled bundle.
 * @param file Path of the archive to write.
 */
export async function writeArchive(bundle: Bundle, file: string): Promise<void> {
  await assertOwnedArchive(file);
  const entries: Zippable = {};
  for (const path of [...bundle.files.keys()].sort()) {
    entries[path] = [
      contentBytes(bundle.files.get(path)!),
      { mtime: fixedTime, level: 9, os: 3, attrs: 0o100644 << 16 },
    ];
  }
  await writeFileAtomic(file, zipSync(entries));
}
