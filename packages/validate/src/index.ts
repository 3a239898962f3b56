export type {
  AssetRef,
  BankReport,
  BankSource,
  CheckedItem,
  CheckedNote,
  CheckedQuestion,
  NoteTags,
  QuestionTags,
  ValidateOptions,
} from './lib/model.js';
export { validateBank } from './lib/bank.js';
export type { ComponentSpec, ItemRef, VideoEntry } from './lib/components.js';
export { clozeNumbers, componentAttributes, componentSpecs, parseTimestamp } from './lib/components.js';
