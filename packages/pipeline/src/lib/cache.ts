import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync } from 'node:fs';
import path from 'node:path';
import { compactItem, type CompiledItem } from '@qbank/compiler';
import {
  AtomicFileSync,
  appendFileFullySync,
  ensureDirectorySync,
  removeAbandoned,
  sha256,
  writeFileAtomicSync,
} from '@qbank/core';
import type { FileResult } from './model.js';

/** Version of the cache file layout; a different one is ignored and rewritten. */
const cacheFormat = 'qbank-cache/7';
/** What validation needs of each file (read by every run). */
const resultsFile = 'results.v1';
/** Each file's compiled item (read only by builds). */
const compiledFile = 'compiled.v1';

/** What loading the cache found. */
export type CacheState = 'fresh' | 'loaded' | 'stale' | 'corrupt';

/**
 * One cache file's entries: key to the rest of its line (checksum, tab, JSON),
 * as bytes of the file read (a prepared record's JSON is kept as those bytes).
 */
interface EntryFile {
  state: CacheState;
  lines: Map<string, Buffer>;
  /** Entry lines in the file, superseded ones included. */
  count: number;
  /** Lines that were not entries (cut short, garbage). */
  damaged: number;
}

/**
 * The on-disk cache of per-file results (`.qbank-cache/`), keyed by a hash
 * of the file's path and text. The whole cache belongs to one environment
 * digest (toolchain, config, taxonomy, registries): a cache written under
 * another digest is stale and starts empty. Every entry carries a checksum
 * and is checked when it is read; a damaged entry is dropped and its file
 * processed again, and a damaged file as a whole is ignored. The cache is
 * never trusted blindly and never a reason to fail.
 *
 * Layout: two files, each a header line (JSON: format and digest) and one
 * line per entry (key, checksum and JSON, separated by tabs; JSON never
 * contains a raw tab or newline): `results.v1` holds what validation needs
 * (diagnostics, facts, lint), `compiled.v1` the compiled items, read only
 * when a build needs them. New entries are appended to both (a later line
 * for a key wins); the files are rewritten with only the live entries when
 * superseded ones would make up half of them.
 */
export class ResultCache {
  /** What loading found: `fresh` (no cache yet), `loaded`, `stale` (other digest) or `corrupt`. */
  state: CacheState;
  /** Entries dropped because their checksum or shape was wrong. */
  damaged = 0;
  private readonly results: EntryFile;
  /** Read on first need. */
  private compiledEntries: EntryFile | undefined;
  private readonly added = new Map<string, FileResult>();
  /** Keys whose current entry is in the files. */
  private written = new Set<string>();

  private constructor(
    private readonly dir: string,
    private readonly digest: string,
  ) {
    this.results = this.readFile(resultsFile);
    this.state = this.results.state;
    this.damaged = this.results.damaged;
    for (const key of this.results.lines.keys()) this.written.add(key);
  }

  /**
   * Open the cache in `dir` for one environment.
   *
   * @param dir The cache directory (created on save).
   * @param digest The environment digest results belong to.
   * @returns The cache; empty when there was none, or it was stale or corrupt.
   */
  static open(dir: string, digest: string): ResultCache {
    return new ResultCache(dir, digest);
  }

  private readFile(name: string): EntryFile {
    const file: EntryFile = { state: 'fresh', lines: new Map(), count: 0, damaged: 0 };
    let bytes: Buffer;
    try {
      bytes = readFileSync(path.join(this.dir, name));
    } catch {
      return file;
    }
    const firstLine = bytes.indexOf(newline);
    let header: unknown;
    try {
      header = JSON.parse(bytes.toString('utf8', 0, firstLine === -1 ? bytes.length : firstLine));
    } catch {
      return { ...file, state: 'corrupt' };
    }
    if (!isRecord(header) || typeof header.format !== 'string' || !header.format.startsWith('qbank-cache/')) {
      return { ...file, state: 'corrupt' };
    }
    // Written by another version of qbank, or under another environment: sound, but not ours to read.
    if (header.format !== cacheFormat || header.digest !== this.digest) return { ...file, state: 'stale' };
    let start = firstLine + 1;
    while (start > 0 && start < bytes.length) {
      const end = bytes.indexOf(newline, start);
      const line = bytes.subarray(start, end === -1 ? bytes.length : end);
      // A key written again later (an appended entry) replaces the earlier one. A last line
      // without its newline was cut short (entries are written whole, newline included).
      if (line[64] === tab && end !== -1) file.lines.set(line.toString('latin1', 0, 64), line.subarray(65));
      else if (line.length) file.damaged++;
      if (line.length) file.count++;
      start = end === -1 ? -1 : end + 1;
    }
    return { ...file, state: 'loaded' };
  }

  /** Whether an entry file not read yet is ours (format, digest) and ends with a whole line. */
  private appendable(name: string): boolean {
    let fd: number | undefined;
    try {
      fd = openSync(path.join(this.dir, name), 'r');
      const size = fstatSync(fd).size;
      const head = Buffer.alloc(Math.min(size, 4096));
      readSync(fd, head, 0, head.length, 0);
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      const header = JSON.parse(head.toString('utf8').split('\n')[0]!) as unknown;
      return isRecord(header) && header.format === cacheFormat && header.digest === this.digest && last[0] === 10;
    } catch {
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private get compiled(): EntryFile {
    return (this.compiledEntries ??= this.readFile(compiledFile));
  }

  /** Number of entries read from disk. */
  get size(): number {
    return this.results.lines.size;
  }

  /**
   * The cached result for a key, when there is a sound one.
   *
   * @param key The file's key (`fileKey`).
   * @param withCompiled Also read the compiled item (a build needs it).
   * @returns The result, or `undefined` on a miss or a damaged entry.
   */
  get(key: string, withCompiled: boolean): FileResult | undefined {
    const added = this.added.get(key);
    if (added) return withCompiled ? added : { ...added, compiled: null };
    const line = this.results.lines.get(key);
    if (line === undefined) return undefined;
    let result: FileResult;
    try {
      result = decodeEntry(line, withCompiled ? (this.compiled.lines.get(key) ?? null) : undefined);
    } catch {
      this.damaged++;
      this.results.lines.delete(key);
      this.written.delete(key);
      return undefined;
    }
    if (withCompiled) {
      // The whole result is in memory now: keep it rather than its text (still on disk, so not re-added).
      this.results.lines.delete(key);
      this.compiled.lines.delete(key);
      this.added.set(key, result);
    }
    return result;
  }

  /**
   * Store a result (written by `save`; serialised only then, a line at a time).
   *
   * @param key The file's key.
   * @param result Its result.
   */
  set(key: string, result: FileResult): void {
    this.added.set(key, result);
    this.written.delete(key);
  }

  /** The entry's lines after the key, as pieces, in each file (the compiled one may be gone). */
  private linesOf(key: string): [readonly Piece[], readonly Piece[] | undefined] {
    const added = this.added.get(key);
    if (added) return encodeEntry(added);
    const compiled = this.compiled.lines.get(key);
    return [[this.results.lines.get(key)!], compiled && [compiled]];
  }

  /**
   * Write the entries of the given keys (the files of the run; others belong
   * to files that changed or went away). Sound files that would stay mostly
   * live are appended to (a few new entries cost a few writes, not the whole
   * cache again); otherwise they are rewritten with only the live entries, to
   * temporary files renamed into place, a few megabytes at a time. Nothing is
   * written when the files already hold them all. Failing to write only
   * loses speed.
   *
   * @param keys The keys to keep.
   * @returns Whether the cache was written.
   */
  save(keys: Iterable<string>): boolean {
    // An entry can be kept when its result is in memory, or both its lines are on disk.
    const kept = [...new Set(keys)].filter((key) => this.added.has(key) || this.results.lines.has(key)).sort();
    const fresh = kept.filter((key) => !this.written.has(key));
    const sound = (file: EntryFile) => file.state === 'loaded' && file.damaged === 0;
    if (!fresh.length && this.state === 'loaded' && this.damaged === 0) return false;
    // What saves that were killed left behind (their temporary files) goes once their owner is gone.
    removeAbandoned(this.dir);
    // Appending needs both files sound and mostly live (the compiled one is not read for that).
    if (
      sound(this.results) &&
      this.damaged === 0 &&
      (this.compiledEntries ? sound(this.compiledEntries) : this.appendable(compiledFile)) &&
      this.results.count + fresh.length <= 2 * kept.length + 100
    ) {
      try {
        const lines = fresh.map((key) => this.linesOf(key));
        const entries = (part: 0 | 1) =>
          Buffer.concat(lines.flatMap((line, i) => entryLine(fresh[i]!, line[part]!).map(asBytes)));
        // Compiled lines first: results are never on disk before the compiled items they name.
        appendFileFullySync(path.join(this.dir, compiledFile), entries(1));
        appendFileFullySync(path.join(this.dir, resultsFile), entries(0));
      } catch {
        // A file may now end in part of a line: the next save rewrites both rather than append.
        this.damaged++;
        return false;
      }
      for (const key of fresh) this.written.add(key);
      this.results.count += fresh.length;
      return true;
    }
    const files: AtomicFileSync[] = [];
    try {
      prepareCacheDir(this.dir);
      // Cache files are not flushed to the disk: every line carries a checksum, and a lost cache only costs time.
      for (const name of [resultsFile, compiledFile]) {
        files.push(AtomicFileSync.open(path.join(this.dir, name), { durable: false }));
      }
      const header = Buffer.from(`${JSON.stringify({ format: cacheFormat, digest: this.digest })}\n`);
      const batches = [new Batch(files[0]!, header), new Batch(files[1]!, header)];
      for (const key of kept) {
        const lines = this.linesOf(key);
        for (let i = 0; i < 2; i++) {
          // A results line whose compiled line is gone is still worth keeping (validate needs no more).
          if (lines[i] !== undefined) batches[i]!.add(entryLine(key, lines[i]!));
        }
      }
      for (const batch of batches) batch.flush();
      // Compiled items first: a results file is never newer than the compiled items it implies.
      files[1]!.commit();
      files[0]!.commit();
      const keep = new Set(kept);
      // The compiled file is not read for this when it has not been yet: it is read when first needed.
      for (const file of this.compiledEntries ? [this.results, this.compiledEntries] : [this.results]) {
        for (const key of [...file.lines.keys()]) if (!keep.has(key)) file.lines.delete(key);
        Object.assign(file, { state: 'loaded', damaged: 0, count: kept.length });
      }
      for (const key of [...this.added.keys()]) if (!keep.has(key)) this.added.delete(key);
      this.written = keep;
      this.state = 'loaded';
      this.damaged = 0;
      return true;
    } catch {
      for (const file of files) file.abort();
      return false;
    }
  }
}

/** Bytes written to a file a few megabytes at a time. */
class Batch {
  private parts: Piece[] = [];
  private size = 0;

  constructor(
    private readonly file: AtomicFileSync,
    first: Uint8Array,
  ) {
    this.add([first]);
  }

  add(parts: readonly Piece[]): void {
    for (const part of parts) {
      this.parts.push(part);
      this.size += part.length;
    }
    if (this.size > 4 * 2 ** 20 || this.parts.length > 1000) this.flush();
  }

  /**
   * Written as they are: a run of text joined and written as text (encoded into a buffer of its
   * own, freed at once), bytes without a copy; every write checked. A cold build writes 70 MB.
   */
  flush(): void {
    let text: string[] = [];
    let bytes: Uint8Array[] = [];
    const write = () => {
      if (text.length) this.file.write(text.join(''));
      if (bytes.length) this.file.writev(bytes);
      text = [];
      bytes = [];
    };
    for (const part of this.parts) {
      if (typeof part === 'string') {
        if (bytes.length) write();
        text.push(part);
      } else {
        if (text.length) write();
        bytes.push(part);
      }
    }
    write();
    this.parts = [];
    this.size = 0;
  }
}

const newline = 10;
const tab = 9;
const newlineBytes = Buffer.from('\n');

/** An entry line of a cache file: key, tab, the rest, newline. */
function entryLine(key: string, rest: readonly Piece[]): Piece[] {
  return typeof rest[0] === 'string'
    ? [`${key}\t`, ...rest, '\n']
    : [Buffer.from(`${key}\t`, 'latin1'), ...rest, newlineBytes];
}

/** Text or bytes of a cache file. */
type Piece = string | Uint8Array;

function asBytes(piece: Piece): Uint8Array {
  return typeof piece === 'string' ? Buffer.from(piece) : piece;
}

/**
 * A cache entry's lines after the key, as pieces: in the results file (text:
 * no buffer to collect per entry), and in the compiled file (bytes: a prepared
 * record's bytes are not copied).
 */
export type EntryLines = [results: readonly string[], compiled: readonly Uint8Array[]];

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
 * checked. A prepared record stays a view of the compiled line.
 *
 * @param line The results line.
 * @param compiledLine The compiled line; `undefined`: leave the compiled item out (`null`).
 * @returns The result; throws when a line is damaged or the two do not belong together.
 */
export function decodeEntry(line: Uint8Array, compiledLine: Uint8Array | null | undefined): FileResult {
  const parsed = JSON.parse(
    checkedJson(Buffer.from(line.buffer, line.byteOffset, line.byteLength)).toString(),
  ) as unknown;
  if (!isRecord(parsed) || typeof parsed.compiledSum !== 'string') throw new Error('shape');
  // The compiled line written with these results, by its checksum: the two files are written
  // apart, and a results line must never be paired with another run's compiled item.
  const { compiledSum, ...result } = parsed;
  if (!isFileResult(result)) throw new Error('shape');
  if (result.lint) result.lint.question.phrases = decodePhrases(result.lint.question.phrases as unknown);
  result.compiled = null;
  if (compiledLine !== undefined) {
    const compiled = compiledLine && Buffer.from(compiledLine.buffer, compiledLine.byteOffset, compiledLine.byteLength);
    if (!compiled || compiled.toString('latin1', 0, 33) !== `${compiledSum}\t`) throw new Error('missing');
    result.compiled = parseCompiled(checkedJson(compiled));
  }
  return result;
}

/**
 * A compiled item as its line holds it. A prepared record's JSON (the whole
 * body with its hash) follows the rest, after a tab: no text twice, no JSON
 * within a JSON string, and the rest carries the body's summary, so that
 * reading the line never parses the record. As pieces: the record's bytes are
 * not copied.
 */
function compiledBytes(compiled: CompiledItem | null): Uint8Array[] {
  if (!compiled?.record) return [Buffer.from(JSON.stringify(compiled))];
  const { record, ...rest } = compactItem(compiled);
  const meta = JSON.stringify({ ...rest, record: { hash: record!.hash, keyHash: record!.keyHash } });
  return [Buffer.from(`${meta}\t`), record!.json];
}

function parseCompiled(bytes: Buffer): CompiledItem | null {
  const at = bytes.indexOf(tab);
  if (at === -1) return JSON.parse(bytes.toString()) as CompiledItem | null;
  const compiled = JSON.parse(bytes.toString('utf8', 0, at)) as CompiledItem;
  if (!isRecord(compiled.record) || !isRecord(compiled.body) || compiled.body.type !== 'question') {
    throw new Error('shape');
  }
  // The record's bytes stay a view of the file read: they are what the bundle's chunk holds.
  return { ...compiled, record: { ...compiled.record, json: bytes.subarray(at + 1) } };
}

/** The JSON of an entry line (after its key), when its checksum holds; throws otherwise. */
function checkedJson(line: Buffer): Buffer {
  const json = line.subarray(33);
  if (line[32] !== tab || line.toString('latin1', 0, 32) !== checksum(json)) {
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

/**
 * Create the cache directory, marked so that git and backup tools skip it
 * without the user having to say so.
 *
 * @param dir The cache directory.
 */
export function prepareCacheDir(dir: string): void {
  ensureDirectorySync(dir);
  // Temporary files of saves that were killed are removed once their owner is gone.
  removeAbandoned(dir);
  const marks: [string, string][] = [
    ['.gitignore', '*\n'],
    [
      'CACHEDIR.TAG',
      'Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache made by qbank; see https://bford.info/cachedir/\n',
    ],
  ];
  for (const [name, text] of marks) {
    const file = path.join(dir, name);
    if (!existsSync(file)) writeFileAtomicSync(file, text, { durable: false });
  }
}

/**
 * Write a file of the cache whole or not at all (`writeFileAtomicSync`, not
 * flushed to the disk: cache files carry checksums), the cache directory
 * prepared first. Failing to write only costs time, so it is not an error.
 *
 * @param cacheDir The cache directory.
 * @param target Absolute path of the file, inside `cacheDir`.
 * @param text Its content.
 * @returns Whether it was written.
 */
export function writeCacheFile(cacheDir: string, target: string, text: string): boolean {
  try {
    prepareCacheDir(cacheDir);
    mkdirSync(path.dirname(target), { recursive: true });
    if (path.dirname(target) !== cacheDir) removeAbandoned(path.dirname(target));
    writeFileAtomicSync(target, text, { durable: false });
    return true;
  } catch {
    return false;
  }
}

function encodePhrases(phrases: ArrayLike<number>): string {
  return Buffer.from(Float64Array.from(phrases).buffer).toString('base64');
}

function decodePhrases(value: unknown): Float64Array {
  if (typeof value !== 'string') throw new Error('shape');
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length % 8) throw new Error('shape');
  // Copied into an aligned buffer (a Buffer from base64 may start at any offset of its pool),
  // and kept as a Float64Array: no array of numbers to build.
  return new Float64Array(new Uint8Array(bytes).buffer);
}

function checksum(...pieces: Piece[]): string {
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece);
  return hash.digest('hex').slice(0, 32);
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
