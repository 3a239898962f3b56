import { lstat, open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isPathInside, realPath } from '@qbank/core';

/** Raised when the output folder (or archive) is not one qbank may replace; nothing was touched. */
export class OutputRefusedError extends Error {
  /** The output path refused. */
  readonly out: string;

  /**
   * @param out The output path.
   * @param reason Why, in plain words.
   */
  constructor(out: string, reason: string) {
    super(`will not write the bundle to ${out}: ${reason}`);
    this.name = 'OutputRefusedError';
    this.out = out;
  }
}

/** A path the output folder may not be, contain, or (for the cache) lie in. */
export interface GuardedPath {
  /** Absolute path. */
  path: string;
  /** What it is, for the message ("the content folder"). */
  what: string;
  /** The output may not lie inside it either (the cache). */
  noOutputInside?: boolean | undefined;
}

/** Whether `outer` is or contains `inner`, as written or through symbolic links. */
function covers(outer: string, inner: string): boolean {
  return isPathInside(outer, inner) || isPathInside(realPath(outer), realPath(inner));
}

/**
 * Check that a bundle may be written to `out` before anything is touched.
 * The folder a build replaces as a whole must be qbank's: it may not be or
 * contain any guarded path (the bank, its config, content and cache), may not
 * lie inside the cache, and when it exists it must be an empty folder or an
 * earlier bundle (a `manifest.json` with `bundleFormat` and `files`).
 *
 * @param out Absolute output directory.
 * @param guarded Paths to protect (the bank's own).
 * @throws OutputRefusedError when it may not be written.
 */
export async function assertOwnedOutput(out: string, guarded: readonly GuardedPath[] = []): Promise<void> {
  for (const guard of guarded) {
    if (covers(out, guard.path)) {
      throw new OutputRefusedError(
        out,
        out === guard.path ? `it is ${guard.what}` : `it contains ${guard.what} (${guard.path})`,
      );
    }
    if (guard.noOutputInside && covers(guard.path, out)) {
      throw new OutputRefusedError(out, `it is inside ${guard.what} (${guard.path})`);
    }
  }
  const info = await lstat(out).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) {
    throw new OutputRefusedError(out, 'it is a file, not a folder (a build replaces its output folder as a whole)');
  }
  const names = await readdir(out);
  if (!names.length || (await bundleFilesIn(out))) return;
  throw new OutputRefusedError(
    out,
    'the folder is not empty and holds no bundle (no manifest.json of a qbank bundle); a build replaces its output folder as a whole, so it only replaces a folder it made. Choose another "out", or empty the folder',
  );
}

/**
 * What `bundleFilesIn` found, by manifest and its stamp: a build asks before
 * it starts, again before it writes, and for the files it may reuse, and a
 * manifest of 10,000 questions takes 15 to 20 ms to parse.
 */
const bundleFiles = new Map<string, { stamp: string; files: Map<string, string> | undefined }>();

/**
 * The files of the bundle in `dir`, by path, with their sha256 as its
 * manifest says (not checked against the files).
 *
 * @param dir A folder.
 * @returns The files, or `undefined` when the folder holds no bundle (no
 *   `manifest.json` with a `bundleFormat` and a list of files).
 */
export async function bundleFilesIn(dir: string): Promise<Map<string, string> | undefined> {
  const file = path.join(dir, 'manifest.json');
  try {
    const { size, mtimeMs, ctimeMs, ino } = await stat(file);
    const stamp = `${size}:${mtimeMs}:${ctimeMs}:${ino}`;
    const known = bundleFiles.get(file);
    if (known?.stamp === stamp) return known.files;
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { bundleFormat?: unknown; files?: unknown };
    const files =
      typeof manifest === 'object' &&
      manifest !== null &&
      typeof manifest.bundleFormat === 'string' &&
      Array.isArray(manifest.files)
        ? new Map(
            (manifest.files as unknown[])
              .filter((f): f is { path: string; sha256: string } => {
                const entry = f as { path?: unknown; sha256?: unknown } | null;
                return typeof entry?.path === 'string' && typeof entry.sha256 === 'string';
              })
              .map((f) => [f.path, f.sha256]),
          )
        : undefined;
    bundleFiles.set(file, { stamp, files });
    return files;
  } catch {
    return undefined;
  }
}

/**
 * Check that an archive may be written to `file`: missing, or a file that is
 * a zip archive (or empty); a folder or any other file is refused.
 *
 * @param file Absolute path of the archive.
 * @throws OutputRefusedError when it may not be written.
 */
export async function assertOwnedArchive(file: string): Promise<void> {
  const info = await lstat(file).catch(() => undefined);
  if (!info) return;
  if (!info.isFile()) throw new OutputRefusedError(file, 'the archive path is a folder or a link, not a file');
  if (info.size === 0) return;
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    if (head.toString('latin1') !== 'PK') throw new OutputRefusedError(file, 'the file there is not a zip archive');
  } finally {
    await handle.close();
  }
}
