import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Read at most `size` bytes from the start of a file, whatever its real size: a file that grows
 * while it is read, or that lies about its size, never makes this read more.
 *
 * @param file Path of the file.
 * @param size Most bytes to read.
 * @returns The bytes read (fewer when the file is shorter).
 */
export function readFilePrefixSync(file: string, size: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
