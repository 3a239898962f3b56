import { createHash } from 'node:crypto';
import type { ManifestFile } from './model.js';

/**
 * The manifest entry of a bundle file: size, hex sha256 and an SRI string.
 *
 * @param filePath Path relative to the bundle root.
 * @param bytes The file's bytes.
 * @returns The entry.
 */
export function fileEntry(filePath: string, bytes: Uint8Array): ManifestFile {
  const digest = createHash('sha256').update(bytes).digest();
  return {
    path: filePath,
    size: bytes.byteLength,
    sha256: digest.toString('hex'),
    integrity: `sha256-${digest.toString('base64')}`,
  };
}
