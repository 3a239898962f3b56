import { createHash } from 'node:crypto';
import type { BundleFileContent, ManifestFile, RecordBytes } from './model.js';

/**
 * The manifest entry of a bundle file: size, hex sha256 and an SRI string.
 *
 * @param filePath Path relative to the bundle root.
 * @param content The file's bytes, or its pieces in order.
 * @returns The entry.
 */
export function fileEntry(filePath: string, content: BundleFileContent): ManifestFile {
  const hash = createHash('sha256');
  for (const block of contentBlocks(content)) hash.update(block);
  const digest = hash.digest();
  return {
    path: filePath,
    size: contentSize(content),
    sha256: digest.toString('hex'),
    integrity: `sha256-${digest.toString('base64')}`,
  };
}

/**
 * The size of a bundle file's content.
 *
 * @param content Its bytes, or its pieces.
 * @returns Bytes.
 */
export function contentSize(content: BundleFileContent): number {
  return isPieces(content) ? content.reduce((sum, part) => sum + part.byteLength, 0) : content.byteLength;
}

/**
 * A bundle file's content as one buffer (its pieces joined).
 *
 * @param content Its bytes, or its pieces.
 * @returns The bytes.
 */
export function contentBytes(content: BundleFileContent): Uint8Array {
  if (!isPieces(content)) return content;
  const bytes = Buffer.allocUnsafe(contentSize(content));
  let at = 0;
  for (const part of content) {
    copyInto(part, bytes, at);
    at += part.byteLength;
  }
  return bytes;
}

/**
 * A record's bytes in memory: as they are, or read from the file that keeps them.
 *
 * @param bytes The record's bytes, in memory or stored.
 * @returns The bytes.
 */
export function bytesOf(bytes: RecordBytes): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  const read = Buffer.allocUnsafe(bytes.byteLength);
  bytes.readInto(read, 0);
  return read;
}

/** Copy bytes, in memory or stored, into a buffer at an offset. */
function copyInto(part: RecordBytes, target: Uint8Array, offset: number): void {
  if (part instanceof Uint8Array) target.set(part, offset);
  else part.readInto(target, offset);
}

/** Pieces are gathered into blocks of this size: hashing or writing 20,000 small pieces one by one costs more than copying them. */
const blockSize = 1 << 16;

/**
 * A bundle file's content in blocks of about 64 KB, for hashing and writing.
 * A block made of several pieces is a copy that the next block reuses: use
 * each before asking for the next.
 *
 * @param content Its bytes, or its pieces.
 * @yields The blocks, in order.
 */
export function* contentBlocks(content: BundleFileContent): Generator<Uint8Array> {
  if (!isPieces(content)) {
    yield content;
    return;
  }
  const scratch = Buffer.allocUnsafe(blockSize);
  let used = 0;
  for (const part of content) {
    if (part.byteLength >= blockSize) {
      if (used) yield scratch.subarray(0, used);
      used = 0;
      yield bytesOf(part);
    } else {
      if (used + part.byteLength > blockSize) {
        yield scratch.subarray(0, used);
        used = 0;
      }
      copyInto(part, scratch, used);
      used += part.byteLength;
    }
  }
  if (used) yield scratch.subarray(0, used);
}

function isPieces(content: BundleFileContent): content is readonly RecordBytes[] {
  return Array.isArray(content);
}
