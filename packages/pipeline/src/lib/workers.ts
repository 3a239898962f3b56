import { existsSync, mkdirSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { tempPathFor } from '@qbank/core';
import type { ProjectConfig } from '@qbank/project';
import { sweepTemporaries } from './cache-file.js';
import { decodeEntry } from './entry-encoding.js';
import { spillExtensions, type WorkerReply } from './entry-spill.js';
import type { EntryBytes, WorkDone, WorkItem } from './model.js';
import { FileBytes, OpenFile } from './stored-bytes.js';

/** What a worker thread is started with. */
export interface WorkerSetup {
  /** The config; the worker loads the taxonomy and registries from it. */
  config: ProjectConfig;
  /** Working directory. */
  cwd: string;
  /** A directory for the worker to write cache entries to, two files per thread. */
  spill?: string | undefined;
}

/** Files per message: large enough to amortise messaging, small enough to balance the load. */
const batchSize = 32;

/**
 * A young generation of 8 MB, not V8's default of three 16 MB semi-spaces: a
 * worker's garbage is one file's syntax tree at a time. Measured on the
 * 10,000-question benchmark, the peak RSS of a cold build fell by about 90 MB
 * with no change in its time (4 MB or 16 MB did worse on both).
 */
const workerLimits = { maxYoungGenerationSizeMb: 8 };

/**
 * The worker script next to this module in the built package, when there is
 * one (running from TypeScript sources, as the tests do, there is none).
 *
 * @returns Its URL, or `undefined`.
 */
export function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Process files in worker threads, each taking the next batch when it is done
 * with one (with two in hand, so that it never waits for this thread to send
 * the next). Results come back in input order. A worker writes each result
 * (as its cache entry) to files of its own rather than send it; they are read
 * back once every worker has stopped, so that this thread holds no results,
 * and the workers no heaps, while the other does. This thread does not
 * process files itself: measured on 10,000 questions of realistic text, one
 * worker and this thread peaked at 351 MB where two workers did at 312 MB
 * (this thread's heap grows more than a worker's, whose young generation is
 * limited).
 *
 * @param script The worker script (`workerScript()`).
 * @param items Files to process.
 * @param setup What each worker loads its environment from.
 * @param jobs Number of threads.
 * @param onDone Called with the number of files done so far.
 * @param tempDir Where the workers write their results (default: the system's temporary
 *   directory), in a folder removed after; what a killed process left there is removed.
 * @returns One result per item, and the number of threads started.
 */
export async function processInWorkers(
  script: URL,
  items: readonly WorkItem[],
  setup: WorkerSetup,
  jobs: number,
  onDone: (done: number) => void,
  tempDir: string = tmpdir(),
): Promise<{ results: WorkDone[]; threads: number }> {
  const threads = Math.min(jobs, Math.ceil(items.length / batchSize));
  const queue = new BatchQueue(items, onDone);
  const workers: Worker[] = [];
  const spill = spillDirectory(tempDir);
  try {
    const running = Array.from({ length: threads }, () => {
      // No inherited flags: `--input-type` or `-e` in the parent would stop a worker from starting.
      const worker = new Worker(script, {
        workerData: { ...setup, spill },
        execArgv: [],
        resourceLimits: workerLimits,
      });
      workers.push(worker);
      return feedWorker(worker, queue);
    });
    await Promise.all(running);
    // Every entry was written before the message naming it was sent. The workers go first: their
    // heaps and the entries read back would make the peak.
    await Promise.all(workers.map((w) => w.terminate()));
    return { results: readBack(queue.replies), threads };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    // A file held open by another program (an indexer on Windows) only leaves the folder behind.
    if (spill) removeQuietly(spill);
  }
}

/** The files to process, handed out a batch at a time, and the replies as they come. */
class BatchQueue {
  /** The reply for each file, by its index. */
  readonly replies: WorkerReply[];
  private next = 0;
  private done = 0;

  constructor(
    readonly items: readonly WorkItem[],
    private readonly onDone: (done: number) => void,
  ) {
    this.replies = new Array<WorkerReply>(items.length);
  }

  /** The next batch's first index and its files, or `undefined` when all are handed out. */
  take(size: number): { start: number; batch: WorkItem[] } | undefined {
    if (this.next >= this.items.length) return undefined;
    const start = this.next;
    this.next = Math.min(this.items.length, start + size);
    return { start, batch: this.items.slice(start, this.next) };
  }

  /** Put a batch's replies in place. */
  put(start: number, replies: readonly WorkerReply[]): void {
    replies.forEach((reply, i) => (this.replies[start + i] = reply));
    this.done += replies.length;
    this.onDone(this.done);
  }
}

/**
 * Keep a worker busy, two batches in hand, until every file is handed out and
 * its batches are back. Called for every worker in one go.
 */
function feedWorker(worker: Worker, queue: BatchQueue): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const inHand: number[] = [];
    const send = () => {
      const taken = queue.take(batchSize);
      if (!taken) return;
      inHand.push(taken.start);
      worker.postMessage(taken.batch);
    };
    worker.on('message', (replies: WorkerReply[]) => {
      queue.put(inHand.shift()!, replies);
      send();
      if (!inHand.length) resolve();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (inHand.length || code !== 0) reject(new Error(`a worker thread stopped (exit code ${code})`));
    });
    send();
    // The second batch once every worker has its first (the workers are started in one go): a
    // few files are shared by every worker, not sent as two batches to one.
    queueMicrotask(() => {
      send();
      if (!inHand.length) resolve();
    });
  });
}

/** The name the workers' folders are temporaries of (`tempPathFor`). */
const spillName = 'qbank-results';

/**
 * A new folder for the workers' files, a temporary of core's naming
 * (`.qbank-results.tmp-<pid>-<scope>-<random>`), or none when it cannot be
 * made. What builds that were killed left is swept first, by the cache's one
 * rule (`sweepTemporaries`).
 */
function spillDirectory(parent: string): string | undefined {
  try {
    sweepTemporaries(parent, spillName);
    const folder = tempPathFor(path.join(parent, spillName));
    mkdirSync(folder);
    return folder;
  } catch {
    return undefined;
  }
}

/** Remove a folder, or leave it when it cannot be (another user's, a file held open). */
function removeQuietly(folder: string): void {
  try {
    rmSync(folder, { recursive: true, force: true });
  } catch {
    // Left for a later build to remove.
  }
}

/**
 * The results of the replies, those written out read back through a window
 * that moves along each file (each line is parsed and dropped). A prepared
 * record, and the entry's lines for the cache to copy, are left in the
 * workers' files, kept open (`OpenFile`) while the folder is removed, and
 * read when the chunk or the cache is written.
 */
function readBack(replies: readonly WorkerReply[]): WorkDone[] {
  const windows = new Map<string, FileWindow>();
  const windowOf = (file: string) => {
    let window = windows.get(file);
    if (!window) windows.set(file, (window = new FileWindow(file)));
    return window;
  };
  try {
    return replies.map(({ result, read, spilled }) => {
      if (!spilled) return { result: result!, read };
      const results = windowOf(`${spilled.base}${spillExtensions[0]}`);
      const compiled = windowOf(`${spilled.base}${spillExtensions[1]}`);
      const place = { file: compiled.file, offset: spilled.compiled[0] };
      const decoded = decodeEntry(results.read(...spilled.results), compiled.read(...spilled.compiled), place);
      const entry: EntryBytes = [
        new FileBytes(results.file, ...spilled.results),
        new FileBytes(compiled.file, ...spilled.compiled),
      ];
      return { result: decoded, read, entry };
    });
  } finally {
    for (const window of windows.values()) window.close();
  }
}

/** Reads a file's parts in order through one buffer: a part stays valid until the next read. */
class FileWindow {
  /** The file, open for as long as a record left in it is wanted. */
  readonly file: OpenFile;
  private buffer = Buffer.alloc(2 ** 20);
  private start = 0;
  private end = 0;

  constructor(path: string) {
    this.file = new OpenFile(path);
  }

  read(offset: number, length: number): Buffer {
    if (offset < this.start || offset + length > this.end) {
      if (length > this.buffer.length) this.buffer = Buffer.alloc(length);
      this.start = offset;
      this.end = offset + readSync(this.file.fd, this.buffer, 0, this.buffer.length, offset);
      if (offset + length > this.end) throw new Error(`a worker's entry file is short: ${this.file.file}`);
    }
    return this.buffer.subarray(offset - this.start, offset - this.start + length);
  }

  /** Drop the buffer; the file stays open while a record refers to it. */
  close(): void {
    this.buffer = Buffer.alloc(0);
  }
}
