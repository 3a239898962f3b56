import { readFileSync, statSync } from 'node:fs';
import { sha256 } from '@qbank/core';
import type { ImageState } from './model.js';
import type { FileStamp } from './run-records.js';

/**
 * The one memo of image hashes: an image is hashed once per process while
 * its size, mtime and inode stay the same (a result is reused only when the
 * images it names hash as they did; a run record keeps their stamps).
 */
const imageHashes = new Map<string, ImageState>();

/**
 * The current state of an image file.
 *
 * @param path Absolute path.
 * @returns Its sha256, or `null` when it is not a readable file.
 */
export function imageState(path: string): ImageState {
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { path, hash: null };
    const stamp = { size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
    const known = imageHashes.get(path);
    if (
      known?.stamp &&
      known.stamp.size === stamp.size &&
      known.stamp.mtimeMs === stamp.mtimeMs &&
      known.stamp.ino === stamp.ino
    ) {
      return known;
    }
    const state = { path, hash: sha256(readFileSync(path)), stamp };
    imageHashes.set(path, state);
    return state;
  } catch {
    return { path, hash: null };
  }
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
