import { openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { loadEnvironment } from './environment.js';
import { processWorkItem } from './process.js';
import { encodeEntry, type EntryLines } from './entry-encoding.js';
import { spillExtensions, type SpilledEntry, type WorkerReply, type WorkerSetup, type WorkItem } from './workers.js';

/**
 * The body of a worker thread started by `processInWorkers`: load the
 * environment once, then process each batch of files sent to it. A program
 * that bundles qbank calls this from its own `worker.js`, next to the bundle.
 */
export function startWorker(): void {
  if (!parentPort) throw new Error('startWorker() runs in a worker thread');
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const { environment } = loadEnvironment(setup.config, setup.cwd);
  if (!environment) throw new Error('the worker could not load the taxonomy or registries');
  const spill = setup.spill === undefined ? undefined : new EntrySpill(path.join(setup.spill, String(threadId)));
  port.on('message', (batch: WorkItem[]) => {
    const replies = batch.map((item): WorkerReply => {
      const done = processWorkItem(item, environment, setup.cwd);
      // A result the cache will keep (its key is known) goes as its cache entry, written out.
      const spilled = (item.value !== undefined || done.read) && spill?.write(encodeEntry(done.result));
      return spilled ? { result: null, read: done.read, spilled } : done;
    });
    port.postMessage(replies, recordBuffers(replies));
  });
}

/**
 * Two files a worker writes its results' cache entries to (`<base>.results`,
 * `<base>.compiled`), so that the main thread holds none of them while the
 * workers run: it reads them back once they are all done.
 */
class EntrySpill {
  private readonly fds: [number | undefined, number | undefined] = [undefined, undefined];
  private readonly sizes: [number, number] = [0, 0];
  private failed = false;

  constructor(private readonly base: string) {}

  /** Write an entry's lines; where they went, or nothing when they could not be written. */
  write(lines: EntryLines): SpilledEntry | undefined {
    if (this.failed) return undefined;
    const places: [number, number][] = [];
    try {
      for (const part of [0, 1] as const) {
        const fd = (this.fds[part] ??= openSync(`${this.base}${spillExtensions[part]}`, 'w'));
        const start = this.sizes[part];
        for (const text of lines[part]) {
          const piece = typeof text === 'string' ? Buffer.from(text) : text;
          let written = 0;
          while (written < piece.length) written += writeSync(fd, piece, written);
          this.sizes[part] += piece.length;
        }
        places.push([start, this.sizes[part] - start]);
      }
    } catch {
      // No room to write: this and later results go by message instead (the files are now unusable).
      this.failed = true;
      return undefined;
    }
    return { base: this.base, results: places[0]!, compiled: places[1]! };
  }
}

/**
 * The buffers of the prepared records of results sent whole, to be moved to
 * the main thread rather than copied into the message. A record that is a
 * view of a larger buffer (Node's pool) is copied out first: moving the pool
 * would take other buffers with it.
 */
function recordBuffers(replies: WorkerReply[]): ArrayBuffer[] {
  const moved: ArrayBuffer[] = [];
  for (const { result } of replies) {
    const record = result?.compiled?.record;
    if (!record) continue;
    let json = record.json;
    if (json.byteOffset !== 0 || json.byteLength !== json.buffer.byteLength || !(json.buffer instanceof ArrayBuffer)) {
      json = new Uint8Array(json);
      record.json = json;
    }
    moved.push(json.buffer as ArrayBuffer);
  }
  return moved;
}
