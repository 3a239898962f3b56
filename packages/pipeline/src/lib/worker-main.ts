import { parentPort, workerData } from 'node:worker_threads';
import { VFile } from 'vfile';
import { loadEnvironment } from './environment.js';
import { processSource } from './process.js';
import type { WorkerSetup, WorkItem } from './workers.js';

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
  port.on('message', (batch: WorkItem[]) => {
    port.postMessage(
      batch.map((item) =>
        processSource(
          { file: new VFile({ path: item.path, cwd: setup.cwd, value: item.value }), kind: item.kind },
          environment,
        ),
      ),
    );
  });
}
