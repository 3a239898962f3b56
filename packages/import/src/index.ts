export type {
  ImportFormat,
  ImportProblem,
  ImportText,
  ImportedAsset,
  ImportedChoice,
  ImportedQuestion,
  ReadResult,
  SkippedItem,
  SourceInput,
  SourcePlace,
} from './lib/model.js';
export { importFormats } from './lib/model.js';
export { escapeBlock, escapeLine, escapeOption, optionText } from './lib/escape.js';
export { plainText } from './lib/plain.js';
export { splitLeadIn } from './lib/split.js';
export { assignIds, contentHash, slugify } from './lib/ids.js';
export { renderQuestion, assetPlaceholder } from './lib/write.js';
export type { ImportAxis, RenderOptions, RenderedQuestion, TaxonomyResolver } from './lib/write.js';
export { verifyQuestion } from './lib/verify.js';
export { readJsonl } from './lib/jsonl.js';
export { detectFormat, readSource } from './lib/read.js';
export type { Reader } from './lib/read.js';
export { importSources, assetFileName } from './lib/import.js';
export type { ImportOptions, ImportReport, ItemOutcome } from './lib/import.js';
