export type {
  Bundle,
  BundleFileContent,
  BundleAnswer,
  BundleChoice,
  BundleGlossary,
  BundleGlossaryTerm,
  BundleManifest,
  BundleNote,
  BundleProfile,
  BundleQuestion,
  CompiledAsset,
  CompiledItem,
  PreparedRecord,
  Curriculum,
  NoteBlock,
  NoteCard,
  ManifestAsset,
  ManifestFile,
  ManifestItem,
  ManifestReadability,
  ManifestTaxonomy,
  ManifestTaxonomyEntry,
  NoteBody,
  QuestionBody,
  QuestionSummary,
  QuestionTerms,
  QuestionTermRange,
  RecordBytes,
  StoredBytes,
  Tombstone,
} from './lib/model.js';
export { bundleFormatVersion } from './lib/model.js';
export type { CompileOptions } from './lib/compile.js';
export { compileBundle, compileItem } from './lib/compile.js';
export { compactItem } from './lib/record.js';
export type { AssemblyMemo } from './lib/assemble.js';
export { assembleBundle, createAssemblyMemo } from './lib/assemble.js';
export type { ChangeKind, Changelog, ItemChange, VersionBump } from './lib/release.js';
export {
  changelogFormatVersion,
  diffManifests,
  isVersionEnough,
  minimumVersion,
  nextRevision,
  tombstonesFor,
} from './lib/release.js';
export type { WriteBundleOptions } from './lib/write.js';
export { writeBundle, recoverInterrupted, verified } from './lib/write.js';
export type { GuardedPath } from './lib/output.js';
export { assertOwnedOutput, assertOwnedArchive, OutputRefusedError } from './lib/output.js';
export { bytesOf, contentBytes, contentSize, fileEntry } from './lib/files.js';
export { writeArchive } from './lib/archive.js';
export { readBundleManifest } from './lib/read.js';
export { renderBlocks, renderInline } from './lib/render.js';
