import type { Changelog } from './release.js';

/** Version of the bundle format this compiler writes (semver; see docs/bundle-format.md). */
export const bundleFormatVersion = '1.0.0';

/** One answer option in a compiled question. */
export interface BundleChoice {
  /** Letter in display order: A, B, C... */
  letter: string;
  /** Option text as sanitized inline HTML. */
  html: string;
  /** Option text as plain text (for search and screen readers). */
  text: string;
  /** Why the option is right or wrong, as sanitized HTML; `null` when the author gave none. */
  rationale: string | null;
}

/** A compiled question, as stored in a question chunk. */
export interface BundleQuestion {
  /** Stable id. */
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
  /** 1-5, when the author gave one. */
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
  /** Options in order. */
  choices: BundleChoice[];
  /** Letter of the correct option. */
  answer: string;
  /** Explanation as sanitized HTML. */
  explanation: string;
  /** Educational objective as sanitized HTML, or `null`. */
  objective: string | null;
  /** References as sanitized HTML, or `null`. */
  references: string | null;
  /** sha256 of the item's canonical JSON without this field. */
  hash: string;
}

/** A compiled study note. */
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
  /** Curriculum level, or `null`. */
  level: string | null;
  /** Ids of published notes to study first. */
  prerequisites: string[];
  /** Free-form tags. */
  tags: string[];
  /** Ids of published questions that link this note (computed at build time). */
  questions: string[];
  /** Body as sanitized HTML (components rendered as plain HTML), for apps that render HTML. */
  html: string;
  /** Body as typed blocks: prose as HTML, each component as data. */
  blocks: NoteBlock[];
  /** Every flashcard and cloze card of the note. */
  cards: NoteCard[];
  /** sha256 of the item's canonical JSON without this field. */
  hash: string;
}

/** One block of a note body. */
export type NoteBlock =
  | { type: 'html'; html: string }
  | { type: 'mnemonic'; title: string; html: string }
  | { type: 'flashcard'; id: string; front: string; back: string }
  | { type: 'cloze'; id: string; text: string; deletions: number[] }
  | { type: 'video'; provider: string; videoId: string; title: string; start: number }
  | { type: 'callout'; kind: 'pearl' | 'warning'; html: string }
  | { type: 'figure'; src: string; alt: string; caption: string | null; credit: string };

/** A reviewable card: a flashcard (front and back) or a cloze text with its deletions. */
export interface NoteCard {
  /** Stable id, `<note-id>/<key>`: review history is keyed to it. */
  id: string;
  /** Card type. */
  kind: 'basic' | 'cloze';
  /** Front (basic cards). */
  front: string | null;
  /** Back (basic cards). */
  back: string | null;
  /** Text with `{{cN::...}}` deletions (cloze cards). */
  text: string | null;
  /** Deletion numbers (cloze cards; each is one card in Anki). */
  deletions: number[];
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
  /** 1 for a new item; increases by one in each release whose content hash differs from the previous one. */
  revision: number;
  /** Discipline ids. */
  disciplines: string[];
  /** System ids (one for a question). */
  systems: string[];
  /** Competency id (questions only). */
  competency: string | null;
  /** Difficulty (questions only). */
  difficulty: number | null;
}

/** One taxonomy value with its label and how many published items use it. */
export interface ManifestTaxonomyEntry {
  /** Canonical id. */
  id: string;
  /** Display label. */
  label: string;
  /** Parent id (a spec group for a system, a parent discipline or competency), or `null`. */
  parent: string | null;
  /** Published questions tagged with it (questions by primary system; a question counts under each discipline). */
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
  tags: { id: string; questions: number; notes: number }[];
}

/** A file of the bundle, with what is needed to verify it. */
export interface ManifestFile {
  /** Path relative to the bundle root, `/`-separated. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Hex sha256. */
  sha256: string;
  /** Subresource Integrity string (`sha256-<base64>`). */
  integrity: string;
}

/** An id that was released once and may never name another item (retired or removed). */
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

/** `manifest.json`: what the bundle is and holds. */
export interface BundleManifest {
  /** Format version of the bundle (semver). */
  bundleFormat: string;
  /** Bank name and content version from the config. */
  bank: { name: string; version: string };
  /** The git commit the sources were built from, or `null` outside git. */
  sourceCommit: string | null;
  /** Build time (ISO 8601) from SOURCE_DATE_EPOCH or the commit time, never the clock; `null` when neither is known. */
  buildTime: string | null;
  /** `standard`, or `exam` when answers and explanations are in separate files. */
  profile: BundleProfile;
  /** Images, sorted by path. */
  assets: ManifestAsset[];
  /** Ids of earlier releases that are gone, sorted by id; they may never come back for another item. */
  tombstones: Tombstone[];
  /** The taxonomy the items are tagged against, with labels, hierarchy and counts, so apps can build filters. */
  taxonomy: ManifestTaxonomy;
  /** Item and file counts. */
  counts: { questions: number; notes: number; assets: number };
  /** Every item, sorted by id. */
  items: ManifestItem[];
  /** Every other file of the bundle, sorted by path. */
  files: ManifestFile[];
}

/** How answers are shipped: with the questions, or apart for exam-mode front ends. */
export type BundleProfile = 'standard' | 'exam';

/** In the exam profile, what a question chunk leaves out: the answer, rationales and explanations. */
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

/**
 * A bundle file's content in memory: its bytes, or the pieces that make them
 * up, in order (a chunk is kept as its records' serialised forms and the
 * separators between them, never joined into one buffer). `contentBytes`
 * joins them when one buffer is needed.
 */
export type BundleFileContent = Uint8Array | readonly Uint8Array[];

/** A compiled bundle in memory: file paths to contents, and the manifest. */
export interface Bundle {
  /** The manifest (also in `files` as `manifest.json`). */
  manifest: BundleManifest;
  /** Every file, keyed by path relative to the bundle root. */
  files: Map<string, BundleFileContent>;
  /** What changed since the previous release (also in `files` as `changelog.json`). */
  changelog: Changelog;
}

/**
 * A question's body without its rendered text: what assembling needs of a
 * question whose record was prepared (its place, its links, what it is
 * counted under), with the text left in the record's JSON.
 */
export type QuestionSummary = Pick<
  QuestionBody,
  | 'id'
  | 'type'
  | 'source'
  | 'disciplines'
  | 'system'
  | 'secondarySystems'
  | 'competency'
  | 'difficulty'
  | 'tags'
  | 'notes'
  | 'authors'
>;

/** A question's bundle record before assembly: no hash, `notes` not yet filtered to published notes. */
export type QuestionBody = Omit<BundleQuestion, 'hash'>;

/** A note's bundle record before assembly: no hash, no backlinks, `prerequisites` not yet filtered. */
export type NoteBody = Omit<BundleNote, 'hash'>;

/** One use of an image by an item, with the bundle path it is copied to. */
export interface CompiledAsset {
  /** Absolute path of the image file. */
  source: string;
  /** Path in the bundle: `assets/<sha256 prefix>.<ext>`. */
  path: string;
  /** Media type from the extension. */
  mediaType: string;
  /** Width in pixels, when the format says. */
  width: number | null;
  /** Height in pixels, when the format says. */
  height: number | null;
  /** Alt text where the item uses it. */
  alt: string;
}

/**
 * One item compiled on its own (`compileItem`), before the bank-level
 * assembly: plain data, so that it can be cached and sent between threads.
 */
export interface CompiledItem {
  /** The item id. */
  id: string;
  /** Question or note. */
  kind: 'question' | 'note';
  /** Its status: only published items get a body; retired ones leave a tombstone. */
  status: string;
  /**
   * The rendered record, for published items. A question whose record was
   * prepared may carry only its summary (`compactItem`): the record's JSON
   * holds the rest, and is parsed when it is needed.
   */
  body: QuestionBody | QuestionSummary | NoteBody | null;
  /** Images the item uses. */
  assets: CompiledAsset[];
  /**
   * A published question's bundle record worked out where it was compiled
   * (in a worker thread, or before it was cached), for the usual case that
   * every note it links is published: `assembleBundle` then neither hashes
   * nor serialises the body again.
   */
  record?: PreparedRecord | null | undefined;
}

/** A question's bundle record, made from its body as compiled (`CompiledItem.record`). */
export interface PreparedRecord {
  /** The content hash (`BundleQuestion.hash`). */
  hash: string;
  /** The key hash (`ManifestItem.keyHash`). */
  keyHash: string;
  /** The record's canonical JSON (no final newline), UTF-8, as a chunk holds it. */
  json: Uint8Array;
}
