import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256 } from '@qbank/core';
import type { NearDuplicateSnapshot } from '@qbank/lint';
import { writeCacheFile } from './cache.js';

/** The near-duplicate rule's work between processes: `.qbank-cache/similar.v1`. */
const snapshotFile = 'similar.v1';
const snapshotFormat = 'qbank-similar/1';

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
    const [head, body] = readFileSync(path.join(cacheDir, snapshotFile), 'utf8').split('\n');
    const header = JSON.parse(head!) as { format?: unknown; digest?: unknown; sum?: unknown };
    if (header.format !== snapshotFormat || header.digest !== digest || header.sum !== sha256(body!)) return undefined;
    const snapshot = JSON.parse(body!) as NearDuplicateSnapshot;
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
  const body = JSON.stringify(snapshot);
  const header = JSON.stringify({ format: snapshotFormat, digest, sum: sha256(body) });
  writeCacheFile(cacheDir, path.join(cacheDir, snapshotFile), `${header}\n${body}`);
}
