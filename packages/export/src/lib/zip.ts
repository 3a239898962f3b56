import { zipSync, type Zippable } from 'fflate';

// Zip timestamps cannot be before 1980; every entry gets this one, so archives depend only on content.
const fixedTime = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));

/**
 * Zip files deterministically: entries sorted by path, fixed timestamps and
 * permissions (0644), the same compression level, so the same files always
 * give the same bytes.
 *
 * @param files Path (`/`-separated) to bytes.
 * @returns The zip bytes.
 */
export function zipFiles(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const options = { mtime: fixedTime, level: 9, os: 3, attrs: 0o100644 << 16 } as const;
  const entries: Zippable = {};
  for (const path of [...files.keys()].sort()) entries[path] = [files.get(path)!, options];
  return zipSync(entries);
}
