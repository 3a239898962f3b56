import { createHash } from 'node:crypto';

// Anki's base-91 alphabet for note GUIDs (the one genanki's `guid_for` uses).
const base91 = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~';

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The Anki note GUID of a qbank card: the first 8 bytes of the SHA-256 of
 * `qbank:<card id>`, written in Anki's base-91 alphabet. It is what genanki's
 * `guid_for('qbank:' + cardId)` returns.
 *
 * Note: card ids survive edits of the card text, so the GUID does too; Anki
 * matches notes by GUID on import and updates them in place, keeping the
 * learner's review history.
 *
 * @param cardId A card's stable id (`<note-id>/<key>`).
 * @returns The GUID.
 * @example
 * ankiGuidFor('cardiac-conduction/pacemaker'); // the same string on every run and machine
 */
export function ankiGuidFor(cardId: string): string {
  let value = digest(`qbank:${cardId}`).readBigUInt64BE(0);
  let guid = '';
  while (value > 0n) {
    guid = base91[Number(value % 91n)]! + guid;
    value /= 91n;
  }
  return guid;
}

/** Ids are spread over this many milliseconds below the ceiling (about 50 days). */
const idWindow = 2 ** 32;

/**
 * Hands out Anki ids (notes, cards, decks) that depend only on a key and a
 * ceiling (the bundle's build time in milliseconds), never on the clock.
 *
 * Anki's ids are creation times in milliseconds and it treats ids in the future
 * as damage, so every id lies in the 2^32 ms before the ceiling, at an offset
 * taken from the key's hash. A collision moves the later key one id down, so
 * the result also depends on the order of the calls: callers go in a sorted order.
 */
export class IdAllocator {
  private readonly used = new Set<number>();

  /** @param ceiling The largest id to hand out (milliseconds since the epoch). */
  constructor(private readonly ceiling: number) {}

  /**
   * The id of a key.
   *
   * @param key What the id is for, e.g. `note:<card id>`.
   * @returns A positive integer no larger than the ceiling, unique within this allocator.
   */
  idFor(key: string): number {
    let id = this.ceiling - (digest(`qbank:${key}`).readUInt32BE(0) % idWindow);
    while (this.used.has(id)) id -= 1;
    this.used.add(id);
    return id;
  }
}

/**
 * Anki's field checksum: the first 8 hex digits of the SHA-1 of the sort field's text, as an integer.
 *
 * @param text The sort field without HTML.
 * @returns The checksum Anki stores in `notes.csum` (used to find duplicates).
 */
export function fieldChecksum(text: string): number {
  return Number.parseInt(createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 8), 16);
}
