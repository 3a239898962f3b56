/* Generated from schemas/bundle/*.schema.json by scripts/generate-types.mjs. Do not edit. */

/**
 * How answers are shipped: `standard` with the questions, or `exam` apart (in `answers/<system>.json`) for exam-mode front ends.
 */
export type BundleProfile = 'standard' | 'exam';
/**
 * The two kinds of item of a bundle.
 */
export type ItemType = 'question' | 'note';

/**
 * `manifest.json`: what the bundle is and holds (see docs/bundle-format.md).
 */
export interface BundleManifest {
  /**
   * Format version of the bundle (semver): a runtime reads every `1.x.y`.
   */
  bundleFormat: string;
  /**
   * Bank name and content version, from the config.
   */
  bank: {
    /**
     * Bank name, from the config.
     */
    name: string;
    /**
     * Content version (semver), from the config.
     */
    version: string;
  };
  /**
   * The git commit the sources were built from, or `null` outside git.
   */
  sourceCommit: string | null;
  /**
   * Build time (ISO 8601): from `SOURCE_DATE_EPOCH`, else the commit time, never the clock; `null` when neither is known.
   */
  buildTime: string | null;
  /**
   * `standard`, or `exam` when answers and explanations are in separate files.
   */
  profile: BundleProfile;
  /**
   * The taxonomy the items are tagged against, with labels, hierarchy and counts, so apps can build filters.
   */
  taxonomy: ManifestTaxonomy;
  /**
   * Item and file counts.
   */
  counts: {
    /**
     * Published questions.
     */
    questions: number;
    /**
     * Published notes.
     */
    notes: number;
    /**
     * Asset files.
     */
    assets: number;
  };
  /**
   * One entry per item, sorted by id: enough to list and filter without loading any chunk.
   */
  items: ManifestItem[];
  /**
   * Images, sorted by path.
   */
  assets: ManifestAsset[];
  /**
   * Ids of earlier releases that are gone, sorted by id; they may never come back for another item.
   */
  tombstones: Tombstone[];
  /**
   * Every file of the bundle except `manifest.json`, sorted by path, with what is needed to verify it.
   */
  files: ManifestFile[];
}
/**
 * The taxonomy the items are tagged against, with labels, hierarchy and counts, so apps can build filters.
 */
export interface ManifestTaxonomy {
  /**
   * Taxonomy id, e.g. `usmle-step1`.
   */
  id: string;
  /**
   * Display label.
   */
  label: string;
  /**
   * Spec groups (parents of systems).
   */
  specGroups: ManifestTaxonomyEntry[];
  /**
   * Systems, in outline order.
   */
  systems: ManifestTaxonomyEntry[];
  /**
   * Disciplines.
   */
  disciplines: ManifestTaxonomyEntry[];
  /**
   * Competencies.
   */
  competencies: ManifestTaxonomyEntry[];
  /**
   * Free-form tags in use, sorted by id, with counts.
   */
  tags: {
    /**
     * The tag.
     */
    id: string;
    /**
     * Published questions with it.
     */
    questions: number;
    /**
     * Published notes with it.
     */
    notes: number;
  }[];
}
/**
 * One taxonomy value with its label and how many published items use it.
 */
export interface ManifestTaxonomyEntry {
  /**
   * Canonical id.
   */
  id: string;
  /**
   * Display label.
   */
  label: string;
  /**
   * Parent id (the spec group of a system, a parent discipline or competency), or `null`.
   */
  parent: string | null;
  /**
   * Published questions tagged with it (questions by primary system; a question counts under each discipline).
   */
  questions: number;
  /**
   * Published notes tagged with it.
   */
  notes: number;
  /**
   * The blueprint's inclusive percentage range of items, or `null` when none is published.
   */
  range: null | {
    /**
     * Lowest percentage.
     */
    min: number;
    /**
     * Highest percentage.
     */
    max: number;
  };
}
/**
 * One entry of the manifest's item index: enough to list and filter without loading chunks.
 */
export interface ManifestItem {
  /**
   * Item id.
   */
  id: string;
  /**
   * Question or note.
   */
  type: ItemType;
  /**
   * Path of the chunk file that holds the item.
   */
  chunk: string;
  /**
   * The item's content hash (as `hash` in its chunk).
   */
  hash: string;
  /**
   * Hash of the options and the answer: what a learner's recorded answer depends on; `null` for notes.
   */
  keyHash: string | null;
  /**
   * 1 when the item first appears; one more in each release in which its `hash` changed.
   */
  revision: number;
  /**
   * Discipline ids, primary first.
   */
  disciplines: string[];
  /**
   * System ids (one for a question), primary first.
   */
  systems: string[];
  /**
   * Competency id (questions only).
   */
  competency: string | null;
  /**
   * The author's estimate, 1 (easy) to 5 (hard) (questions only).
   */
  difficulty: number | null;
  /**
   * Questions only: how hard the stem and lead-in are to read, as the app shows them (absent for notes).
   */
  readability?: ManifestReadability;
}
/**
 * Readability figures of a question's stem and lead-in (their text as a browser shows it), rounded to one decimal.
 */
export interface ManifestReadability {
  /**
   * Words (numbers and units such as `mm Hg` are not counted).
   */
  words: number;
  /**
   * Sentences.
   */
  sentences: number;
  /**
   * Words per sentence.
   */
  wordsPerSentence: number;
  /**
   * Flesch-Kincaid grade level: the U.S. school grade that reads the text with ease.
   */
  grade: number;
}
/**
 * An image of the bundle.
 */
export interface ManifestAsset {
  /**
   * Path relative to the bundle root.
   */
  path: string;
  /**
   * Media type.
   */
  mediaType: string;
  /**
   * Intrinsic width in pixels, when it can be read.
   */
  width: number | null;
  /**
   * Intrinsic height in pixels, when it can be read.
   */
  height: number | null;
  /**
   * Alt texts the image is used with, sorted.
   */
  alt: string[];
}
/**
 * An id that was released once and left the bank (retired or removed): it may never name another item.
 */
export interface Tombstone {
  /**
   * The id.
   */
  id: string;
  /**
   * Question or note.
   */
  type: ItemType;
  /**
   * Its last released revision.
   */
  revision: number;
  /**
   * Its last released content hash.
   */
  hash: string;
  /**
   * Retired (`status: retired` in the sources) or removed (the file is gone).
   */
  reason: 'retired' | 'removed';
  /**
   * The content version in which it left the bank.
   */
  since: string;
}
/**
 * A file of the bundle, with what is needed to verify it.
 */
export interface ManifestFile {
  /**
   * Path relative to the bundle root, `/`-separated.
   */
  path: string;
  /**
   * Size in bytes.
   */
  size: number;
  /**
   * Lowercase hex SHA-256 of the bytes.
   */
  sha256: string;
  /**
   * Subresource Integrity string (`sha256-<base64>`), usable in `fetch(url, {integrity})`.
   */
  integrity: string;
}

/**
 * The semantic-version bump a set of changes requires.
 */
export type VersionBump = 'major' | 'minor' | 'patch' | 'none';
/**
 * How an item changed between two releases: `added` (new id), `text-changed` (hash changed, key hash did not), `key-changed` (the options or the answer changed), `retired` (the source says `status: retired`), `removed` (the source is gone).
 */
export type ChangeKind = 'added' | 'text-changed' | 'key-changed' | 'retired' | 'removed';

/**
 * `changelog.json`: what changed since the previous release, and the semantic-version bump that requires.
 */
export interface Changelog {
  /**
   * Format version of this file (semver).
   */
  changelogFormat: string;
  /**
   * Content version of the previous release, or `null` for a first release.
   */
  from: string | null;
  /**
   * Content version of this release.
   */
  to: string;
  /**
   * The bump the changes require: major when learner history is invalidated (key changed, item removed); `none` for a first release.
   */
  requiredBump: VersionBump;
  /**
   * Counts per kind of change.
   */
  summary: {
    /**
     * New ids.
     */
    added: number;
    /**
     * Items whose text changed and whose options and answer did not.
     */
    'text-changed': number;
    /**
     * Items whose options or answer changed.
     */
    'key-changed': number;
    /**
     * Items retired in the sources.
     */
    retired: number;
    /**
     * Items whose source is gone.
     */
    removed: number;
  };
  /**
   * Every changed item, sorted by id.
   */
  changes: ItemChange[];
}
/**
 * One item's change between two releases.
 */
export interface ItemChange {
  /**
   * Item id.
   */
  id: string;
  /**
   * Question or note.
   */
  type: 'question' | 'note';
  /**
   * What changed.
   */
  change: ChangeKind;
  /**
   * Revision in the older release, or `null` when added.
   */
  fromRevision: number | null;
  /**
   * Revision in the newer release, or `null` when retired or removed.
   */
  toRevision: number | null;
}

/**
 * `curriculum.json`: per system, the published notes in study order (prerequisites first, then molecular to organ-system).
 */
export interface Curriculum {
  /**
   * Format version of this file (semver).
   */
  curriculumFormat: string;
  /**
   * Per system id, the notes whose first system it is, prerequisites first.
   */
  systems: {
    [k: string]: string[];
  };
}

/**
 * `glossary.json`: the bank's glossary, for apps that show a term's plain-language definition or translation when a reader taps it. Present when the bank has a glossary (`content/glossary.yaml`); each question's `terms` says where its terms occur.
 */
export interface BundleGlossary {
  /**
   * Format version of this file (semver).
   */
  glossaryFormat: string;
  /**
   * The terms, in the order of the glossary file: a question's term ranges name a term by its index here.
   */
  terms: BundleGlossaryTerm[];
}
/**
 * One term of the glossary. Every string is plain text: insert it as text, never as HTML.
 */
export interface BundleGlossaryTerm {
  /**
   * The term as a heading shows it, e.g. `electrocardiogram`.
   */
  term: string;
  /**
   * Other spellings and abbreviations of the same thing (`ECG`, `EKG`), as the author wrote them; empty when none.
   */
  variants: string[];
  /**
   * What the term means, in plain English for a second-language reader.
   */
  definition: string;
  /**
   * The term in other languages, keyed by BCP-47 language code (`es`, `pt-BR`); empty when none.
   */
  translations: {
    [k: string]: string;
  };
  /**
   * Id of the published note that explains the term further (an item of this bundle), or `null`.
   */
  note: string | null;
}

/**
 * `[start, end, term]`: UTF-16 offsets into a field's text (end exclusive) and the index of the glossary term.
 */
export type QuestionTermRange = [number, number, number];

/**
 * `questions/<system>.json`: the questions of one primary system. In the exam profile, answer, explanation, objective, references and each choice's rationale are absent (they are in `answers/<system>.json`).
 */
export interface QuestionChunk {
  /**
   * The questions, sorted by id.
   */
  items: (BundleQuestion | BundleExamQuestion)[];
}
/**
 * A question, as a question chunk of the standard profile stores it.
 */
export interface BundleQuestion {
  /**
   * Stable id: learner history is keyed to it.
   */
  id: string;
  /**
   * Discriminant.
   */
  type: 'question';
  /**
   * Path of the source file relative to the content root.
   */
  source: string;
  /**
   * Canonical discipline ids, primary first (aliases are resolved at build time).
   */
  disciplines: string[];
  /**
   * Canonical id of the primary system.
   */
  system: string;
  /**
   * Other systems the question touches (not counted by the blueprint).
   */
  secondarySystems: string[];
  /**
   * Canonical competency id.
   */
  competency: string;
  /**
   * 1 (easy) to 5 (hard), when the author gave one.
   */
  difficulty: number | null;
  /**
   * Free-form tags.
   */
  tags: string[];
  /**
   * Ids of published notes the question reinforces.
   */
  notes: string[];
  /**
   * Author handles.
   */
  authors: string[];
  /**
   * Vignette as sanitized HTML (without the lead-in).
   */
  stem: string;
  /**
   * The question asked, as sanitized HTML (`<p>...</p>`).
   */
  leadIn: string;
  /**
   * Options in the author's order.
   */
  choices: BundleChoice[];
  /**
   * Letter of the correct option.
   */
  answer: string;
  /**
   * Explanation as sanitized HTML.
   */
  explanation: string;
  /**
   * Educational objective as sanitized HTML, or `null`.
   */
  objective: string | null;
  /**
   * References as sanitized HTML, or `null`.
   */
  references: string | null;
  /**
   * Where the glossary's terms occur in the stem, lead-in and options (present when the bank has a glossary). Not part of `hash`: a glossary edit changes no question's hash.
   */
  terms?: QuestionTerms;
  /**
   * SHA-256 of the item's canonical JSON without `hash`, `source` and `terms`: it changes whenever any field but the file's location and the glossary's term ranges changes.
   */
  hash: string;
}
/**
 * One answer option of a question.
 */
export interface BundleChoice {
  /**
   * Letter in the author's order: A, B, C...
   */
  letter: string;
  /**
   * Option text as sanitized inline HTML, without a `<p>` wrapper.
   */
  html: string;
  /**
   * Option text as plain text (for search and screen readers).
   */
  text: string;
  /**
   * Why the option is right or wrong, as sanitized HTML; `null` when the author gave none.
   */
  rationale: string | null;
}
/**
 * Where glossary terms occur in a question, per text field. Each range is `[start, end, term]`: `start` and `end` are offsets in UTF-16 code units (JavaScript string indexes) into the `textContent` of the field's HTML as a browser parses it (`stem`, `leadIn`, a choice's `html`), `end` exclusive, and `term` is an index into `glossary.json`'s `terms`. Ranges are in text order and never overlap.
 */
export interface QuestionTerms {
  /**
   * Ranges in the text of `stem`.
   */
  stem: QuestionTermRange[];
  /**
   * Ranges in the text of `leadIn`.
   */
  leadIn: QuestionTermRange[];
  /**
   * Per option, in the order of `choices` (the author's order), the ranges in the text of its `html`.
   */
  choices: QuestionTermRange[][];
}
/**
 * A question as a question chunk of the exam profile stores it: no answer, rationales, explanation, objective or references.
 */
export interface BundleExamQuestion {
  /**
   * Stable id: learner history is keyed to it.
   */
  id: string;
  /**
   * Discriminant.
   */
  type: 'question';
  /**
   * Path of the source file relative to the content root.
   */
  source: string;
  /**
   * Canonical discipline ids, primary first (aliases are resolved at build time).
   */
  disciplines: string[];
  /**
   * Canonical id of the primary system.
   */
  system: string;
  /**
   * Other systems the question touches (not counted by the blueprint).
   */
  secondarySystems: string[];
  /**
   * Canonical competency id.
   */
  competency: string;
  /**
   * 1 (easy) to 5 (hard), when the author gave one.
   */
  difficulty: number | null;
  /**
   * Free-form tags.
   */
  tags: string[];
  /**
   * Ids of published notes the question reinforces.
   */
  notes: string[];
  /**
   * Author handles.
   */
  authors: string[];
  /**
   * Vignette as sanitized HTML (without the lead-in).
   */
  stem: string;
  /**
   * The question asked, as sanitized HTML (`<p>...</p>`).
   */
  leadIn: string;
  /**
   * Where the glossary's terms occur in the stem, lead-in and options (present when the bank has a glossary). Not part of `hash`: a glossary edit changes no question's hash.
   */
  terms?: QuestionTerms;
  /**
   * SHA-256 of the item's canonical JSON without `hash`, `source` and `terms`: it changes whenever any field but the file's location and the glossary's term ranges changes.
   */
  hash: string;
  /**
   * Options in the author's order, without rationales.
   */
  choices: BundleExamChoice[];
}
/**
 * One answer option of a question in the exam profile: no rationale.
 */
export interface BundleExamChoice {
  /**
   * Letter in the author's order: A, B, C...
   */
  letter: string;
  /**
   * Option text as sanitized inline HTML, without a `<p>` wrapper.
   */
  html: string;
  /**
   * Option text as plain text (for search and screen readers).
   */
  text: string;
}

/**
 * `answers/<system>.json` (exam profile only): what an exam-mode front end keeps back until a block is submitted.
 */
export interface AnswersChunk {
  /**
   * The answer keys, sorted by id.
   */
  items: BundleAnswer[];
}
/**
 * In the exam profile, what a question chunk leaves out: the answer, rationales and explanations.
 */
export interface BundleAnswer {
  /**
   * Question id.
   */
  id: string;
  /**
   * Letter of the correct option.
   */
  answer: string;
  /**
   * Rationale per option letter, as sanitized HTML (`null` where none was written).
   */
  rationales: {
    [k: string]: string | null;
  };
  /**
   * Explanation as sanitized HTML.
   */
  explanation: string;
  /**
   * Educational objective as sanitized HTML, or `null`.
   */
  objective: string | null;
  /**
   * References as sanitized HTML, or `null`.
   */
  references: string | null;
}

/**
 * One block of a note body: prose as HTML, or a component as data.
 */
export type NoteBlock =
  | NoteHtmlBlock
  | NoteMnemonicBlock
  | NoteFlashcardBlock
  | NoteClozeBlock
  | NoteVideoBlock
  | NoteCalloutBlock
  | NoteFigureBlock;

/**
 * `notes/<system>.json`: the notes whose first system is `<system>`.
 */
export interface NoteChunk {
  /**
   * The notes, sorted by id.
   */
  items: BundleNote[];
}
/**
 * A study note, as a note chunk stores it.
 */
export interface BundleNote {
  /**
   * Stable id.
   */
  id: string;
  /**
   * Discriminant.
   */
  type: 'note';
  /**
   * Path of the source file relative to the content root.
   */
  source: string;
  /**
   * Title.
   */
  title: string;
  /**
   * Canonical discipline ids, primary first.
   */
  disciplines: string[];
  /**
   * Canonical system ids, primary first.
   */
  systems: string[];
  /**
   * Curriculum level (`molecular`, `cellular`, `tissue`, `organ`, `organ-system`), or `null`.
   */
  level: 'molecular' | 'cellular' | 'tissue' | 'organ' | 'organ-system' | null;
  /**
   * Ids of published notes to study first.
   */
  prerequisites: string[];
  /**
   * Free-form tags.
   */
  tags: string[];
  /**
   * Ids of published questions that link this note (computed at build time).
   */
  questions: string[];
  /**
   * Body as sanitized HTML (components rendered as plain HTML), for apps that render HTML.
   */
  html: string;
  /**
   * SHA-256 of the item's canonical JSON without `hash` and `source`.
   */
  hash: string;
  /**
   * Body as typed blocks: prose as HTML, each component as data.
   */
  blocks: NoteBlock[];
  /**
   * Every flashcard and cloze card of the note.
   */
  cards: NoteCard[];
}
/**
 * Prose of a note body.
 */
export interface NoteHtmlBlock {
  /**
   * Discriminant.
   */
  type: 'html';
  /**
   * Sanitized HTML.
   */
  html: string;
}
/**
 * A mnemonic.
 */
export interface NoteMnemonicBlock {
  /**
   * Discriminant.
   */
  type: 'mnemonic';
  /**
   * Its title.
   */
  title: string;
  /**
   * Its body as sanitized HTML.
   */
  html: string;
}
/**
 * A flashcard.
 */
export interface NoteFlashcardBlock {
  /**
   * Discriminant.
   */
  type: 'flashcard';
  /**
   * Card id, `<note-id>/<key>`.
   */
  id: string;
  /**
   * Front text.
   */
  front: string;
  /**
   * Back text.
   */
  back: string;
}
/**
 * A cloze text.
 */
export interface NoteClozeBlock {
  /**
   * Discriminant.
   */
  type: 'cloze';
  /**
   * Card id, `<note-id>/<key>`.
   */
  id: string;
  /**
   * Text with `{{cN::...}}` deletions.
   */
  text: string;
  /**
   * Deletion numbers.
   */
  deletions: number[];
}
/**
 * A video lesson.
 */
export interface NoteVideoBlock {
  /**
   * Discriminant.
   */
  type: 'video';
  /**
   * Video provider id.
   */
  provider: string;
  /**
   * The provider's video id.
   */
  videoId: string;
  /**
   * Title.
   */
  title: string;
  /**
   * Start offset in seconds.
   */
  start: number;
}
/**
 * A callout.
 */
export interface NoteCalloutBlock {
  /**
   * Discriminant.
   */
  type: 'callout';
  /**
   * Pearl or warning.
   */
  kind: 'pearl' | 'warning';
  /**
   * Body as sanitized HTML.
   */
  html: string;
}
/**
 * A figure.
 */
export interface NoteFigureBlock {
  /**
   * Discriminant.
   */
  type: 'figure';
  /**
   * Image path relative to the bundle root.
   */
  src: string;
  /**
   * Alt text.
   */
  alt: string;
  /**
   * Caption, or `null`.
   */
  caption: string | null;
  /**
   * Credit line.
   */
  credit: string;
}
/**
 * A reviewable card of a note: a flashcard (front and back) or a cloze text with its deletions.
 */
export interface NoteCard {
  /**
   * Stable id, `<note-id>/<key>`: review state is keyed to it.
   */
  id: string;
  /**
   * Card type.
   */
  kind: 'basic' | 'cloze';
  /**
   * Front (basic cards).
   */
  front: string | null;
  /**
   * Back (basic cards).
   */
  back: string | null;
  /**
   * Text with `{{cN::...}}` deletions (cloze cards).
   */
  text: string | null;
  /**
   * Deletion numbers (cloze cards; each is one card in Anki).
   */
  deletions: number[];
}
