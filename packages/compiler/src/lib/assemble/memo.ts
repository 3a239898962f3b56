import type {
  Bundle,
  BundleNote,
  BundleProfile,
  BundleQuestion,
  CompiledItem,
  ManifestFile,
  ManifestItem,
  QuestionSummary,
  RecordBytes,
} from '../model.js';
import type { CompileOptions } from '../compile.js';
import { createTaxonomyMemo, type TaxonomyMemo } from '../taxonomy.js';

/**
 * Where one item record goes in a bundle: its chunk, its serialised form
 * there, and its manifest entry (kept while its revision is the same).
 */
export interface Placement {
  /** The profile it was made for. */
  profile: BundleProfile;
  /** Chunk path. */
  chunk: string;
  /** The record as its chunk holds it, UTF-8. */
  json: RecordBytes;
  /** Exam profile: the answer part's chunk and serialised form. */
  answer: { chunk: string; json: RecordBytes } | null;
  /** Its manifest entry for the last revision asked for. */
  entry: ManifestItem;
}

/**
 * A question's record in assembly: whole, or its summary with its hash when
 * the record prepared at compile time (`CompiledItem.record`) holds the rest.
 */
export type QuestionRecord = BundleQuestion | (QuestionSummary & { hash: string });

/** The published notes, by id, and their ids joined (what a record's links are filtered by). */
export interface PublishedNotes {
  ids: ReadonlySet<string>;
  joined: string;
}

/** A published question in the last bundle: its record, placement and places in its chunks. */
export interface QuestionSlot {
  record: QuestionRecord;
  placement: Placement;
  /** Index of its record among its chunk's parts. */
  chunkAt: number;
  /** Exam profile: index of its answer part among the answer chunk's parts. */
  answerAt: number;
}

/** The last bundle assembled, and what patching it for a few edited questions needs. */
export interface LastAssembly {
  /** The compiled items it was made from, in the order given. */
  compiled: readonly CompiledItem[];
  options: CompileOptions;
  bundle: Bundle;
  published: PublishedNotes;
  /** Per compiled published question. */
  slots: Map<CompiledItem, QuestionSlot>;
  /** The previous release's items by id. */
  previousItems: ReadonlyMap<string, ManifestItem>;
}

/**
 * What `assembleBundle` keeps between calls on a bank that changes a little
 * at a time (watch mode): each item's hashed record, its place in the bundle
 * and serialised forms, each chunk's bytes, and the last bundle. Items are
 * matched by identity, so the compiled items of unchanged files must be the
 * same objects from call to call.
 */
export interface AssemblyMemo {
  /** Per compiled body: what it took from the bank (`key`, under the published notes `published`), and its record. */
  items: WeakMap<object, { key: string; published: string; item: QuestionRecord | BundleNote }>;
  /** Per record: where it goes and in what form. */
  placements: WeakMap<object, Placement>;
  /** Per chunk path: its items' serialised forms, its content (those and separators) and manifest entry. */
  chunks: Map<string, { parts: RecordBytes[]; content: readonly RecordBytes[]; entry: ManifestFile }>;
  /** Changelog entries by their plain JSON: their indented canonical form, UTF-8. */
  entries: Map<string, Uint8Array>;
  /** Manifest entries (kept by `placements`): their indented canonical form, UTF-8. */
  indexTexts: WeakMap<object, Uint8Array>;
  /** Per item record: the taxonomy values it is counted under. */
  taxonomy: TaxonomyMemo;
  /** The last bundle made with this memo. */
  last?: LastAssembly | undefined;
  /**
   * Whether later calls will build on this one (watch mode). When not, the
   * manifest and changelog are serialised a hundred entries at a time rather
   * than entry by entry (10,000 entries: about 21 ms against 42 ms), as no
   * later call reuses the entries.
   */
  reused: boolean;
}

/**
 * An empty memo for `assembleBundle`.
 *
 * @param reused Whether later calls will build on it (default: they will).
 * @returns A memo to pass to every call.
 */
export function createAssemblyMemo(reused = true): AssemblyMemo {
  return {
    reused,
    items: new WeakMap(),
    placements: new WeakMap(),
    chunks: new Map(),
    entries: new Map(),
    indexTexts: new WeakMap(),
    taxonomy: createTaxonomyMemo(),
  };
}
