// The bundle as the runtime reads it: @qbank/bundle's types, generated from
// schemas/bundle/*.schema.json (the one description of the bundle that the
// compiler writes and the runtime reads). Re-exported here so the runtime's
// modules and its public API keep one place to take them from.
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
} from '@qbank/bundle';
