import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '@qbank/core';
import { readSourceFile } from '@qbank/parser';
import { fileKey, writeCacheFile } from './cache.js';
import type { ImageState } from './model.js';
import { imageState } from './process.js';

const recordsDir = 'runs.v1';
const recordFormat = 'qbank-runs/2';
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

/**
 * The content keys of files that are as the most recent recorded run read
 * them, so that they can be found in the cache without being read and hashed
 * again: the unchanged rest of a bank under `--changed-since`. A file is as
 * it was when its stamp is the same (and not racy), as git's index decides;
 * or, where stamps say nothing (a fresh checkout in CI gives every file a new
 * mtime), when git holds the very bytes the run read (same blob id).
 *
 * @param cacheDir The cache directory.
 * @param stamps The files' stamps now (`stampOf`).
 * @param blobs The blob ids of the files' current content, by path; asked
 *   only when some stamp differs (`git ls-tree` costs a process).
 * @returns Per file, its key and blob id as recorded, or `null` when it must be read.
 */
export function recordedKeys(
  cacheDir: string,
  stamps: readonly FileStamp[],
  blobs?: () => ReadonlyMap<string, string>,
): ({ key: string; blob: string | null } | null)[] {
  let seen = new Map<string, FileStamp>();
  let recordedAt = 0;
  try {
    const dir = path.join(cacheDir, recordsDir);
    const newest = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ file: path.join(dir, name), mtimeMs: statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
    const record = newest && readRecordFile(newest.file);
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

function recordPath(cacheDir: string, settings: string): string {
  return path.join(cacheDir, recordsDir, `${settings.slice(0, 32)}.json`);
}

function readRecord(cacheDir: string, settings: string): RunRecord | undefined {
  const record = readRecordFile(recordPath(cacheDir, settings));
  return record?.settings === settings ? record : undefined;
}

/** Run records found damaged (their checksum did not hold) and not reported yet. */
let damaged: string[] = [];

/**
 * The run records found damaged since the last call, each reported once: a
 * damaged record is ignored (the run is done in full) and removed.
 *
 * @returns Their paths.
 */
export function damagedRunRecords(): string[] {
  const found = damaged;
  damaged = [];
  return found;
}

function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * A run record file: one JSON object, `{"format":…,"sha256":…,"record":…}`,
 * whose `sha256` is of the record's JSON text as written. A record whose
 * checksum does not hold is damaged: it is removed, noted for
 * `damagedRunRecords`, and answers nothing.
 */
function readRecordFile(file: string): RunRecord | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const match = /^\{"format":"(qbank-runs\/[^"]*)"(?:,"sha256":"([0-9a-f]{64})","record":)?/.exec(text);
  // Another version's record is sound but not ours to read.
  if (match && match[1] !== recordFormat) return undefined;
  const body = match?.[2] && text.endsWith('}') ? text.slice(match[0].length, -1) : undefined;
  try {
    if (body !== undefined && match![2] === digestOf(body)) return JSON.parse(body) as RunRecord;
  } catch {
    // Damaged below.
  }
  damaged.push(file);
  rmSync(file, { force: true });
  return undefined;
}

/**
 * The record of an earlier run with the same settings over the same files,
 * unchanged since: same paths, and each file either with the same stamp (not
 * racy) or, when its stamp differs, with the same content.
 *
 * @param cacheDir The cache directory.
 * @param settings Digest of the command, its options and the environment.
 * @param paths The files the run would read, sorted.
 * @returns The record, or `undefined` when the run must be done.
 */
export function findRunRecord(cacheDir: string, settings: string, paths: readonly string[]): RunRecord | undefined {
  // A record is checked like the cache: one that is not what qbank writes answers nothing.
  try {
    return matchRecord(readRecord(cacheDir, settings), paths);
  } catch {
    return undefined;
  }
}

function matchRecord(record: RunRecord | undefined, paths: readonly string[]): RunRecord | undefined {
  if (
    !record ||
    !Array.isArray(record.files) ||
    !Array.isArray(record.diagnostics) ||
    typeof record.filesChecked !== 'number' ||
    typeof record.recordedAt !== 'number' ||
    typeof record.outcome !== 'object' ||
    record.outcome === null ||
    record.files.length !== paths.length
  ) {
    return undefined;
  }
  const unchanged = (seen: FileStamp) => sameStamp(seen, stampOf(seen.path), record.recordedAt);
  for (let i = 0; i < paths.length; i++) {
    const seen = record.files[i]!;
    if (seen.path !== paths[i]) return undefined;
    if (unchanged(seen)) continue;
    const file = readSourceFile(seen.path);
    if (file.value === undefined || fileKey(seen.path, String(file.value)) !== seen.key) return undefined;
  }
  for (const image of Array.isArray(record.images) ? record.images : [undefined]) {
    if (!image) return undefined;
    if (
      image.key === null
        ? stampOf(image.path).size !== -1
        : !unchanged(image) && imageState(image.path).hash !== image.key
    ) {
      return undefined;
    }
  }
  return record;
}

/**
 * The stamps of images as a run saw them.
 *
 * @param images The images named by the run's files, with their hashes.
 * @returns Their stamps, `key` being the sha256 (or `null` when missing).
 */
export function imageStamps(images: readonly ImageState[]): FileStamp[] {
  // The stamp taken when the bytes were hashed: a later change then shows as a changed stamp.
  return images.map((image) => ({
    path: image.path,
    size: image.stamp?.size ?? -1,
    mtimeMs: image.stamp?.mtimeMs ?? -1,
    ino: image.stamp?.ino ?? -1,
    key: image.hash,
  }));
}

/**
 * Keep the record of a finished run (replacing one with the same settings),
 * atomically, in a file of its own with a checksum of its content; failing
 * to write only loses speed.
 *
 * @param cacheDir The cache directory.
 * @param record What the run saw and printed.
 */
export function saveRunRecord(cacheDir: string, record: RunRecord): void {
  const target = recordPath(cacheDir, record.settings);
  const body = JSON.stringify(record);
  const text = `{"format":"${recordFormat}","sha256":"${digestOf(body)}","record":${body}}`;
  if (!writeCacheFile(cacheDir, target, text)) return;
  try {
    // Keep the most recent few: one per combination of command, options and paths in use.
    const others = readdirSync(path.dirname(target))
      .filter((name) => name.endsWith('.json'))
      .map((name) => path.join(path.dirname(target), name))
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
    for (const old of others.slice(maxRecords)) rmSync(old, { force: true });
  } catch {
    // Old records left over only take room.
  }
}
