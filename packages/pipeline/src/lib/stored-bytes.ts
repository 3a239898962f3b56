import { closeSync, openSync, readSync } from 'node:fs';
import type { StoredBytes } from '@qbank/compiler';

/** Closes a file once nothing refers to it any more. */
const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Closed already.
  }
});

/**
 * A file opened for reading, that parts of it (`FileBytes`) are read from
 * later, closed when no part refers to it any more. The cache's files are
 * replaced by renaming and only ever appended to, and the workers' files are
 * removed while open: what was read from it stays as it was.
 */
export class OpenFile {
  /** The file descriptor. */
  readonly fd: number;

  /**
   * @param file Absolute path.
   */
  constructor(readonly file: string) {
    this.fd = openSync(file, 'r');
    closer.register(this, this.fd);
  }

  /**
   * Bytes of the file, read now.
   *
   * @param offset Where they start.
   * @param length How many.
   * @returns A new buffer; throws when the file is shorter.
   */
  read(offset: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    this.readInto(bytes, 0, offset, length);
    return bytes;
  }

  /**
   * Read bytes of the file into a buffer.
   *
   * @param target Where to put them.
   * @param at Where in `target`.
   * @param offset Where in the file.
   * @param length How many; throws when the file is shorter.
   */
  readInto(target: Uint8Array, at: number, offset: number, length: number): void {
    let done = 0;
    while (done < length) {
      const read = readSync(this.fd, target, at + done, length - done, offset + done);
      if (read === 0) throw new Error(`${this.file} is shorter than qbank wrote it`);
      done += read;
    }
  }
}

/**
 * A prepared record's bytes left in the cache's file (or a worker's), read
 * when its chunk is hashed or written: a build holds a few bytes per record,
 * not its four kilobytes.
 */
export class FileBytes implements StoredBytes {
  /**
   * @param file The open file.
   * @param offset Where the bytes start.
   * @param byteLength How many.
   */
  constructor(
    private readonly file: OpenFile,
    private readonly offset: number,
    readonly byteLength: number,
  ) {}

  /**
   * Copy the bytes into a buffer.
   *
   * @param target Where to copy them.
   * @param offset Where in `target` they start.
   */
  readInto(target: Uint8Array, offset: number): void {
    this.file.readInto(target, offset, this.offset, this.byteLength);
  }
}
