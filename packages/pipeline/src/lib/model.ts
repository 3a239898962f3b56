import type { CompiledItem, RecordBytes } from '@qbank/compiler';
import type { Diagnostic, Glossary } from '@qbank/core';
import type { QuestionLint } from '@qbank/lint';
import type { ItemKind } from '@qbank/parser';
import type { ProjectConfig } from '@qbank/project';
import type { Taxonomy } from '@qbank/taxonomy';
import type { ItemFacts, VideoEntry } from '@qbank/validate';

/** Everything a file's result depends on besides the file itself. */
export interface BankEnvironment {
  /** The config in force. */
  config: ProjectConfig;
  /** The taxonomy the bank is tagged against. */
  taxonomy: Taxonomy;
  /** The bank's declared tags, when it has a registry. */
  tags?: ReadonlySet<string> | undefined;
  /** The video registry by `provider:id`, when the bank has one. */
  videos?: ReadonlyMap<string, VideoEntry> | undefined;
  /** The bank's glossary, when it has one. */
  glossary?: Glossary | undefined;
  /** Every term and variant of the glossary, as written (empty without one). */
  glossaryNames?: ReadonlySet<string> | undefined;
}

/** The state of an image a file names: its sha256, or `null` when there is no file. */
export interface ImageState {
  /** Absolute path. */
  path: string;
  /** sha256 of its bytes, or `null` when missing. */
  hash: string | null;
  /** Size, mtime and inode taken before the bytes were hashed (absent when missing). */
  stamp?: { size: number; mtimeMs: number; ino: number } | undefined;
}

/**
 * Everything qbank learns from one file on its own: its diagnostics, the
 * facts and lint input of the bank-level checks, and its compiled record.
 * Plain data (JSON-serialisable), so it is cached in `.qbank-cache/` and sent
 * back from worker threads; the mdast tree is gone once this is made.
 */
export interface FileResult {
  /** Absolute path of the file. */
  path: string;
  /** Question or note. */
  kind: ItemKind;
  /** The file's own problems (`file` is the absolute path). */
  diagnostics: Diagnostic[];
  /** What the checks across files need, when the file has a usable id. */
  facts: ItemFacts | null;
  /** The item rules' reports and the bank rules' input, for a question without errors. */
  lint: QuestionLint | null;
  /** The compiled item, for an item without errors. */
  compiled: CompiledItem | null;
  /** The local images it names: a changed image makes the result stale. */
  images: ImageState[];
}

/**
 * A file to process: with its text when the caller had read it, else by its
 * path alone, read where it is processed (a cold build's main thread then
 * never holds the bank's text).
 */
export interface WorkItem {
  /** Absolute path. */
  path: string;
  /** Question or note. */
  kind: ItemKind;
  /** The text, line endings normalised, when already read. */
  value?: string | undefined;
}

/** The content key and git blob id of a file as it was read. */
export interface SourceKey {
  /** `fileKey` of its path and text. */
  key: string;
  /** The git blob id of its bytes, when they were read here. */
  blob: string | null;
}

/** A processed file. */
export interface WorkDone {
  /** Its result. */
  result: FileResult;
  /** For a file sent without its text: its key as read (`null`: it could not be read). */
  read: SourceKey | null;
  /**
   * Its cache entry's lines (after the key) as the worker wrote them, left in
   * the worker's files: the cache copies them rather than encode the result again.
   */
  entry?: EntryBytes | undefined;
}

/** A cache entry's two lines after the key, in the results and the compiled file. */
export type EntryBytes = [results: RecordBytes, compiled: RecordBytes];
