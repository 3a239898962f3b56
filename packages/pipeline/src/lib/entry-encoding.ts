import { compactItem, type CompiledItem, type RecordBytes } from '@qbank/compiler';
import { sha256 } from '@qbank/core';
import { resolveLintConfig, type LintSeverity } from '@qbank/lint';
import { checksum, checksumLength } from './cache-file.js';
import type { FileResult } from './model.js';
import { FileBytes, type OpenFile } from './stored-bytes.js';

// The entry lines of the cache's results and compiled files: how a file's result is written as
// text and bytes and read back, each part under its own checksum (`result-store.ts` keeps them on disk).

const tab = 9;
/** An entry line after its key starts with its checksum and a tab. */
const sumLength = checksumLength + 1;

/**
 * A cache entry's lines after the key, as pieces: in the results file (text:
 * no buffer to collect per entry), and in the compiled file (bytes: a prepared
 * record's bytes are not copied).
 */
export type EntryLines = [results: readonly string[], compiled: readonly RecordBytes[]];

/** Where a compiled line was read from: its prepared record is left there, and read when needed. */
export interface LinePlace {
  /** The file. */
  file: OpenFile;
  /** Where the line (after its key) starts in it. */
  offset: number;
}

/**
 * A result as its cache entry's lines after the key, as pieces: in the results
 * file, and in the compiled file.
 *
 * @param result A file's result.
 * @returns Its lines.
 */
export function encodeEntry(result: FileResult): EntryLines {
  const { compiled, ...rest } = result;
  // Phrase hashes as base64 doubles: as JSON numbers they were most of the text, and of the parsing.
  const check = JSON.stringify(
    rest.lint
      ? {
          ...rest,
          lint: {
            ...rest.lint,
            severities: encodeSeverities(rest.lint.severities),
            question: { ...rest.lint.question, phrases: encodePhrases(rest.lint.question.phrases) },
          },
        }
      : rest,
  );
  const body = compiledBytes(compiled);
  const compiledSum = checksum(...body);
  // The results name the compiled line they go with (a field after the others: JSON still).
  const results = `${check.slice(0, -1)},"compiledSum":"${compiledSum}"}`;
  return [[`${checksum(results)}\t${results}`], [Buffer.from(`${compiledSum}\t`), ...body]];
}

/**
 * A result from its cache entry's lines after the key, their checksums
 * checked. A prepared record stays a view of the compiled line, or with
 * `place`, in the file the line was read from (`FileBytes`).
 *
 * @param line The results line.
 * @param compiledLine The compiled line; `undefined`: leave the compiled item out (`null`).
 * @param place Where the compiled line was read from, to leave its record there.
 * @returns The result; throws when a line is damaged or the two do not belong together.
 */
export function decodeEntry(
  line: Uint8Array,
  compiledLine: Uint8Array | CompiledLine | null | undefined,
  place?: LinePlace,
): FileResult {
  const parsed = JSON.parse(
    checkedJson(Buffer.from(line.buffer, line.byteOffset, line.byteLength)).toString(),
  ) as unknown;
  if (!isRecord(parsed) || typeof parsed.compiledSum !== 'string') throw new Error('shape');
  // The compiled line written with these results, by its checksum: the two files are written
  // apart, and a results line must never be paired with another run's compiled item.
  const { compiledSum, ...result } = parsed;
  if (!isFileResult(result)) throw new Error('shape');
  if (result.lint) {
    result.lint.question.phrases = decodePhrases(result.lint.question.phrases as unknown);
    result.lint.severities = decodeSeverities(result.lint.severities as unknown);
  }
  result.compiled = null;
  if (compiledLine !== undefined) {
    const compiled =
      compiledLine && (compiledLine instanceof Uint8Array ? decodeCompiledLine(compiledLine, place) : compiledLine);
    if (!compiled || compiled.sum !== compiledSum) throw new Error('missing');
    result.compiled = compiled.item;
  }
  return result;
}

/** A compiled line decoded (`decodeCompiledLine`): its checksum, and its compiled item. */
export interface CompiledLine {
  /** The line's checksum, which the results line it goes with names. */
  sum: string;
  /** The compiled item, its prepared record left where the line was read from when that was given. */
  item: CompiledItem | null;
}

/**
 * A compiled line (after its key), its checksum checked: the cache decodes
 * its compiled file a line at a time as it reads it through, and keeps the
 * items, their records left in the file.
 *
 * @param line The line's bytes.
 * @param place Where the line was read from, to leave its record there.
 * @returns Its checksum and item; throws when it is damaged.
 */
export function decodeCompiledLine(line: Uint8Array, place?: LinePlace): CompiledLine {
  const bytes = Buffer.from(line.buffer, line.byteOffset, line.byteLength);
  const item = parseCompiled(checkedJson(bytes), place && { ...place, offset: place.offset + sumLength });
  return { sum: bytes.toString('latin1', 0, checksumLength), item };
}

/**
 * A compiled item as its line holds it. A prepared record's JSON (the whole
 * body with its hash) follows the rest, after a tab: no text twice, no JSON
 * within a JSON string, and the rest carries the body's summary, so that
 * reading the line never parses the record. As pieces: the record's bytes are
 * not copied.
 */
function compiledBytes(compiled: CompiledItem | null): RecordBytes[] {
  if (!compiled?.record) return [Buffer.from(JSON.stringify(compiled))];
  const { record, ...rest } = compactItem(compiled);
  const meta = JSON.stringify({ ...rest, record: { hash: record!.hash, keyHash: record!.keyHash } });
  return [Buffer.from(`${meta}\t`), record!.json];
}

/** A compiled item from its line's JSON (at `place` in a file, when given). */
function parseCompiled(bytes: Buffer, place: LinePlace | undefined): CompiledItem | null {
  const at = bytes.indexOf(tab);
  if (at === -1) return JSON.parse(bytes.toString()) as CompiledItem | null;
  const compiled = JSON.parse(bytes.toString('utf8', 0, at)) as CompiledItem;
  if (!isRecord(compiled.record) || !isRecord(compiled.body) || compiled.body.type !== 'question') {
    throw new Error('shape');
  }
  // The record's bytes stay where they were read (a view of them, or in their file): they are what the chunk holds.
  const length = bytes.length - at - 1;
  const json = place ? new FileBytes(place.file, place.offset + at + 1, length) : bytes.subarray(at + 1);
  return { ...compiled, record: { ...compiled.record, json } };
}

/** The JSON of an entry line (after its key), when its checksum holds; throws otherwise. */
function checkedJson(line: Buffer): Buffer {
  const json = line.subarray(sumLength);
  if (line[sumLength - 1] !== tab || line.toString('latin1', 0, sumLength - 1) !== checksum(json)) {
    throw new Error('checksum');
  }
  return json;
}

/**
 * The cache key of a file: its path and text, hashed.
 *
 * @param filePath Absolute path.
 * @param text The file's text (line endings normalised).
 * @returns A 64-character hex key.
 */
export function fileKey(filePath: string, text: string): string {
  return sha256(`${filePath}\0${text}`);
}

/** Marks a severity table kept as its changes from the recommended one (no rule id lacks a `/`). */
const fromRecommended = '=';

/** Each rule's severity under the `recommended` preset, worked out once. */
let recommended: Record<string, LintSeverity> | undefined;
function recommendedSeverities(): Record<string, LintSeverity> {
  recommended ??= Object.fromEntries([...resolveLintConfig(undefined, '')].map(([id, rule]) => [id, rule.severity]));
  return recommended;
}

/**
 * A file's table of rule severities as its entry keeps it: its changes from
 * the recommended table (most banks change a few rules, or none), which was a
 * quarter of a results line written whole.
 */
function encodeSeverities(severities: Record<string, LintSeverity>): Record<string, string> {
  const base = recommendedSeverities();
  const ids = Object.keys(severities);
  // Only a table with the recommended one's rules, in its order, is kept as changes: it reads back the same.
  if (ids.join('\n') !== Object.keys(base).join('\n')) return severities;
  const changes: Record<string, string> = { [fromRecommended]: 'recommended' };
  for (const id of ids) if (severities[id] !== base[id]) changes[id] = severities[id]!;
  return changes;
}

/** Tables read back, by their entry's form: files under the same settings share one object. */
const severityTables = new Map<string, Record<string, LintSeverity>>();

function decodeSeverities(value: unknown): Record<string, LintSeverity> {
  if (!isRecord(value)) throw new Error('shape');
  if (value[fromRecommended] !== 'recommended') return value as Record<string, LintSeverity>;
  const key = JSON.stringify(value);
  let table = severityTables.get(key);
  if (!table) {
    const { [fromRecommended]: _mark, ...changes } = value;
    table = { ...recommendedSeverities(), ...(changes as Record<string, LintSeverity>) };
    severityTables.set(key, table);
  }
  return table;
}

function encodePhrases(phrases: ArrayLike<number>): string {
  return Buffer.from(Uint32Array.from(phrases).buffer).toString('base64');
}

function decodePhrases(value: unknown): Uint32Array {
  if (typeof value !== 'string') throw new Error('shape');
  // Decoded straight into a buffer of its own (aligned, unlike a Buffer of the shared pool), and
  // kept as a Uint32Array: no array of numbers to build.
  const bytes = Buffer.alloc(Buffer.byteLength(value, 'base64'));
  if (bytes.length % 4 || bytes.write(value, 'base64') !== bytes.length) throw new Error('shape');
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFileResult(value: unknown): value is FileResult {
  return (
    isRecord(value) &&
    typeof value.path === 'string' &&
    (value.kind === 'question' || value.kind === 'note') &&
    Array.isArray(value.diagnostics) &&
    Array.isArray(value.images) &&
    (value.facts === null || isRecord(value.facts)) &&
    (value.lint === null || isRecord(value.lint))
  );
}
