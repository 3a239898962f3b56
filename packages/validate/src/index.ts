export type {
  AssetRef,
  BankFinding,
  BankReport,
  BankSource,
  CheckedItem,
  CheckedNote,
  CheckedQuestion,
  ItemFacts,
  NoteTags,
  QuestionTags,
  SourceCheck,
  ValidateOptions,
} from './lib/model.js';
export { checkAcrossFiles, checkSource, contextFacts, validateBank } from './lib/bank.js';
export type { ComponentSpec, ItemRef, VideoEntry } from './lib/components.js';
export { clozeNumbers, componentAttributes, componentSpecs, parseTimestamp } from './lib/components.js';
