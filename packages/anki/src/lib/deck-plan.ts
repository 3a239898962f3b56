// The plan of a deck: what the collection will hold, decided before any SQL is written. Types
// only, shared by the planner (plan.ts), the comparison with an earlier deck (previous.ts) and the
// writers (collection.ts, package.ts).
import type { NoteCard } from '@qbank/bundle';

/** A deck of the package. */
export interface PlannedDeck {
  /** Anki deck id. */
  id: number;
  /** Full name, `::`-separated. */
  name: string;
  /** Description shown on the deck's overview. */
  description: string;
}

/** One Anki note (one qbank card) with its cards. */
export interface PlannedNote {
  /** Anki note id. */
  id: number;
  /** GUID, from the qbank card id. */
  guid: string;
  /** Which note type. */
  kind: NoteCard['kind'];
  /** Field values (HTML), in the note type's field order. */
  fields: string[];
  /** The sort field as plain text. */
  sortText: string;
  /** Anki's checksum of the sort field. */
  checksum: number;
  /** Tags. */
  tags: string[];
  /** Deck of its cards. */
  deckId: number;
  /** New-card position: the study order. */
  due: number;
  /** The cards: one for a basic note, one per deletion number (`ord` = number - 1) for a cloze. */
  cards: { id: number; ord: number }[];
  /** Modification time in seconds: rises whenever the note's content changes. */
  modified: number;
}

/** Everything the collection holds, decided before any SQL is written. */
export interface DeckPlan {
  /** Modification time of the collection and its decks, in seconds (the bundle's build time). */
  modified: number;
  /** How the notes compare with the earlier export, or `null` without one. */
  updates: NoteTimes | null;
  /** The top deck. */
  top: PlannedDeck;
  /** One subdeck per system that has cards, sorted by name. */
  subdecks: PlannedDeck[];
  /** The notes, in study order. */
  notes: PlannedNote[];
  /** Every tag used, sorted. */
  tags: string[];
  /** Media files in package order (`0`, `1`, ...), sorted by name. */
  media: { name: string; bytes: Uint8Array }[];
}

/** How the notes' `mod` times relate to an earlier export. */
export interface NoteTimes {
  /** Notes of the earlier deck whose content changed: their `mod` rose. */
  changed: number;
  /** Notes whose content is the same: they keep the earlier `mod`. */
  unchanged: number;
  /** Notes the earlier deck did not have: their `mod` is the build time. */
  added: number;
}
