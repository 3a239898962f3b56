import type { BundleManifest } from '@qbank/bundle';

/**
 * A compiled bundle to export: its manifest and a way to read its other files.
 *
 * Note: only files listed in `manifest.files` are read, and each is checked
 * against its `sha256` there, so a tampered or truncated bundle fails the
 * export instead of producing a wrong deck.
 */
export interface AnkiBundleSource {
  /** The bundle's `manifest.json`, parsed. */
  manifest: BundleManifest;
  /**
   * Read one file of the bundle.
   *
   * @param path Path relative to the bundle root, `/`-separated (as in `manifest.files`).
   * @returns The file's bytes.
   */
  readFile(path: string): Uint8Array | Promise<Uint8Array>;
}

/** How to export a deck. */
export interface AnkiExportOptions {
  /**
   * Name of the top deck; each system gets a subdeck `<deckName>::<system label>`.
   *
   * @default manifest.bank.name
   */
  deckName?: string;
  /**
   * The bytes of an earlier `.apkg` export of the same bank. Notes whose
   * content is unchanged keep their `mod` from it; changed notes get a greater
   * one, so Anki's "update if newer" import applies every change, committed or
   * not. Without it every note's `mod` is the bundle's build time. A file that
   * is not a readable deck is ignored.
   *
   * @default undefined (for {@link exportAnkiFromDirectory}: the file already at `outFile`, if any)
   */
  previous?: Uint8Array;
}

/** What {@link exportAnkiFromDirectory} wrote. */
export interface AnkiExportSummary {
  /** The `.apkg` file written. */
  file: string;
  /** Anki notes: one per qbank card (flashcard or cloze). */
  notes: number;
  /** Anki cards: one per basic note, one per deletion number of a cloze note. */
  cards: number;
  /** Full names of the decks that hold cards, sorted. */
  decks: string[];
  /** Media files (figure images) in the package. */
  media: number;
  /**
   * Compared with the earlier export (`options.previous`, or the file that was
   * at `outFile`): notes `changed` (their `mod` rose), `unchanged` (same `mod`)
   * and `added`; `null` when there was none.
   */
  updates: { changed: number; unchanged: number; added: number } | null;
}
