export type { FileContent, AtomicWriteOptions } from './lib/atomic-write.js';
export {
  AtomicFileSync,
  writeFileAtomic,
  writeFileAtomicSync,
  writeNewFile,
  writeAllSync,
  appendFileFullySync,
  tempPathFor,
  parseTempName,
  removeAbandoned,
  newestChange,
  ensureDirectory,
  ensureDirectorySync,
  syncDirectorySync,
} from './lib/atomic-write.js';
export { processRunning, processScope, processStartTime, ownerTag, ownerGone } from './lib/process.js';
