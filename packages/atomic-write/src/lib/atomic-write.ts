import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { link, mkdir, open, realpath, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ownerGone, ownerTag } from './process.js';

/** What a file is written from: text (UTF-8), bytes, or pieces of either in order. */
export type FileContent = string | Uint8Array | Iterable<string | Uint8Array>;

/** How `writeFileAtomic` writes. */
export interface AtomicWriteOptions {
  /**
   * Create the file only: fail with `EEXIST` when it exists (checked at the
   * last moment, atomically: the temporary file is hard-linked to its name).
   *
   * @default false
   */
  exclusive?: boolean | undefined;
  /** Permissions of the file (default: those of the file replaced, else `0o666` less the umask). */
  mode?: number | undefined;
  /**
   * Flush the file and its folder to the disk (fsync) before and after the
   * rename. Only a cache, which may be lost, goes without.
   *
   * @default true
   */
  durable?: boolean | undefined;
}

/**
 * The name of a temporary file or folder beside `target`:
 * `.<name>.tmp-<pid>-<scope>-<random>`, which `removeAbandoned` recognises.
 *
 * @param target The file or folder it will become.
 * @returns Absolute path in the same folder (a rename stays on one file system).
 */
export function tempPathFor(target: string): string {
  const resolved = path.resolve(target);
  return path.join(
    path.dirname(resolved),
    `.${path.basename(resolved)}.tmp-${ownerTag()}-${randomBytes(4).toString('hex')}`,
  );
}

const tempName = /^\.(.+)\.(?:tmp|old)-(\d+(?:-[0-9a-f]{8})?)-[0-9a-f]{8}$/;
// Names of earlier versions: `<name>.tmp-<pid>-<random>` without the leading dot.
const olderTempName = /^(.+)\.tmp-(\d+)-[0-9a-f]{8}$/;

/**
 * The owner tag of a temporary name made by `tempPathFor` (or by the bundle
 * writer's `.old-` names), and the name it stands for.
 *
 * @param name A file name.
 * @returns The target's name and the tag, or `undefined` for another name.
 */
export function parseTempName(name: string): { target: string; tag: string; kind: 'tmp' | 'old' } | undefined {
  const match = tempName.exec(name) ?? olderTempName.exec(name);
  if (!match) return undefined;
  return { target: match[1]!, tag: match[2]!, kind: name.includes('.old-') ? 'old' : 'tmp' };
}

/**
 * Remove the temporary files and folders in `dir` that writers killed before
 * they finished left behind: those whose owner process is gone, or, when it
 * cannot be checked from here, that have not changed for an hour. Quiet:
 * what cannot be removed is left for a later run.
 *
 * @param dir The folder.
 * @param only Only temporaries of this target name (default: all).
 * @returns The paths removed.
 */
export function removeAbandoned(dir: string, only?: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const parsed = parseTempName(name);
    if (!parsed || parsed.kind !== 'tmp' || (only !== undefined && parsed.target !== only)) continue;
    const file = path.join(dir, name);
    if (!ownerGone(parsed.tag, newestChange(file, true))) continue;
    try {
      rmSync(file, { recursive: true, force: true });
      removed.push(file);
    } catch {
      // Left for a later run.
    }
  }
  return removed;
}

/**
 * When a file or folder last changed (its mtime, ms); with `deep`, also any
 * entry directly in a folder (a file being written in it).
 *
 * @param file The file or folder.
 * @param deep Also look at a folder's entries.
 * @returns The time, or now when it cannot be read.
 */
export function newestChange(file: string, deep = false): number {
  try {
    const info = lstatSync(file);
    let newest = info.mtimeMs;
    if (deep && info.isDirectory()) {
      for (const name of readdirSync(file)) {
        const child = lstatSync(path.join(file, name), { throwIfNoEntry: false });
        if (child) newest = Math.max(newest, child.mtimeMs);
      }
    }
    return newest;
  } catch {
    return Date.now();
  }
}

/** The pieces of a content, as bytes. */
function* piecesOf(content: FileContent): Generator<Uint8Array> {
  if (typeof content === 'string') yield Buffer.from(content);
  else if (content instanceof Uint8Array) yield content;
  else for (const piece of content) yield typeof piece === 'string' ? Buffer.from(piece) : piece;
}

/** An error for a write that the file system accepted only in part, and then not at all. */
function shortWrite(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, write '${file}' (a short write)`), {
    code: 'ENOSPC',
    syscall: 'write',
    path: file,
  });
}

/**
 * An error from the file system, naming `file` when it names no path (a
 * failed `write` on an open file does not).
 *
 * @param error The error thrown.
 * @param file The file being written.
 * @param always Name `file` even when the error names another path (a temporary file's).
 * @returns The same error, with `path` set.
 */
export function withPath(error: unknown, file: string, always = false): unknown {
  if (error && typeof error === 'object' && (always || !('path' in error))) {
    try {
      (error as NodeJS.ErrnoException).path = file;
    } catch {
      // A frozen error keeps what it has.
    }
  }
  return error;
}

/**
 * Write all of `bytes` to an open file: a short write is continued, and a
 * write that makes no progress is an error (`ENOSPC`).
 *
 * @param fd The open file.
 * @param bytes What to write.
 * @param file Its path, for errors.
 */
export function writeAllSync(fd: number, bytes: Uint8Array, file: string): void {
  let done = 0;
  while (done < bytes.byteLength) {
    const written = writeSync(fd, bytes, done, bytes.byteLength - done);
    if (written <= 0) throw shortWrite(file);
    done += written;
  }
}

/**
 * Write all of several buffers to an open file, in order, with as few system
 * calls as the system allows: a short write is continued where it stopped.
 *
 * @param fd The open file.
 * @param pieces What to write.
 * @param file Its path, for errors.
 */
export function writeAllvSync(fd: number, pieces: readonly Uint8Array[], file: string): void {
  let rest = pieces.filter((piece) => piece.byteLength > 0);
  while (rest.length) {
    // Some systems take at most 1,024 buffers a call.
    const batch = rest.slice(0, 1024);
    let written = writevSync(fd, batch);
    if (written <= 0) throw shortWrite(file);
    let used = 0;
    while (used < batch.length && written >= batch[used]!.byteLength) written -= batch[used++]!.byteLength;
    rest = rest.slice(used);
    if (written > 0) rest[0] = rest[0]!.subarray(written);
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array, file: string): Promise<void> {
  let done = 0;
  while (done < bytes.byteLength) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.byteLength - done);
    if (bytesWritten <= 0) throw shortWrite(file);
    done += bytesWritten;
  }
}

/**
 * Create a folder and its parents. Where Node reports a missing parent
 * (`ENOENT` from a recursive `mkdir` on a read-only or full file system),
 * the real cause is found by creating the first missing folder alone.
 *
 * @param dir The folder.
 */
export function ensureDirectorySync(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = path.resolve(dir);
    while (!statSync(path.dirname(missing), { throwIfNoEntry: false }) && path.dirname(missing) !== missing) {
      missing = path.dirname(missing);
    }
    mkdirSync(missing);
    mkdirSync(dir, { recursive: true });
  }
}

/**
 * `ensureDirectorySync`, asynchronously.
 *
 * @param dir The folder.
 */
export async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    ensureDirectorySync(dir);
  }
}

/**
 * Flush a folder's entries (a rename in it) to the disk, where the platform
 * allows it (Windows cannot open a folder for that; it is then skipped).
 *
 * @param dir The folder.
 */
export function syncDirectorySync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not supported here: the rename is still atomic, only its durability is the system's.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The file to write for `target`: the file a symbolic link points at, so the link stays a link. */
function realTarget(target: string): { file: string; mode: number | undefined } {
  try {
    const file = realpathSync(target);
    return { file, mode: statSync(file).mode & 0o7777 };
  } catch {
    return { file: path.resolve(target), mode: undefined };
  }
}

async function realTargetAsync(target: string): Promise<{ file: string; mode: number | undefined }> {
  try {
    const file = await realpath(target);
    return { file, mode: (await stat(file)).mode & 0o7777 };
  } catch {
    return { file: path.resolve(target), mode: undefined };
  }
}

/**
 * A file written whole or not at all, as a stream of writes: to a temporary
 * file beside the target, every write checked, then flushed and renamed over
 * the target by `commit`. Until then, and whatever fails, the target is as
 * it was; `abort` (or a failed `commit`) removes the temporary file.
 */
export class AtomicFileSync {
  /** Path of the temporary file. */
  readonly temp: string;
  private fd: number | undefined;

  private constructor(
    /** The file written (the target of a symbolic link when `target` is one). */
    readonly file: string,
    private readonly options: AtomicWriteOptions,
    mode: number | undefined,
  ) {
    this.temp = tempPathFor(file);
    this.fd = openSync(this.temp, 'wx', options.mode ?? mode ?? 0o666);
  }

  /**
   * Start writing a file.
   *
   * @param target The file to replace or create.
   * @param options How to write.
   * @returns The file being written.
   */
  static open(target: string, options: AtomicWriteOptions = {}): AtomicFileSync {
    const { file, mode } = realTarget(target);
    try {
      return new AtomicFileSync(file, options, mode);
    } catch (error) {
      throw withPath(error, file, true);
    }
  }

  /**
   * Append bytes or text (UTF-8).
   *
   * @param data What to write.
   */
  write(data: string | Uint8Array): void {
    if (this.fd === undefined) throw new Error('the file is closed');
    try {
      writeAllSync(this.fd, typeof data === 'string' ? Buffer.from(data) : data, this.file);
    } catch (error) {
      this.abort();
      throw withPath(error, this.file, true);
    }
  }

  /**
   * Append several buffers in order (one system call for many small ones).
   *
   * @param pieces What to write.
   */
  writev(pieces: readonly Uint8Array[]): void {
    if (this.fd === undefined) throw new Error('the file is closed');
    try {
      writeAllvSync(this.fd, pieces, this.file);
    } catch (error) {
      this.abort();
      throw withPath(error, this.file, true);
    }
  }

  /** Flush the file, rename it over the target, and flush the folder. */
  commit(): void {
    try {
      if (this.options.durable !== false) fsyncSync(this.fd!);
      closeSync(this.fd!);
      this.fd = undefined;
      if (this.options.exclusive) {
        linkSync(this.temp, this.file);
        unlinkSync(this.temp);
      } else {
        renameSync(this.temp, this.file);
      }
      if (this.options.durable !== false) syncDirectorySync(path.dirname(this.file));
    } catch (error) {
      this.abort();
      throw withPath(error, this.file, true);
    }
  }

  /** Give up: close and remove the temporary file (the target is untouched). */
  abort(): void {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already closed by the system.
      }
      this.fd = undefined;
    }
    rmSync(this.temp, { force: true });
  }
}

/**
 * Write a file whole or not at all (synchronously): to a temporary file
 * beside it, every write checked (a short write continues; no progress is
 * `ENOSPC`), flushed, then renamed over it and the folder flushed. On any
 * failure the file is as it was, the temporary file is removed, and the
 * error names the file (`error.path`).
 *
 * @param file The file to replace or create (a symbolic link's target is written).
 * @param content What it holds.
 * @param options How to write.
 */
export function writeFileAtomicSync(file: string, content: FileContent, options: AtomicWriteOptions = {}): void {
  const out = AtomicFileSync.open(file, options);
  for (const piece of piecesOf(content)) out.write(piece);
  out.commit();
}

/**
 * `writeFileAtomicSync`, asynchronously: the one way qbank writes a file that
 * must never be seen half written (bundles, archives, source edits).
 *
 * @param file The file to replace or create (a symbolic link's target is written).
 * @param content What it holds.
 * @param options How to write.
 */
export async function writeFileAtomic(
  file: string,
  content: FileContent,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const target = await realTargetAsync(file);
  const temp = tempPathFor(target.file);
  try {
    await writeNewFile(temp, content, { ...options, mode: options.mode ?? target.mode });
    if (options.exclusive) {
      await link(temp, target.file);
      await unlink(temp);
    } else {
      await rename(temp, target.file);
    }
    if (options.durable !== false) syncDirectorySync(path.dirname(target.file));
  } catch (error) {
    await rm(temp, { force: true });
    throw withPath(error, target.file, true);
  }
}

/**
 * Write a new file fully (it must not exist), every write checked, and flush
 * it: for files inside a temporary folder that is renamed into place as a
 * whole. A failure leaves a partial file for the caller to remove with its
 * folder.
 *
 * @param file The file to create.
 * @param content What it holds.
 * @param options `mode`, and `durable: false` to skip the flush.
 */
export async function writeNewFile(
  file: string,
  content: FileContent,
  options: AtomicWriteOptions = {},
): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'wx', options.mode ?? 0o666);
    for (const piece of piecesOf(content)) await writeAll(handle, piece, file);
    if (options.durable !== false) await handle.sync();
  } catch (error) {
    throw withPath(error, file);
  } finally {
    await handle?.close();
  }
}

/**
 * Append bytes to a file (created if missing), every write checked. Not
 * atomic: a failure may leave part of the bytes at the end, which a reader
 * must be able to tell (the cache's lines carry checksums).
 *
 * @param file The file.
 * @param bytes What to append.
 */
export function appendFileFullySync(file: string, bytes: Uint8Array): void {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'a', 0o666);
    writeAllSync(fd, bytes, file);
  } catch (error) {
    throw withPath(error, file);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
