import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '@qbank/core';
import { readSourceFile } from '@qbank/parser';
import { fileKey, prepareCacheDir } from './cache.js';

const recordsFile = 'runs.v1.json';
const recordFormat = 'qbank-runs/1';
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

function readRecords(cacheDir: string): RunRecord[] {
  try {
    const data = JSON.parse(readFileSync(path.join(cacheDir, recordsFile), 'utf8')) as {
      format?: unknown;
      records?: unknown;
    };
    return data.format === recordFormat && Array.isArray(data.records) ? (data.records as RunRecord[]) : [];
  } catch {
    return [];
  }
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
  const record = readRecords(cacheDir).find((r) => r.settings === settings);
  if (!record || !Array.isArray(record.files) || record.files.length !== paths.length) return undefined;
  for (let i = 0; i < paths.length; i++) {
    const seen = record.files[i]!;
    if (seen.path !== paths[i]) return undefined;
    const now = stampOf(seen.path);
    const sameStamp =
      now.size === seen.size &&
      now.mtimeMs === seen.mtimeMs &&
      now.ino === seen.ino &&
      seen.mtimeMs < record.recordedAt - racyMs;
    if (sameStamp) continue;
    const file = readSourceFile(seen.path);
    if (file.value === undefined || fileKey(seen.path, String(file.value)) !== seen.key) return undefined;
  }
  return record;
}

/**
 * Keep the record of a finished run (replacing one with the same settings),
 * atomically; failing to write only loses speed.
 *
 * @param cacheDir The cache directory.
 * @param record What the run saw and printed.
 */
export function saveRunRecord(cacheDir: string, record: RunRecord): void {
  const records = [record, ...readRecords(cacheDir).filter((r) => r.settings !== record.settings)].slice(0, maxRecords);
  const temp = path.join(cacheDir, `.${recordsFile}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    prepareCacheDir(cacheDir);
    writeFileSync(temp, JSON.stringify({ format: recordFormat, records }));
    renameSync(temp, path.join(cacheDir, recordsFile));
  } catch {
    rmSync(temp, { force: true });
  }
}
