export type { BankEnvironment, FileResult, ImageState } from './lib/model.js';
export type { LoadedEnvironment } from './lib/environment.js';
export { loadEnvironment } from './lib/environment.js';
export { processSource, imageState } from './lib/process.js';
export type { CacheState } from './lib/cache.js';
export { ResultCache, fileKey } from './lib/cache.js';
export { environmentDigest, toolchainId } from './lib/digest.js';
export type { BankRun, PipelineOptions, RunRequest, RunStats } from './lib/run.js';
export { Pipeline } from './lib/run.js';
