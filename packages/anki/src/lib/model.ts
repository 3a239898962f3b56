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
}
