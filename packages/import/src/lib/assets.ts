import { createHash } from 'node:crypto';

/**
 * The name an image gets in the bank: a hash of its bytes and its extension,
 * so the same image is written once however often it is imported.
 *
 * @param name The image's name in the source.
 * @param bytes Its bytes.
 * @returns `<sha256 prefix>.<ext>`.
 */
export function assetFileName(name: string, bytes: Uint8Array): string {
  const extension = (/\.([a-z0-9]{1,5})$/i.exec(name)?.[1] ?? 'bin').toLowerCase();
  return `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${extension}`;
}
