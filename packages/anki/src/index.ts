export type { AnkiBundleSource, AnkiExportOptions, AnkiExportSummary } from './lib/model.js';
export { ankiGuidFor } from './lib/hash.js';
export { buildAnkiPackage } from './lib/package.js';
export { exportAnkiFromDirectory } from './lib/node.js';
export { AnkiEmptyDeckError } from './lib/previous.js';
