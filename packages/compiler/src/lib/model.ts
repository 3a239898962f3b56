import type { BundleManifest, BundleNote, BundleQuestion, Changelog, ManifestReadability } from '@qbank/bundle';

// The bundle's own types are @qbank/bundle's, generated from schemas/bundle/*.schema.json.
export type {
  BundleAnswer,
  BundleChoice,
  BundleGlossary,
  BundleGlossaryTerm,
  BundleManifest,
  BundleNote,
  BundleProfile,
  BundleQuestion,
  Curriculum,
  ManifestAsset,
  ManifestFile,
  ManifestItem,
  ManifestReadability,
  ManifestTaxonomy,
  ManifestTaxonomyEntry,
  NoteBlock,
  NoteCard,
  QuestionTerms,
  QuestionTermRange,
  Tombstone,
} from '@qbank/bundle';
export { bundleFormatVersion } from '@qbank/bundle';

/**
 * Bytes kept in a file rather than in memory: a prepared record read from the
 * build cache stays there, and is read when the chunk that holds it is
 * hashed or written, so that a build holds the records of the chunk in hand,
 * not of the bank.
 */
export interface StoredBytes {
  /** How many bytes. */
  readonly byteLength: number;
  /**
   * Copy them into a buffer.
   *
   * @param target Where to copy them (with room from `offset` on).
   * @param offset Where in `target` they start.
   */
  readInto(target: Uint8Array, offset: number): void;
}

/** A serialised record: its bytes in memory, or kept in a file (`StoredBytes`). */
export type RecordBytes = Uint8Array | StoredBytes;

/**
 * A bundle file's content in memory: its bytes, or the pieces that make them
 * up, in order (a chunk is kept as its records' serialised forms and the
 * separators between them, never joined into one buffer, some perhaps still
 * in a file). `contentBytes` joins them when one buffer is needed.
 */
export type BundleFileContent = Uint8Array | readonly RecordBytes[];

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
  /** A published question's readability figures (its manifest entry's `readability`). */
  readability?: ManifestReadability | undefined;
}

/** A question's bundle record, made from its body as compiled (`CompiledItem.record`). */
export interface PreparedRecord {
  /** The content hash (`BundleQuestion.hash`). */
  hash: string;
  /** The key hash (`ManifestItem.keyHash`). */
  keyHash: string;
  /** The record's canonical JSON (no final newline), UTF-8, as a chunk holds it (in memory, or in the cache's file). */
  json: RecordBytes;
}
