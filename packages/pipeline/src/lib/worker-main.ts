import path from 'node:path';
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { EntrySpill } from './entry-spill.js';
import { loadEnvironment } from './environment.js';
import { processWorkItem } from './process.js';
import type { WorkerReply } from './entry-spill.js';
import type { WorkItem } from './model.js';
import type { WorkerSetup } from './workers.js';

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
      return spill ? spill.reply(item, done) : done;
    });
    port.postMessage(replies, recordBuffers(replies));
  });
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
    // A record made here is in memory (only the main thread leaves records in files).
    if (!record || !(record.json instanceof Uint8Array)) continue;
    let json = record.json;
    if (json.byteOffset !== 0 || json.byteLength !== json.buffer.byteLength || !(json.buffer instanceof ArrayBuffer)) {
      json = new Uint8Array(json);
      record.json = json;
    }
    moved.push(json.buffer as ArrayBuffer);
  }
  return moved;
}
