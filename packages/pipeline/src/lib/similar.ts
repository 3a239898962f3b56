import path from 'node:path';
import type { NearDuplicateSnapshot } from '@qbank/lint';
import { readCacheFile, writeCacheFile } from './cache-file.js';

/** The near-duplicate rule's work between processes: `.qbank-cache/similar.v1`. */
const snapshotFile = 'similar.v1';
const snapshotFormat = 'qbank-similar/3';

/**
 * The near-duplicate snapshot saved under this environment digest, when there
 * is a sound one (right format and digest, checksum holds, plain shape).
 *
 * @param cacheDir The cache directory.
 * @param digest The environment digest it must have been saved under.
 * @returns The snapshot, or `undefined`.
 */
export function readSnapshot(cacheDir: string, digest: string): NearDuplicateSnapshot | undefined {
  try {
    const { body } = readCacheFile(path.join(cacheDir, snapshotFile), snapshotFormat, digest);
    if (body === undefined) return undefined;
    const snapshot = JSON.parse(body) as NearDuplicateSnapshot;
    const sound =
      typeof snapshot.threshold === 'number' &&
      Array.isArray(snapshot.questions) &&
      snapshot.questions.every((q) => typeof q?.path === 'string' && typeof q.phrases === 'string') &&
      Array.isArray(snapshot.pairs) &&
      snapshot.pairs.every(
        (p) =>
          Array.isArray(p) &&
          p.length === 3 &&
          Number.isInteger(p[0]) &&
          Number.isInteger(p[1]) &&
          typeof p[2] === 'number' &&
          p[2] >= 0 &&
          p[2] <= 1,
      );
    return sound ? snapshot : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Save a near-duplicate snapshot, whole or not at all; failing to write only
 * costs time.
 *
 * @param cacheDir The cache directory.
 * @param digest The environment digest.
 * @param snapshot The rule's work.
 */
export function writeSnapshot(cacheDir: string, digest: string, snapshot: NearDuplicateSnapshot): void {
  writeCacheFile(
    cacheDir,
    path.join(cacheDir, snapshotFile),
    { format: snapshotFormat, digest },
    JSON.stringify(snapshot),
  );
}
