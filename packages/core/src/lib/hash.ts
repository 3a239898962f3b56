import { createHash } from 'node:crypto';

/**
 * Hex sha256 of a string (hashed as UTF-8) or of bytes.
 *
 * @param data Text or bytes to hash.
 * @returns The 64-character lowercase hex digest.
 */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
