import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { link, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  acquireLock,
  ensureDirectory,
  ownerTag,
  parseTempName,
  removeAbandoned,
  syncDirectorySync,
  tempPathFor,
  writeNewFile,
  type LockOptions,
} from '@qbank/core';
import { contentBlocks, contentSize } from './files.js';
import type { Bundle } from './model.js';
import { assertOwnedOutput, bundleFilesIn } from './output.js';

/** How `writeBundle` writes. */
export interface WriteBundleOptions {
  /**
   * Reuse (hard-link) a file of the bundle being replaced when its bytes,
   * read and hashed, are the ones to write. `false` writes every file anew
   * (`--no-cache`).
   *
   * @default true
   */
  reuse?: boolean | undefined;
  /** How long to wait for another build writing the same folder. */
  lock?: LockOptions | undefined;
}

/**
 * Write a bundle to a directory atomically. One build at a time writes a
 * folder (a lock file beside it, `.<name>.lock`). Everything goes to a
 * temporary sibling directory, every write checked and flushed, manifest
 * last; the previous bundle is then renamed aside, the new one renamed into
 * place, and the previous one removed. A failed build leaves the previous
 * bundle as it was; a build killed between the two renames leaves the
 * previous one aside, and the next build puts it back first.
 *
 * Note: the directory must be qbank's (`assertOwnedOutput`): an existing
 * folder that is neither empty nor a bundle is refused, untouched.
 *
 * @param bundle The compiled bundle.
 * @param outDir Target directory (replaced as a whole).
 * @param options Reuse and locking.
 */
export async function writeBundle(bundle: Bundle, outDir: string, options: WriteBundleOptions = {}): Promise<void> {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  await ensureDirectory(parent);
  const lock = await acquireLock(path.join(parent, `.${path.basename(target)}.lock`), options.lock);
  try {
    await recoverInterrupted(target);
    await assertOwnedOutput(target);
    const existing = (options.reuse !== false && (await bundleFilesIn(target))) || new Map<string, string>();
    const temp = tempPathFor(target);
    try {
      await writeFiles(bundle, target, temp, existing);
      await swapIn(temp, target);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      // Named as the file of the bundle it was to be, not by the temporary folder.
      const failed = error as NodeJS.ErrnoException;
      if (typeof failed?.path === 'string' && failed.path.startsWith(temp)) {
        failed.path = target + failed.path.slice(temp.length);
      }
      throw error;
    }
  } finally {
    lock.release();
  }
}

/** Write every file of the bundle into `temp`, manifest last, reusing what `existing` has byte for byte. */
async function writeFiles(bundle: Bundle, target: string, temp: string, existing: Map<string, string>): Promise<void> {
  const paths = [...bundle.files.keys()].filter((p) => p !== 'manifest.json').sort();
  const entries = new Map(bundle.manifest.files.map((f) => [f.path, f.sha256]));
  const made = new Set<string>();
  for (const filePath of [...paths, 'manifest.json']) {
    const destination = path.join(temp, ...filePath.split('/'));
    const folder = path.dirname(destination);
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true });
      made.add(folder);
    }
    const sha = entries.get(filePath);
    const content = bundle.files.get(filePath)!;
    // A file the current bundle has, whose bytes (read and hashed now, never trusted from its
    // manifest) are the ones to write, is linked rather than written again.
    if (sha && existing.get(filePath) === sha) {
      const current = path.join(target, ...filePath.split('/'));
      if (verified(current, sha, contentSize(content)) && (await linked(current, destination))) continue;
    }
    await writeNewFile(destination, contentBlocks(content));
  }
  syncDirectorySync(temp);
}

/** Rename the previous bundle aside, the new one into place, and remove the previous one. */
async function swapIn(temp: string, target: string): Promise<void> {
  const parent = path.dirname(target);
  const old = path.join(parent, `.${path.basename(target)}.old-${ownerTag()}-${randomBytes(4).toString('hex')}`);
  let hadPrevious = true;
  try {
    await rename(target, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    hadPrevious = false;
  }
  try {
    await rename(temp, target);
  } catch (error) {
    if (hadPrevious) await rename(old, target);
    throw error;
  }
  syncDirectorySync(parent);
  if (hadPrevious) await rm(old, { recursive: true, force: true });
}

/**
 * Put right what a killed build left beside `target` (under the lock, so no
 * build of this folder is running): a previous bundle renamed aside while
 * the target is missing is renamed back; other previous bundles set aside
 * are removed; temporary folders are removed once their owner is gone.
 *
 * @param target The bundle directory.
 * @returns Whether a previous bundle was put back.
 */
export async function recoverInterrupted(target: string): Promise<boolean> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  const aside: { file: string; time: number }[] = [];
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const parsed = parseTempName(name);
    if (parsed?.kind !== 'old' || parsed.target !== base) continue;
    const file = path.join(parent, name);
    const info = await lstat(file).catch(() => undefined);
    if (info?.isDirectory()) aside.push({ file, time: info.ctimeMs });
  }
  aside.sort((a, b) => b.time - a.time);
  let restored = false;
  if (aside.length && !(await lstat(target).catch(() => undefined))) {
    await rename(aside.shift()!.file, target);
    restored = true;
  }
  for (const { file } of aside) await rm(file, { recursive: true, force: true });
  removeAbandoned(parent, base);
  return restored;
}

/** The block `verified` reads files through (its reads are synchronous: one block serves every call). */
let hashBlock: Buffer | undefined;

/**
 * Whether a file holds exactly the bytes of `sha256` (read and hashed).
 *
 * @param file The file.
 * @param sha256 The expected hex sha256.
 * @param size The expected size (checked first: a different size needs no reading).
 * @returns Whether it does.
 */
export function verified(file: string, sha256: string, size: number): boolean {
  let fd: number | undefined;
  try {
    // Checked before it is opened: opening a named pipe put in its place would wait for a writer.
    const info = statSync(file);
    if (!info.isFile() || info.size !== size) return false;
    fd = openSync(file, 'r');
    // Read through one block, not a stream of new ones: a bundle's files are read whole at every
    // build, and the 50 MB of 10,000 questions' chunks took 45 ms as a stream against 33 ms so.
    const hash = createHash('sha256');
    hashBlock ??= Buffer.allocUnsafeSlow(1 << 20);
    for (let read; (read = readSync(fd, hashBlock, 0, hashBlock.length, null)) > 0;) {
      hash.update(hashBlock.subarray(0, read));
    }
    return hash.digest('hex') === sha256;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch {
    return false;
  }
}
