// Worker thread entry next to the bundled `bin.js` (the pipeline looks for `./worker.js`).
import { startWorker } from '@qbank/pipeline';

startWorker();
