// Worker thread entry: processes batches of files sent by `processInWorkers`.
import { startWorker } from './lib/worker-main.js';

startWorker();
