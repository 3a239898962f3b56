export type {
  AnswersChunk,
  BundleAnswer,
  BundleChoice,
  BundleExamQuestion,
  BundleGlossary,
  BundleGlossaryTerm,
  BundleManifest,
  BundleNote,
  BundleProfile,
  BundleQuestion,
  ChangeKind,
  Changelog,
  Curriculum,
  ItemChange,
  ManifestAsset,
  ManifestFile,
  ManifestItem,
  ManifestReadability,
  ManifestTaxonomy,
  ManifestTaxonomyEntry,
  NoteBlock,
  NoteCard,
  NoteChunk,
  QuestionChunk,
  QuestionTermRange,
  QuestionTerms,
  Tombstone,
  VersionBump,
} from './lib/types.js';
export type { IntegrityProblem } from './lib/errors.js';
export {
  BundleError,
  BundleFormatError,
  BundleIntegrityError,
  BundleReadError,
  UnknownItemError,
  supportedBundleFormat,
} from './lib/errors.js';
export type { Digest } from './lib/sha256.js';
export { sha256 } from './lib/sha256.js';
export type { BundleSource, FetchLike, FetchResponseLike, FromUrlOptions } from './lib/source.js';
export { fromFiles, fromUrl } from './lib/source.js';
export type { LoadedBundle, OpenOptions } from './lib/open.js';
export { openBundle } from './lib/open.js';
export type { IndexFilter, ItemFilter } from './lib/query.js';
export { filterIndex, queryItems } from './lib/query.js';
export type { SearchHit, SearchOptions } from './lib/search.js';
export { prepareSearch, searchBundle } from './lib/search.js';
export { htmlToText } from './lib/html.js';
export type { TermOccurrence } from './lib/glossary.js';
export { termOccurrences } from './lib/glossary.js';
export { noteLevels, notesForQuestion, questionsForNote, studyPath } from './lib/links.js';
export type { Random } from './lib/random.js';
export { createRandom } from './lib/random.js';
export { anchoredChoice, arrangeChoices } from './lib/choices.js';
export type { BlueprintRange, BlueprintRanges } from './lib/blueprint.js';
export type { BlockChoice, BlockMode, BlockOptions, BlockQuestion, StudyBlock } from './lib/block.js';
export type { Selection } from './lib/selection.js';
export { assembleBlock } from './lib/block.js';
export type {
  BlockAnswers,
  BlockScore,
  BlockTrend,
  NoteToReview,
  PerformanceRow,
  QuestionResult,
  TrendRow,
} from './lib/score.js';
export { answerRecords, compareBlocks, notesToReview, scoreBlock } from './lib/score.js';
export type { AnswerRecord, HistoryReconciliation, HistoryStatus, ReconciledRecord } from './lib/history.js';
export { changesBetween, reconcileHistory } from './lib/history.js';
export type { CardPhase, CardState, ReviewResult, ReviewRating, Scheduler, SchedulerOptions } from './lib/scheduler.js';
export { createScheduler } from './lib/scheduler.js';
