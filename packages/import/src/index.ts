export type {
  ImportFormat,
  ImportProblem,
  ImportText,
  MarkdownText,
  PlainText,
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
export type { LeadInSplit } from './lib/split.js';
export { assignIds, contentHash, slugify } from './lib/ids.js';
export { renderQuestion, assetPlaceholder } from './lib/write.js';
export type { ImportAxis, RenderOptions, RenderedQuestion, TaxonomyResolver } from './lib/write.js';
export { verifyQuestion } from './lib/verify.js';
export { readJsonl } from './lib/jsonl.js';
export { readGift } from './lib/gift.js';
export { readAiken } from './lib/aiken.js';
export { readMoodleXml } from './lib/moodle.js';
export { readCsv, csvTemplate } from './lib/csv.js';
export { readXlsx, xlsxTemplate } from './lib/xlsx.js';
export { readQti } from './lib/qti.js';
export { readDocx } from './lib/docx.js';
export { tableColumns, optionLetters } from './lib/table.js';
export { unzipSafely, maxUnzippedBytes, maxZipEntries } from './lib/zip.js';
export type { RefusedZip, UnzippedFiles } from './lib/zip.js';
export { detectFormat, readSource } from './lib/read.js';
export type { Reader } from './lib/read.js';
export { importSources } from './lib/import.js';
export { assetFileName } from './lib/assets.js';
export type { ImportOptions, ImportReport, ItemOutcome } from './lib/import.js';
