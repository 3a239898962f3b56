import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ItemKind } from '@qbank/parser';
import type { ProjectConfig } from '@qbank/project';
import type { FileResult } from './model.js';

/** A file sent to a worker: already read, so workers never touch the disk for sources. */
export interface WorkItem {
  /** Absolute path. */
  path: string;
  /** Question or note. */
  kind: ItemKind;
  /** The text, line endings normalised. */
  value: string;
}

/** What a worker thread is started with. */
export interface WorkerSetup {
  /** The config; the worker loads the taxonomy and registries from it. */
  config: ProjectConfig;
  /** Working directory. */
  cwd: string;
}

/** Files per message: large enough to amortise messaging, small enough to balance the load. */
const batchSize = 32;

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
 * with one. Results come back in input order.
 *
 * @param script The worker script (`workerScript()`).
 * @param items Files to process.
 * @param setup What each worker loads its environment from.
 * @param jobs Number of threads.
 * @param onDone Called with the number of files done so far.
 * @returns One result per item, and the number of threads started.
 */
export async function processInWorkers(
  script: URL,
  items: readonly WorkItem[],
  setup: WorkerSetup,
  jobs: number,
  onDone: (done: number) => void,
): Promise<{ results: FileResult[]; threads: number }> {
  const results = new Array<FileResult>(items.length);
  const threads = Math.min(jobs, Math.ceil(items.length / batchSize));
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: threads }, () => {
        // No inherited flags: `--input-type` or `-e` in the parent would stop a worker from starting.
        const worker = new Worker(script, { workerData: setup, execArgv: [] });
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
          worker.on('message', (batch: FileResult[]) => {
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
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return { results, threads };
}
