import { openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { loadEnvironment } from './environment.js';
import { processWorkItem } from './process.js';
import type { SpilledRecord, WorkDone, WorkerSetup, WorkItem } from './workers.js';

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
  const spill = setup.spill === undefined ? undefined : new RecordSpill(path.join(setup.spill, `${threadId}.records`));
  port.on('message', (batch: WorkItem[]) => {
    const done = batch.map((item) => processWorkItem(item, environment, setup.cwd));
    if (spill) for (const entry of done) spill.take(entry);
    port.postMessage(done, recordBuffers(done));
  });
}

/**
 * A file the prepared records of a worker's results are written to, so that
 * the main thread does not hold them (most of a result's size) while the
 * workers run; it reads them back, as one buffer, when they are all done.
 */
class RecordSpill {
  private fd: number | undefined;
  private size = 0;

  constructor(private readonly file: string) {}

  /** Write the entry's record out and leave it empty, noting where it went. */
  take(entry: WorkDone): void {
    const record = entry.result.compiled?.record;
    if (!record || Number.isNaN(this.size)) return;
    try {
      this.fd ??= openSync(this.file, 'w');
      let written = 0;
      while (written < record.json.length) written += writeSync(this.fd, record.json, written);
    } catch {
      // No room to write (or the file went away): this and later records go by message instead.
      this.size = Number.NaN;
      return;
    }
    const spilled: SpilledRecord = { file: this.file, offset: this.size, length: record.json.length };
    this.size += spilled.length;
    record.json = new Uint8Array(0);
    entry.spilled = spilled;
  }
}

/**
 * The buffers of the prepared records not spilled, to be moved to the main
 * thread rather than copied into the message. A record that is a view of a
 * larger buffer (Node's pool) is copied out first: moving the pool would take
 * other buffers with it.
 */
function recordBuffers(done: WorkDone[]): ArrayBuffer[] {
  const moved: ArrayBuffer[] = [];
  for (const { result } of done) {
    const record = result.compiled?.record;
    if (!record?.json.length) continue;
    let json = record.json;
    if (json.byteOffset !== 0 || json.byteLength !== json.buffer.byteLength || !(json.buffer instanceof ArrayBuffer)) {
      json = new Uint8Array(json);
      record.json = json;
    }
    moved.push(json.buffer as ArrayBuffer);
  }
  return moved;
}
