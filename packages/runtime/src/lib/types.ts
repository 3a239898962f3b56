// The bundle as the runtime reads it. These mirror the compiler's types
// (packages/compiler/src/lib/model.ts and release.ts) without importing them,
// so the runtime stays free of Node code; tests/runtime-types.test.ts fails the
// type check when the two drift apart.

/** One answer option of a question. */
export interface BundleChoice {
  /** Letter in the author's order: A, B, C... */
  letter: string;
  /** Option text as sanitized inline HTML. */
  html: string;
  /** Option text as plain text (for search and screen readers). */
  text: string;
  /** Why the option is right or wrong, as sanitized HTML; `null` when the author gave none. */
  rationale: string | null;
}

/** A question, as a question chunk of the standard profile stores it. */
export interface BundleQuestion {
  /** Stable id: learner history is keyed to it. */
  id: string;
  /** Discriminant. */
  type: 'question';
  /** Path of the source file relative to the content root. */
  source: string;
  /** Discipline ids, primary first. */
  disciplines: string[];
  /** System id (the primary system). */
  system: string;
  /** Other systems the question touches. */
  secondarySystems: string[];
  /** Competency id. */
  competency: string;
  /** 1 (easy) to 5 (hard), when the author gave one. */
  difficulty: number | null;
  /** Free-form tags. */
  tags: string[];
  /** Ids of published notes the question reinforces. */
  notes: string[];
  /** Author handles. */
  authors: string[];
  /** Vignette as sanitized HTML (without the lead-in). */
  stem: string;
  /** Lead-in question as sanitized HTML. */
  leadIn: string;
  /** Options in the author's order. */
  choices: BundleChoice[];
  /** Letter of the correct option. */
  answer: string;
  /** Explanation as sanitized HTML. */
  explanation: string;
  /** Educational objective as sanitized HTML, or `null`. */
  objective: string | null;
  /** References as sanitized HTML, or `null`. */
  references: string | null;
  /** sha256 of the item's canonical JSON without this field and `source`. */
  hash: string;
}

/** A question as a question chunk of the exam profile stores it: no answer, rationales or explanation. */
export type BundleExamQuestion = Omit<
  BundleQuestion,
  'answer' | 'explanation' | 'objective' | 'references' | 'choices'
> & {
  /** Options in the author's order, without rationales. */
  choices: Omit<BundleChoice, 'rationale'>[];
};

/** In the exam profile, what a question chunk leaves out (`answers/<system>.json`). */
export interface BundleAnswer {
  /** Question id. */
  id: string;
  /** Letter of the correct option. */
  answer: string;
  /** Rationale per option letter (`null` where none was written). */
  rationales: Record<string, string | null>;
  /** Explanation HTML. */
  explanation: string;
  /** Educational objective HTML, or `null`. */
  objective: string | null;
  /** References HTML, or `null`. */
  references: string | null;
}

/** One block of a note body. */
export type NoteBlock =
  | {
      /** Prose. */
      type: 'html';
      /** Sanitized HTML. */
      html: string;
    }
  | {
      /** A mnemonic. */
      type: 'mnemonic';
      /** Its title. */
      title: string;
      /** Its body as sanitized HTML. */
      html: string;
    }
  | {
      /** A flashcard. */
      type: 'flashcard';
      /** Card id, `<note-id>/<key>`. */
      id: string;
      /** Front text. */
      front: string;
      /** Back text. */
      back: string;
    }
  | {
      /** A cloze text. */
      type: 'cloze';
      /** Card id, `<note-id>/<key>`. */
      id: string;
      /** Text with `{{cN::...}}` deletions. */
      text: string;
      /** Deletion numbers. */
      deletions: number[];
    }
  | {
      /** A video lesson. */
      type: 'video';
      /** Video provider id. */
      provider: string;
      /** The provider's video id. */
      videoId: string;
      /** Title. */
      title: string;
      /** Start offset in seconds. */
      start: number;
    }
  | {
      /** A callout. */
      type: 'callout';
      /** Pearl or warning. */
      kind: 'pearl' | 'warning';
      /** Body as sanitized HTML. */
      html: string;
    }
  | {
      /** A figure. */
      type: 'figure';
      /** Image path relative to the bundle root. */
      src: string;
      /** Alt text. */
      alt: string;
      /** Caption, or `null`. */
      caption: string | null;
      /** Credit line. */
      credit: string;
    };

/** A reviewable card of a note: a flashcard (front and back) or a cloze text with its deletions. */
export interface NoteCard {
  /** Stable id, `<note-id>/<key>`: review state is keyed to it (see {@link Scheduler}). */
  id: string;
  /** Card type. */
  kind: 'basic' | 'cloze';
  /** Front (basic cards). */
  front: string | null;
  /** Back (basic cards). */
  back: string | null;
  /** Text with `{{cN::...}}` deletions (cloze cards). */
  text: string | null;
  /** Deletion numbers (cloze cards). */
  deletions: number[];
}

/** A study note, as a note chunk stores it. */
export interface BundleNote {
  /** Stable id. */
  id: string;
  /** Discriminant. */
  type: 'note';
  /** Path of the source file relative to the content root. */
  source: string;
  /** Title. */
  title: string;
  /** Discipline ids, primary first. */
  disciplines: string[];
  /** System ids, primary first. */
  systems: string[];
  /** Curriculum level (`molecular`, `cellular`, `tissue`, `organ`, `organ-system`), or `null`. */
  level: string | null;
  /** Ids of published notes to study first. */
  prerequisites: string[];
  /** Free-form tags. */
  tags: string[];
  /** Ids of published questions that link this note (computed at build time). */
  questions: string[];
  /** Body as sanitized HTML, for apps that render HTML. */
  html: string;
  /** Body as typed blocks: prose as HTML, each component as data. */
  blocks: NoteBlock[];
  /** Every flashcard and cloze card of the note. */
  cards: NoteCard[];
  /** sha256 of the item's canonical JSON without this field and `source`. */
  hash: string;
}

/** `questions/<system>.json`. */
export interface QuestionChunk {
  /** The questions, sorted by id. */
  items: (BundleQuestion | BundleExamQuestion)[];
}

/** `notes/<system>.json`. */
export interface NoteChunk {
  /** The notes, sorted by id. */
  items: BundleNote[];
}

/** `answers/<system>.json` (exam profile only). */
export interface AnswersChunk {
  /** The answer keys, sorted by id. */
  items: BundleAnswer[];
}

/** `curriculum.json`: the study order of the published notes. */
export interface Curriculum {
  /** Format version. */
  curriculumFormat: string;
  /** Per system id, the notes whose first system it is, prerequisites first. */
  systems: Record<string, string[]>;
}

/** One entry of the manifest's item index: enough to list and filter without loading chunks. */
export interface ManifestItem {
  /** Item id. */
  id: string;
  /** Question or note. */
  type: 'question' | 'note';
  /** Path of the chunk file that holds the item. */
  chunk: string;
  /** The item's content hash. */
  hash: string;
  /** Hash of what learner answers depend on (a question's choices and answer); `null` for notes. */
  keyHash: string | null;
  /** 1 for a new item; one more in each release in which its `hash` changed. */
  revision: number;
  /** Discipline ids, primary first. */
  disciplines: string[];
  /** System ids (one for a question), primary first. */
  systems: string[];
  /** Competency id (questions only). */
  competency: string | null;
  /** Difficulty 1-5 (questions only). */
  difficulty: number | null;
}

/** One taxonomy value with its label and how many published items use it. */
export interface ManifestTaxonomyEntry {
  /** Canonical id. */
  id: string;
  /** Display label. */
  label: string;
  /** Parent id (the spec group of a system, a parent discipline or competency), or `null`. */
  parent: string | null;
  /** Published questions tagged with it. */
  questions: number;
  /** Published notes tagged with it. */
  notes: number;
  /** The blueprint's inclusive percentage range of items, or `null` when none is published. */
  range: { min: number; max: number } | null;
}

/** The taxonomy as the manifest carries it. */
export interface ManifestTaxonomy {
  /** Taxonomy id, e.g. `usmle-step1`. */
  id: string;
  /** Display label. */
  label: string;
  /** Spec groups (parents of systems). */
  specGroups: ManifestTaxonomyEntry[];
  /** Systems, in outline order. */
  systems: ManifestTaxonomyEntry[];
  /** Disciplines. */
  disciplines: ManifestTaxonomyEntry[];
  /** Competencies. */
  competencies: ManifestTaxonomyEntry[];
  /** Free-form tags in use, sorted by id, with counts. */
  tags: {
    /** The tag. */
    id: string;
    /** Published questions with it. */
    questions: number;
    /** Published notes with it. */
    notes: number;
  }[];
}

/** A file of the bundle, with what is needed to verify it. */
export interface ManifestFile {
  /** Path relative to the bundle root, `/`-separated. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: string;
  /** Subresource Integrity string (`sha256-<base64>`). */
  integrity: string;
}

/** An id that was released once and left the bank (retired or removed). */
export interface Tombstone {
  /** The id. */
  id: string;
  /** Question or note. */
  type: 'question' | 'note';
  /** Its last released revision. */
  revision: number;
  /** Its last released content hash. */
  hash: string;
  /** Retired (`status: retired` in the sources) or removed (the file is gone). */
  reason: 'retired' | 'removed';
  /** The content version in which it left the bank. */
  since: string;
}

/** An image of the bundle. */
export interface ManifestAsset {
  /** Path relative to the bundle root. */
  path: string;
  /** Media type. */
  mediaType: string;
  /** Intrinsic width in pixels, when it can be read. */
  width: number | null;
  /** Intrinsic height in pixels, when it can be read. */
  height: number | null;
  /** Alt texts the image is used with, sorted. */
  alt: string[];
}

/** How answers are shipped: with the questions, or apart for exam-mode front ends. */
export type BundleProfile = 'standard' | 'exam';

/** `manifest.json`: what the bundle is and holds. */
export interface BundleManifest {
  /** Format version of the bundle (semver). */
  bundleFormat: string;
  /** Bank name and content version. */
  bank: {
    /** Bank name. */
    name: string;
    /** Content version (semver). */
    version: string;
  };
  /** The git commit the sources were built from, or `null`. */
  sourceCommit: string | null;
  /** Build time (ISO 8601), or `null`. */
  buildTime: string | null;
  /** `standard`, or `exam` when answers and explanations are in separate files. */
  profile: BundleProfile;
  /** Images, sorted by path. */
  assets: ManifestAsset[];
  /** Ids of earlier releases that are gone, sorted by id. */
  tombstones: Tombstone[];
  /** The taxonomy the items are tagged against, with labels, hierarchy and counts. */
  taxonomy: ManifestTaxonomy;
  /** Item and file counts. */
  counts: {
    /** Published questions. */
    questions: number;
    /** Published notes. */
    notes: number;
    /** Asset files. */
    assets: number;
  };
  /** Every item, sorted by id. */
  items: ManifestItem[];
  /** Every other file of the bundle, sorted by path. */
  files: ManifestFile[];
}

/** How an item changed between two releases. */
export type ChangeKind = 'added' | 'text-changed' | 'key-changed' | 'retired' | 'removed';

/** The semantic-version bump a set of changes requires. */
export type VersionBump = 'major' | 'minor' | 'patch' | 'none';

/** One item's change between two releases. */
export interface ItemChange {
  /** Item id. */
  id: string;
  /** Question or note. */
  type: 'question' | 'note';
  /** What changed. */
  change: ChangeKind;
  /** Revision in the older release, or `null` when added. */
  fromRevision: number | null;
  /** Revision in the newer release, or `null` when retired or removed. */
  toRevision: number | null;
}

/** `changelog.json`: what changed since the previous release, and the bump it requires. */
export interface Changelog {
  /** Format version of this file. */
  changelogFormat: string;
  /** Content version of the previous release, or `null` for a first release. */
  from: string | null;
  /** Content version of this release. */
  to: string;
  /** The bump the changes require. */
  requiredBump: VersionBump;
  /** Counts per kind of change. */
  summary: Record<ChangeKind, number>;
  /** Every changed item, sorted by id. */
  changes: ItemChange[];
}
