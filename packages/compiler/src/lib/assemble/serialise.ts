import { canonicalJson } from '@qbank/core';
import { fileEntry } from '../files.js';
import type { Bundle, BundleManifest, ManifestFile, RecordBytes } from '../model.js';
import type { ItemChange } from '../release.js';
import type { AssemblyMemo } from './memo.js';

const placeholder = '\u0000qbank-array\u0000';
const entrySeparator = Buffer.from(',\n    ');
const itemSeparator = Buffer.from(',');

/** Parts with a separator between each two, after a head and before a tail: the pieces of one file. */
function separated<T extends RecordBytes>(
  head: Uint8Array,
  parts: readonly T[],
  separator: Uint8Array,
  tail: Uint8Array,
): (T | Uint8Array)[] {
  const pieces: (T | Uint8Array)[] = [head];
  parts.forEach((part, i) => {
    if (i) pieces.push(separator);
    pieces.push(part);
  });
  pieces.push(tail);
  return pieces;
}

const chunkHead = Buffer.from('{"items":[');
const chunkTail = Buffer.from(']}\n');

/**
 * A chunk's content: the bytes of canonicalJson({ items }) of its records
 * (compact, keys sorted, a final newline) as the pieces they are made of,
 * their serialised forms and the separators, never joined into one buffer
 * (a chunk is hashed and written from its pieces).
 */
function chunkContent(parts: readonly RecordBytes[]): RecordBytes[] {
  return separated(chunkHead, parts, itemSeparator, chunkTail);
}

/**
 * A chunk made of these serialised records: its content and manifest entry,
 * kept in the memo with the parts they were made of.
 *
 * @param memo Where chunks are kept.
 * @param chunk Chunk path.
 * @param parts Its records' serialised forms, in order.
 * @returns Its content (as pieces) and manifest entry.
 */
export function storeChunk(
  memo: AssemblyMemo,
  chunk: string,
  parts: RecordBytes[],
): { content: RecordBytes[]; entry: ManifestFile } {
  const content = chunkContent(parts);
  const entry = fileEntry(chunk, content);
  memo.chunks.set(chunk, { parts, content, entry });
  return { content, entry };
}

/** Entries serialised together when the memo is not reused: small texts, which V8 collects young. */
const entriesPerPiece = 100;

/**
 * The UTF-8 bytes of `canonicalJson(value, 2)`, as pieces: its largest
 * array (`value[key]`, at depth 1) serialised apart from the rest. With a
 * memo that is reused, each entry is serialised once and remembered (in
 * watch mode only the entries that changed are serialised); else a hundred
 * entries at a time, never the whole file as one text (40,000 manifest
 * entries are 25 MB). Entries are known by identity when they are kept
 * objects (`byObject`), else by `keyOf`, a text that differs whenever their
 * content does.
 */
function prettyJson<T extends object>(
  memo: AssemblyMemo,
  value: T,
  key: keyof T & string,
  known: { byObject: WeakMap<object, Uint8Array> } | { keyOf: (entry: never) => string },
): Uint8Array[] {
  const entries = value[key] as unknown as object[];
  const [head, tail] = canonicalJson({ ...value, [key]: placeholder }, 2).split(JSON.stringify(placeholder)) as [
    string,
    string,
  ];
  if (!entries.length) return [Buffer.from(`${head}[]${tail}`)];
  const texts = memo.reused ? entryTexts(memo, entries, known) : pieceTexts(entries);
  return separated(Buffer.from(`${head}[\n    `), texts, entrySeparator, Buffer.from(`\n  ]${tail}`));
}

/** Each entry's text at depth 2 of a two-space indented document, from the memo when it has it. */
function entryTexts(
  memo: AssemblyMemo,
  entries: readonly object[],
  known: { byObject: WeakMap<object, Uint8Array> } | { keyOf: (entry: never) => string },
): Uint8Array[] {
  // Its inner lines move in by four.
  const pretty = (entry: object) => Buffer.from(canonicalJson(entry, 2).slice(0, -1).replace(/\n/g, '\n    '));
  return entries.map((entry) => {
    if ('byObject' in known) {
      let text = known.byObject.get(entry);
      if (text === undefined) known.byObject.set(entry, (text = pretty(entry)));
      return text;
    }
    const plain = known.keyOf(entry as never);
    let text = memo.entries.get(plain);
    if (text === undefined) memo.entries.set(plain, (text = pretty(entry)));
    return text;
  });
}

/** The entries' texts at depth 2, `entriesPerPiece` at a time (each piece's entries separated as the file separates them). */
function pieceTexts(entries: readonly object[]): Uint8Array[] {
  // At depth 2 as in `{ "a": [...] }`: its first and last two lines cut off.
  const start = '{\n  "a": [\n    '.length;
  const end = '\n  ]\n}\n'.length;
  const texts: Uint8Array[] = [];
  for (let at = 0; at < entries.length; at += entriesPerPiece) {
    const text = canonicalJson({ a: entries.slice(at, at + entriesPerPiece) }, 2);
    texts.push(Buffer.from(text.slice(start, -end)));
  }
  return texts;
}

/**
 * `changelog.json`: its entries serialised once per content.
 *
 * @param memo Where serialised entries are kept.
 * @param changelog The changelog.
 * @returns Its bytes, as pieces.
 */
export function changelogBytes(memo: AssemblyMemo, changelog: Bundle['changelog']): Uint8Array[] {
  return prettyJson(memo, changelog, 'changes', {
    // Every field of an ItemChange.
    keyOf: (c: ItemChange) => `${c.id}\t${c.type}\t${c.change}\t${c.fromRevision}\t${c.toRevision}`,
  });
}

/**
 * `manifest.json`: its item entries serialised once per entry object.
 *
 * @param memo Where serialised entries are kept.
 * @param manifest The manifest.
 * @returns Its bytes, as pieces.
 */
export function manifestBytes(memo: AssemblyMemo, manifest: BundleManifest): Uint8Array[] {
  return prettyJson(memo, manifest, 'items', { byObject: memo.indexTexts });
}
