import { openSync, writeSync } from 'node:fs';
import { bytesOf } from '@qbank/compiler';
import { encodeEntry, type EntryLines } from './entry-encoding.js';
import type { FileResult, SourceKey, WorkDone, WorkItem } from './model.js';

/** Where a worker wrote a result's cache entry: the place of each line in its file. */
export interface SpilledEntry {
  /** The two files' path without its extension (`spillExtensions`). */
  base: string;
  /** Offset and length of the results line. */
  results: [number, number];
  /** Offset and length of the compiled line. */
  compiled: [number, number];
}

/** What a worker sends back for a file: its result, or where it wrote the result's cache entry. */
export interface WorkerReply {
  /** The result, when sent whole. */
  result: FileResult | null;
  /** As `WorkDone.read`. */
  read: SourceKey | null;
  /** Where the entry is, when written out. */
  spilled?: SpilledEntry | undefined;
}

/** The extensions of a thread's two entry files: results lines, compiled lines. */
export const spillExtensions = ['.results', '.compiled'] as const;

/**
 * Two files a thread writes its results' cache entries to (`<base>.results`,
 * `<base>.compiled`), so that the main thread holds none of them while files
 * are processed: it reads them back once they are all done.
 */
export class EntrySpill {
  private readonly fds: [number | undefined, number | undefined] = [undefined, undefined];
  private readonly sizes: [number, number] = [0, 0];
  private failed = false;

  /**
   * @param base The files' path without the extension.
   */
  constructor(private readonly base: string) {}

  /**
   * The reply for a processed file: where its entry was written when the cache
   * will keep it (its key is known), else the result itself.
   *
   * @param item The file as it was sent.
   * @param done Its result.
   * @returns The reply.
   */
  reply(item: WorkItem, done: WorkDone): WorkerReply {
    const spilled = (item.value !== undefined || done.read) && this.write(encodeEntry(done.result));
    return spilled ? { result: null, read: done.read, spilled } : done;
  }

  /** Write an entry's lines; where they went, or nothing when they could not be written. */
  private write(lines: EntryLines): SpilledEntry | undefined {
    if (this.failed) return undefined;
    const places: [number, number][] = [];
    try {
      for (const part of [0, 1] as const) {
        const fd = (this.fds[part] ??= openSync(`${this.base}${spillExtensions[part]}`, 'w'));
        const start = this.sizes[part];
        for (const text of lines[part]) {
          const piece = typeof text === 'string' ? Buffer.from(text) : bytesOf(text);
          let written = 0;
          while (written < piece.length) written += writeSync(fd, piece, written);
          this.sizes[part] += piece.length;
        }
        places.push([start, this.sizes[part] - start]);
      }
    } catch {
      // No room to write: this and later results go whole instead (the files are now unusable).
      this.failed = true;
      return undefined;
    }
    return { base: this.base, results: places[0]!, compiled: places[1]! };
  }
}
