import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { tempPathFor } from '@qbank/core';
import type { ItemKind } from '@qbank/parser';
import type { ProjectConfig } from '@qbank/project';
import { sweepTemporaries } from './cache-file.js';
import { decodeEntry } from './entry-encoding.js';
import type { FileResult } from './model.js';

/**
 * A file to process: with its text when the caller had read it, else by its
 * path alone, read where it is processed (a cold build's main thread then
 * never holds the bank's text).
 */
export interface WorkItem {
  /** Absolute path. */
  path: string;
  /** Question or note. */
  kind: ItemKind;
  /** The text, line endings normalised, when already read. */
  value?: string | undefined;
}

/** The content key and git blob id of a file as it was read. */
export interface SourceKey {
  /** `fileKey` of its path and text. */
  key: string;
  /** The git blob id of its bytes, when they were read here. */
  blob: string | null;
}

/** A processed file. */
export interface WorkDone {
  /** Its result. */
  result: FileResult;
  /** For a file sent without its text: its key as read (`null`: it could not be read). */
  read: SourceKey | null;
}

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

/** The extensions of a worker's two entry files: results lines, compiled lines. */
export const spillExtensions = ['.results', '.compiled'] as const;

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
 * with one. Results come back in input order. A worker writes each result
 * (as its cache entry) to files of its own rather than send it; they are read
 * back once every worker has stopped, so that this thread holds no results,
 * and the workers no heaps, while the other does.
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
  const results = new Array<WorkerReply>(items.length);
  const threads = Math.min(jobs, Math.ceil(items.length / batchSize));
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  const spill = spillDirectory(tempDir);
  try {
    await Promise.all(
      Array.from({ length: threads }, () => {
        // No inherited flags: `--input-type` or `-e` in the parent would stop a worker from starting.
        const worker = new Worker(script, {
          workerData: { ...setup, spill },
          execArgv: [],
          resourceLimits: workerLimits,
        });
        workers.push(worker);
        return new Promise<void>((resolve, reject) => {
          let start = 0;
          const send = () => {
            if (next >= items.length) {
              resolve();
              return;
            }
            start = next;
            next = Math.min(items.length, next + batchSize);
            worker.postMessage(items.slice(start, next));
          };
          worker.on('message', (batch: WorkerReply[]) => {
            batch.forEach((result, i) => (results[start + i] = result));
            done += batch.length;
            onDone(done);
            send();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (next < items.length || code !== 0) reject(new Error(`a worker thread stopped (exit code ${code})`));
          });
          send();
        });
      }),
    );
    // Every entry was written before the message naming it was sent. The workers go first: their
    // heaps and the entries read back would make the peak.
    await Promise.all(workers.map((w) => w.terminate()));
    return { results: readBack(results), threads };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    // A file held open by another program (an indexer on Windows) only leaves the folder behind.
    if (spill) removeQuietly(spill);
  }
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
 * The results of the replies, those written out read back: a results line
 * through a window that moves along its file (each line is parsed and
 * dropped), a compiled line as a view of its whole file (the prepared records
 * it holds are kept).
 */
function readBack(replies: readonly WorkerReply[]): WorkDone[] {
  const compiledFiles = new Map<string, Buffer>();
  const resultsFiles = new Map<string, FileWindow>();
  try {
    return replies.map(({ result, read, spilled }) => {
      if (!spilled) return { result: result!, read };
      const resultsFile = `${spilled.base}${spillExtensions[0]}`;
      const compiledFile = `${spilled.base}${spillExtensions[1]}`;
      let window = resultsFiles.get(resultsFile);
      if (!window) resultsFiles.set(resultsFile, (window = new FileWindow(resultsFile)));
      let compiled = compiledFiles.get(compiledFile);
      if (!compiled) compiledFiles.set(compiledFile, (compiled = readFileSync(compiledFile)));
      const [offset, length] = spilled.compiled;
      if (offset + length > compiled.length) throw new Error(`a worker's entry file is short: ${compiledFile}`);
      return { result: decodeEntry(window.read(...spilled.results), compiled.subarray(offset, offset + length)), read };
    });
  } finally {
    for (const window of resultsFiles.values()) window.close();
  }
}

/** Reads a file's parts in order through one buffer: a part stays valid until the next read. */
class FileWindow {
  private readonly fd: number;
  private buffer = Buffer.alloc(2 ** 20);
  private start = 0;
  private end = 0;

  constructor(private readonly file: string) {
    this.fd = openSync(file, 'r');
  }

  read(offset: number, length: number): Buffer {
    if (offset < this.start || offset + length > this.end) {
      if (length > this.buffer.length) this.buffer = Buffer.alloc(length);
      this.start = offset;
      this.end = offset + readSync(this.fd, this.buffer, 0, this.buffer.length, offset);
      if (offset + length > this.end) throw new Error(`a worker's entry file is short: ${this.file}`);
    }
    return this.buffer.subarray(offset - this.start, offset - this.start + length);
  }

  close(): void {
    closeSync(this.fd);
  }
}
