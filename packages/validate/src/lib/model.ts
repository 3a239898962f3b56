import type { DiagnosticInit, NoteFrontmatter, QuestionFrontmatter, SourceRange } from '@qbank/core';
import type { ItemKind, ParsedItem, ParsedNote, ParsedQuestion } from '@qbank/parser';
import type { Taxonomy } from '@qbank/taxonomy';
import type { VFile } from 'vfile';
import type { ItemRef, VideoEntry } from './components.js';

/** A content file to check, with what kind of item it holds. */
export interface BankSource {
  /** The file (from `readSourceFile`); files that could not be read carry their error. */
  file: VFile;
  /** Question or note. */
  kind: ItemKind;
}

/** What validation needs besides the files. */
export interface ValidateOptions {
  /** Taxonomy that disciplines, systems and competencies are checked against. */
  taxonomy: Taxonomy;
  /** Absolute path of the content root: images must stay inside it. */
  contentRoot: string;
  /**
   * Other files of the bank that take part in bank-level checks (duplicate ids,
   * links) but are not checked themselves: only their frontmatter is read.
   */
  context?: readonly BankSource[] | undefined;
  /** The video registry by `provider:id`; when given, `<Video>` components are checked against it. */
  videos?: ReadonlyMap<string, VideoEntry> | undefined;
  /** The bank's declared tags; when given, other tags are reported. */
  tagRegistry?: ReadonlySet<string> | undefined;
}

/** An image used by an item, resolved to a file in the content root. */
export interface AssetRef {
  /** Absolute path of the image file. */
  path: string;
  /** Its alt text where it is used. */
  alt: string;
  /** Point the image at its bundle path (the compiler calls this before rendering). */
  setUrl(url: string): void;
}

/** Canonical taxonomy ids of a question. */
export interface QuestionTags {
  /** Discipline ids, primary first. */
  disciplines: string[];
  /** System id (the primary system, which the blueprint counts). */
  system: string;
  /** Other systems the question touches. */
  secondarySystems: string[];
  /** Competency id. */
  competency: string;
}

/** Canonical taxonomy ids of a note. */
export interface NoteTags {
  /** Discipline ids, primary first. */
  disciplines: string[];
  /** System ids, primary first. */
  systems: string[];
}

/** A question whose file has no errors: ready to compile. */
export interface CheckedQuestion {
  /** Discriminant. */
  kind: 'question';
  /** The parsed file. */
  parsed: ParsedQuestion;
  /** Frontmatter as written (schema-valid). */
  data: QuestionFrontmatter;
  /** Taxonomy tags resolved to canonical ids. */
  tags: QuestionTags;
  /** Images referenced by the question. */
  assets: AssetRef[];
  /** `<QuestionRef>` and `<NoteRef>` links in the body. */
  refs: ItemRef[];
}

/** A note whose file has no errors: ready to compile. */
export interface CheckedNote {
  /** Discriminant. */
  kind: 'note';
  /** The parsed file. */
  parsed: ParsedNote;
  /** Frontmatter as written (schema-valid). */
  data: NoteFrontmatter;
  /** Taxonomy tags resolved to canonical ids. */
  tags: NoteTags;
  /** Images referenced by the note. */
  assets: AssetRef[];
  /** `<QuestionRef>` and `<NoteRef>` links in the body. */
  refs: ItemRef[];
}

/** A question or note that passed validation. */
export type CheckedItem = CheckedQuestion | CheckedNote;

/** The result of validating a bank. */
export interface BankReport {
  /** Every file that was checked, each with its messages. */
  files: VFile[];
  /** Items whose files have no errors, sorted by id. */
  items: CheckedItem[];
  /** Whether any file has an error. */
  hasErrors: boolean;
}

/** The result of checking one file on its own (`checkSource`). */
export interface SourceCheck {
  /** The file, with its messages. */
  file: VFile;
  /** The parsed item, when the file could be read. */
  item?: ParsedItem | undefined;
  /** The checked item, when its frontmatter is schema-valid. */
  checked?: CheckedItem | undefined;
  /** What bank-level checks need, when the file has a usable id. */
  facts?: ItemFacts | undefined;
  /** Absolute paths of every local image the file names, found or not. */
  images: string[];
}

/**
 * What the checks across files need to know about one item, as plain data
 * (JSON-serialisable, so it can be cached and sent between threads).
 */
export interface ItemFacts {
  /** Absolute path of the file. */
  path: string;
  /** Question or note. */
  kind: ItemKind;
  /** The item id. */
  id: string;
  /** Its status as written (empty when missing). */
  status: string;
  /** Where the id is in the frontmatter. */
  idPlace: SourceRange | undefined;
  /** Whether the frontmatter passed the schema (otherwise only the id takes part). */
  valid: boolean;
  /** `notes:` of a question or `prerequisites:` of a note, with places. */
  links: { field: 'notes' | 'prerequisites'; target: string; place: SourceRange | undefined }[];
  /** `<QuestionRef>` and `<NoteRef>` links in the body. */
  refs: ItemRef[];
  /** Read for bank-level checks only: its own problems are not reported. */
  context: boolean;
}

/** A problem found by a check across files, and the file it belongs in. */
export interface BankFinding {
  /** Absolute path of the file to report it in. */
  path: string;
  /** What to report. */
  init: DiagnosticInit;
}
