// Worker thread: processes batches of files sent by `processInWorkers`.
import { parentPort, workerData } from 'node:worker_threads';
import { VFile } from 'vfile';
import { loadEnvironment } from './lib/environment.js';
import { processSource } from './lib/process.js';
import type { WorkerSetup, WorkItem } from './lib/workers.js';

const setup = workerData as WorkerSetup;
const { environment } = loadEnvironment(setup.config, setup.cwd);
if (!environment) throw new Error('the worker could not load the taxonomy or registries');

parentPort!.on('message', (batch: WorkItem[]) => {
  parentPort!.postMessage(
    batch.map((item) =>
      processSource({ file: new VFile({ path: item.path, cwd: setup.cwd, value: item.value }), kind: item.kind }, environment),
    ),
  );
});
