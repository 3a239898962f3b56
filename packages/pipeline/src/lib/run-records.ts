import { readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '@qbank/core';
import { readSourceFile } from '@qbank/parser';
import { readCacheFile, writeCacheFile } from './cache-file.js';
import { fileKey } from './entry-encoding.js';
import { imageState } from './images.js';

const recordsDir = 'runs.v1';
const recordFormat = 'qbank-runs/5';
const recordExtension = '.run';
/** Records kept: one per recent combination of command, options and paths. */
const maxRecords = 8;
/**
 * A file whose mtime is this close to when the record was made may have been
 * written again within the same clock tick: its content is checked, not its
 * stamp (git's "racily clean" entries).
 */
const racyMs = 2000;

/** A file as a run saw it: its stat stamp and the key of the content read. */
export interface FileStamp {
  /** Absolute path. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Modification time, ms. */
  mtimeMs: number;
  /** Inode number. */
  ino: number;
  /** `fileKey` of the content, or `null` when it could not be read. */
  key: string | null;
  /** The git blob id of the bytes read, when known. */
  blob?: string | null | undefined;
}

/**
 * What a finished run of `validate` or `build` printed, so that the same
 * run on the same files can be answered without doing it again.
 */
export interface RunRecord {
  /** Digest of the command, its options and the environment. */
  settings: string;
  /** The files it read. */
  files: FileStamp[];
  /** The images those files name (`key`: sha256 of the bytes; `null` when missing). */
  images: FileStamp[];
  /** When it was recorded (clock ms; used only to spot racy stamps). */
  recordedAt: number;
  /** Its diagnostics (`file` absolute). */
  diagnostics: Diagnostic[];
  /** Number of files checked. */
  filesChecked: number;
  /** What the command produced, for it to verify and report (a build: the bundle's manifest hash). */
  outcome: Record<string, unknown>;
}

/**
 * The stamp of a file before it is read.
 *
 * @param filePath Absolute path.
 * @returns Size, mtime and inode, with no key yet (`key: null`).
 */
export function stampOf(filePath: string): FileStamp {
  try {
    const stat = statSync(filePath);
    return { path: filePath, size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino, key: null };
  } catch {
    return { path: filePath, size: -1, mtimeMs: -1, ino: -1, key: null };
  }
}

/** Whether two stamps of a file are the same (a missing file is never the same). */
function sameFile(a: FileStamp, b: FileStamp): boolean {
  return a.size !== -1 && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/** Whether a file has the stamp a run saw, taken clear of the racy window before the run was recorded. */
function sameStamp(seen: FileStamp, now: FileStamp, recordedAt: number): boolean {
  return (
    now.size === seen.size &&
    now.mtimeMs === seen.mtimeMs &&
    now.ino === seen.ino &&
    seen.size !== -1 &&
    seen.mtimeMs < recordedAt - racyMs
  );
}

/** A record as read: its diagnostics still as text, parsed only for a run answered from it. */
interface ReadRecord {
  record: Omit<RunRecord, 'diagnostics'>;
  diagnostics: string;
}

/**
 * The records of finished runs (`.qbank-cache/runs.v1/`): one cache file per
 * settings digest (`cache-file.ts`: header with the settings as its digest,
 * checksum of the record). The record is one line and its diagnostics the
 * next: a run that changed a file needs only the first (the diagnostics of
 * 10,000 near-duplicate warnings are 7 MB). A record whose checksum does not
 * hold is damaged: it is removed, counted, and answers nothing.
 */
export class RunRecords {
  /** Paths of the damaged records found. */
  readonly damaged: string[] = [];
  private readonly dir: string;
  /** Records read, by file, with the stamp the file had. */
  private readonly lastRead = new Map<string, { stamp: FileStamp; read: ReadRecord | undefined }>();

  /**
   * @param cacheDir The cache directory.
   */
  constructor(private readonly cacheDir: string) {
    this.dir = path.join(cacheDir, recordsDir);
  }

  /** The record files, newest first. */
  private newestFirst(): string[] {
    return readdirSync(this.dir)
      .filter((name) => name.endsWith(recordExtension) || name.endsWith('.json'))
      .map((name) => ({ file: path.join(this.dir, name), mtimeMs: statSync(path.join(this.dir, name)).mtimeMs }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs)
      .map((entry) => entry.file);
  }

  /**
   * A record file, read and parsed, when it is ours (the caller checks its
   * settings). A build asks for the same file twice (`find`, then
   * `recordedKeys`): it is read once while its stamp holds.
   */
  private read(file: string): ReadRecord | undefined {
    const stamp = stampOf(file);
    const known = this.lastRead.get(file);
    if (known && sameFile(known.stamp, stamp)) return known.read;
    const { state, body } = readCacheFile(file, recordFormat);
    if (state === 'corrupt') {
      this.damaged.push(file);
      rmSync(file, { force: true });
    }
    let read: ReadRecord | undefined;
    try {
      const end = body?.indexOf('\n') ?? -1;
      read =
        end === -1
          ? undefined
          : { record: JSON.parse(body!.slice(0, end)) as ReadRecord['record'], diagnostics: body!.slice(end + 1) };
    } catch {
      read = undefined;
    }
    if (state !== 'corrupt') this.lastRead.set(file, { stamp, read });
    return read;
  }

  /**
   * The content keys of files that are as the most recent recorded run read
   * them, so that they can be found in the cache without being read and
   * hashed again. A file is as it was when its stamp is the same (and not
   * racy), as git's index decides; or, where stamps say nothing (a fresh
   * checkout in CI gives every file a new mtime), when git holds the very
   * bytes the run read (same blob id).
   *
   * @param stamps The files' stamps now (`stampOf`).
   * @param blobs The blob ids of the files' current content, by path; asked
   *   only when some stamp differs (`git ls-tree` costs a process).
   * @returns Per file, its key and blob id as recorded, or `null` when it must be read.
   */
  recordedKeys(
    stamps: readonly FileStamp[],
    blobs?: () => ReadonlyMap<string, string>,
  ): ({ key: string; blob: string | null } | null)[] {
    let seen = new Map<string, FileStamp>();
    let recordedAt = 0;
    try {
      const newest = this.newestFirst()[0];
      const record = newest === undefined ? undefined : this.read(newest)?.record;
      if (record && Array.isArray(record.files)) {
        recordedAt = Number(record.recordedAt) || 0;
        seen = new Map(record.files.map((stamp) => [stamp.path, stamp]));
      }
    } catch {
      // No record, or one that is not what qbank writes: every file is read.
    }
    let current: ReadonlyMap<string, string> | undefined;
    return stamps.map((now) => {
      const then = seen.get(now.path);
      if (!then || typeof then.key !== 'string') return null;
      const recorded = { key: then.key, blob: typeof then.blob === 'string' ? then.blob : null };
      if (sameStamp(then, now, recordedAt)) return recorded;
      if (!blobs || recorded.blob === null) return null;
      try {
        current ??= blobs();
      } catch {
        current = new Map();
      }
      return current.get(now.path) === recorded.blob ? recorded : null;
    });
  }

  private fileOf(settings: string): string {
    return path.join(this.dir, `${settings.slice(0, 32)}${recordExtension}`);
  }

  /**
   * The record of an earlier run with the same settings over the same files,
   * unchanged since: same paths, and each file either with the same stamp
   * (not racy) or, when its stamp differs, with the same content.
   *
   * @param settings Digest of the command, its options and the environment.
   * @param paths The files the run would read, sorted.
   * @returns The record, or `undefined` when the run must be done.
   */
  find(settings: string, paths: readonly string[]): RunRecord | undefined {
    // A record is checked like the cache: one that is not what qbank writes answers nothing.
    try {
      const read = this.read(this.fileOf(settings));
      if (read?.record.settings !== settings || !matchRecord(read.record, paths)) return undefined;
      const diagnostics = JSON.parse(read.diagnostics) as unknown;
      return Array.isArray(diagnostics) ? { ...read.record, diagnostics: diagnostics as Diagnostic[] } : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Keep the record of a finished run (replacing one with the same settings),
   * whole or not at all; failing to write only loses speed. The most recent
   * few are kept: one per combination of command, options and paths in use.
   *
   * @param record What the run saw and printed.
   */
  save({ diagnostics, ...record }: RunRecord): void {
    const body = `${JSON.stringify(record)}\n${JSON.stringify(diagnostics)}`;
    if (
      !writeCacheFile(
        this.cacheDir,
        this.fileOf(record.settings),
        { format: recordFormat, digest: record.settings },
        body,
      )
    ) {
      return;
    }
    try {
      for (const old of this.newestFirst().slice(maxRecords)) rmSync(old, { force: true });
    } catch {
      // Old records left over only take room.
    }
  }
}

/** Whether a record is of a run over `paths` that have not changed since. */
function matchRecord(record: ReadRecord['record'], paths: readonly string[]): boolean {
  if (
    !Array.isArray(record.files) ||
    typeof record.filesChecked !== 'number' ||
    typeof record.recordedAt !== 'number' ||
    typeof record.outcome !== 'object' ||
    record.outcome === null ||
    record.files.length !== paths.length
  ) {
    return false;
  }
  const unchanged = (seen: FileStamp) => sameStamp(seen, stampOf(seen.path), record.recordedAt);
  for (let i = 0; i < paths.length; i++) {
    const seen = record.files[i]!;
    if (seen.path !== paths[i]) return false;
    if (unchanged(seen)) continue;
    const file = readSourceFile(seen.path);
    if (file.value === undefined || fileKey(seen.path, String(file.value)) !== seen.key) return false;
  }
  for (const image of Array.isArray(record.images) ? record.images : [undefined]) {
    if (!image) return false;
    if (
      image.key === null
        ? stampOf(image.path).size !== -1
        : !unchanged(image) && imageState(image.path).hash !== image.key
    ) {
      return false;
    }
  }
  return true;
}
