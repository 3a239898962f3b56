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
export { allowedComponents } from './lib/markup.js';
