import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { bytesOf } from '@qbank/compiler';
import { AtomicFileSync, appendFileFullySync } from '@qbank/core';
import {
  headerLine,
  prepareCacheDir,
  readHeader,
  sweepTemporaries,
  type CacheState,
  type Piece,
} from './cache-file.js';
import { decodeCompiledLine, decodeEntry, encodeEntry, type CompiledLine, type LinePlace } from './entry-encoding.js';
import type { EntryBytes, FileResult } from './model.js';
import { FileBytes, OpenFile } from './stored-bytes.js';

/** Version of the layout of the results and compiled files; a different one is ignored and rewritten. */
const cacheFormat = 'qbank-cache/9';
/** What validation needs of each file (read by every run). */
const resultsFile = 'results.v1';
/** Each file's compiled item (read only by builds). */
const compiledFile = 'compiled.v1';

/**
 * One cache file's entries: key to the rest of its line (checksum, tab, JSON),
 * as a copy of its bytes (freed as each entry is decoded for a build).
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
 * The compiled file's entries, decoded as the file was read through: key to
 * the compiled item (its prepared record left in the file, kept open) and
 * where the rest of its line is.
 */
interface EntryIndex extends Omit<EntryFile, 'lines'> {
  lines: Map<string, IndexedLine>;
}

/** A compiled line decoded, and where it is. */
type IndexedLine = CompiledLine & LinePlace & { length: number };

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
export class ResultStore {
  /** What loading found: `fresh` (no cache yet), `loaded`, `stale` (other digest) or `corrupt`. */
  state: CacheState;
  /** Entries dropped because their checksum or shape was wrong. */
  damaged = 0;
  private readonly results: EntryFile;
  /** Indexed on first need. */
  private compiledEntries: EntryIndex | undefined;
  private readonly added = new Map<string, FileResult>();
  /** The lines of added results as already written elsewhere (a worker's files): copied, not encoded again. */
  private readonly encoded = new Map<string, EntryBytes>();
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
  static open(dir: string, digest: string): ResultStore {
    return new ResultStore(dir, digest);
  }

  /** The results file's entries, each line's bytes after its key kept. */
  private readFile(name: string): EntryFile {
    return readEntries(path.join(this.dir, name), this.digest, (rest) => Buffer.from(rest));
  }

  /**
   * The compiled file's entries, each line decoded as the file is read
   * through: the compiled item kept, its prepared record left in the file
   * (kept open) until its chunk is written.
   */
  private indexFile(name: string): EntryIndex {
    return readEntries(path.join(this.dir, name), this.digest, decodeIndexed);
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
      return readHeader(head, cacheFormat, this.digest).state === 'loaded' && last[0] === newline;
    } catch {
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private get compiled(): EntryIndex {
    return (this.compiledEntries ??= this.indexFile(compiledFile));
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
      // The whole result is in hand now (its record still in the file): keep it rather than its text.
      this.results.lines.delete(key);
      this.compiled.lines.delete(key);
      this.added.set(key, result);
    }
    return result;
  }

  /**
   * Store a result (written by `save`; serialised only then, a line at a time,
   * or copied from the lines given).
   *
   * @param key The file's key.
   * @param result Its result.
   * @param entry Its entry's lines as already written elsewhere (a worker's files).
   */
  set(key: string, result: FileResult, entry?: EntryBytes): void {
    this.added.set(key, result);
    if (entry) this.encoded.set(key, entry);
    else this.encoded.delete(key);
    this.written.delete(key);
  }

  /** The entry's lines after the key, as pieces, in each file (the compiled one may be gone). */
  private linesOf(key: string): [readonly Piece[], readonly Piece[] | undefined] {
    const encoded = this.encoded.get(key);
    if (encoded) return [[encoded[0]], [encoded[1]]];
    const added = this.added.get(key);
    if (added) return encodeEntry(added);
    const compiled = this.compiled.lines.get(key);
    return [
      [this.results.lines.get(key)!],
      compiled && [new FileBytes(compiled.file, compiled.offset, compiled.length)],
    ];
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
    const sound = (file: Pick<EntryFile, 'state' | 'damaged'>) => file.state === 'loaded' && file.damaged === 0;
    if (!fresh.length && this.state === 'loaded' && this.damaged === 0) return false;
    // What saves that were killed left behind (their temporary files) goes once their owner is gone.
    sweepTemporaries(this.dir);
    // Appending needs both files sound and mostly live (the compiled one is not read for that).
    const appendable =
      sound(this.results) &&
      this.damaged === 0 &&
      (this.compiledEntries ? sound(this.compiledEntries) : this.appendable(compiledFile)) &&
      this.results.count + fresh.length <= 2 * kept.length + 100;
    return appendable ? this.append(fresh) : this.rewrite(kept);
  }

  /**
   * Append the entries of keys not in the files yet to both files, a few
   * megabytes at a time (the records read from where they were left).
   */
  private append(fresh: readonly string[]): boolean {
    try {
      for (let start = 0; start < fresh.length;) {
        const batch: [Uint8Array[], Uint8Array[]] = [[], []];
        let size = 0;
        for (; start < fresh.length && size < appendBatchBytes; start++) {
          const key = fresh[start]!;
          const lines = this.linesOf(key);
          for (const part of [0, 1] as const) {
            for (const piece of entryLine(key, lines[part]!)) {
              const bytes = asBytes(piece);
              batch[part].push(bytes);
              size += bytes.byteLength;
            }
          }
        }
        // Compiled lines first: results are never on disk before the compiled items they name.
        appendFileFullySync(path.join(this.dir, compiledFile), Buffer.concat(batch[1]));
        appendFileFullySync(path.join(this.dir, resultsFile), Buffer.concat(batch[0]));
      }
    } catch {
      // A file may now end in part of a line: the next save rewrites both rather than append.
      this.damaged++;
      return false;
    }
    for (const key of fresh) this.written.add(key);
    this.results.count += fresh.length;
    return true;
  }

  /** Write both files afresh with only these entries, to temporary files renamed into place. */
  private rewrite(kept: readonly string[]): boolean {
    const files: AtomicFileSync[] = [];
    try {
      prepareCacheDir(this.dir);
      // Cache files are not flushed to the disk: every line carries a checksum, and a lost cache only costs time.
      for (const name of [resultsFile, compiledFile]) {
        files.push(AtomicFileSync.open(path.join(this.dir, name), { durable: false }));
      }
      const header = Buffer.from(headerLine({ format: cacheFormat, digest: this.digest }));
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
    } catch {
      for (const file of files) file.abort();
      return false;
    }
    this.keepOnly(new Set(kept));
    return true;
  }

  /** After a rewrite: forget what is no longer in the files. */
  private keepOnly(keep: ReadonlySet<string>): void {
    // The compiled file is not indexed for this when it has not been yet: it is when first needed.
    for (const file of this.compiledEntries ? [this.results, this.compiledEntries] : [this.results]) {
      for (const key of [...file.lines.keys()]) if (!keep.has(key)) file.lines.delete(key);
      Object.assign(file, { state: 'loaded', damaged: 0, count: keep.size });
    }
    for (const key of [...this.added.keys()]) {
      if (keep.has(key)) continue;
      this.added.delete(key);
      this.encoded.delete(key);
    }
    this.written = new Set(keep);
    this.state = 'loaded';
    this.damaged = 0;
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
      this.size += typeof part === 'string' ? part.length : part.byteLength;
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
        // A record still in the file it was read from is read now (a batch holds a few megabytes).
        bytes.push(bytesOf(part));
      }
    }
    write();
    this.parts = [];
    this.size = 0;
  }
}

const newline = 10;
const tab = 9;
/** Entries are appended in batches of about this many bytes. */
const appendBatchBytes = 4 * 2 ** 20;
const newlineBytes = Buffer.from('\n');

/** An entry line of a cache file: key, tab, the rest, newline. */
function entryLine(key: string, rest: readonly Piece[]): Piece[] {
  return typeof rest[0] === 'string'
    ? [`${key}\t`, ...rest, '\n']
    : [Buffer.from(`${key}\t`, 'latin1'), ...rest, newlineBytes];
}

function asBytes(piece: Piece): Uint8Array {
  return typeof piece === 'string' ? Buffer.from(piece) : bytesOf(piece);
}

/**
 * The entries of a cache file, read through a megabyte at a time, each kept
 * as `keep` makes it of the line after its key (`undefined`: damaged). A key
 * written again later (an appended entry) replaces the earlier one; a last
 * line without its newline was cut short (entries are written whole,
 * newline included). A file that cannot be read is `fresh`, one that fails
 * part-way `corrupt`.
 */
function readEntries<T>(
  filePath: string,
  digest: string,
  keep: (rest: Buffer, file: OpenFile, offset: number) => T | undefined,
): { state: CacheState; lines: Map<string, T>; count: number; damaged: number } {
  const entries = { state: 'fresh' as CacheState, lines: new Map<string, T>(), count: 0, damaged: 0 };
  let file: OpenFile;
  let rest: number;
  try {
    file = new OpenFile(filePath);
    const header = readHeader(file.read(0, Math.min(4096, fstatSync(file.fd).size)), cacheFormat, digest);
    if (header.state !== 'loaded') return { ...entries, state: header.state };
    rest = header.rest;
  } catch {
    return entries;
  }
  try {
    for (const { line, offset, whole } of linesOf(file, rest)) {
      if (!line.length) continue;
      entries.count++;
      const kept = line[64] === tab && whole ? keep(line.subarray(65), file, offset + 65) : undefined;
      if (kept === undefined) entries.damaged++;
      else entries.lines.set(line.toString('latin1', 0, 64), kept);
    }
  } catch {
    return { ...entries, lines: new Map(), state: 'corrupt' };
  }
  return { ...entries, state: 'loaded' };
}

/** A compiled line as the index keeps it, or `undefined` when it is damaged. */
function decodeIndexed(line: Buffer, file: OpenFile, offset: number): IndexedLine | undefined {
  try {
    return { ...decodeCompiledLine(line, { file, offset }), file, offset, length: line.length };
  } catch {
    return undefined;
  }
}

/**
 * The lines of a file from an offset on, read a megabyte at a time: each as a
 * view valid until the next is asked for, with where it starts, and whether
 * it ends with a newline (a last line without one was cut short). A line
 * that runs past a block is read again from its start with the next block.
 */
function* linesOf(file: OpenFile, from: number): Generator<{ line: Buffer; offset: number; whole: boolean }> {
  let block = Buffer.allocUnsafe(2 ** 20);
  for (let position = from; ;) {
    const read = readSync(file.fd, block, 0, block.length, position);
    if (read === 0) return;
    const data = block.subarray(0, read);
    let start = 0;
    for (let end = data.indexOf(newline); end !== -1; end = data.indexOf(newline, start)) {
      yield { line: data.subarray(start, end), offset: position + start, whole: true };
      start = end + 1;
    }
    if (read < block.length) {
      // The end of the file: what is left is a line cut short.
      if (start < read) yield { line: data.subarray(start), offset: position + start, whole: false };
      return;
    }
    // A line longer than the block: a larger one.
    if (start === 0) block = Buffer.allocUnsafe(block.length * 2);
    position += start;
  }
}
