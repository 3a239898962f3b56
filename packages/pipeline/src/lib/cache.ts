import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { BundleQuestion, CompiledItem } from '@qbank/compiler';
import { sha256 } from '@qbank/core';
import type { FileResult } from './model.js';

/** Version of the cache file layout; a different one is ignored and rewritten. */
const cacheFormat = 'qbank-cache/6';
/** What validation needs of each file (read by every run). */
const resultsFile = 'results.v1';
/** Each file's compiled item (read only by builds). */
const compiledFile = 'compiled.v1';

/** What loading the cache found. */
export type CacheState = 'fresh' | 'loaded' | 'stale' | 'corrupt';

/** One cache file's entries: key to the rest of its line (checksum, tab, JSON). */
interface EntryFile {
  state: CacheState;
  lines: Map<string, string>;
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
    let text: string;
    try {
      text = readFileSync(path.join(this.dir, name), 'utf8');
    } catch {
      return file;
    }
    const firstLine = text.indexOf('\n');
    let header: unknown;
    try {
      header = JSON.parse(firstLine === -1 ? text : text.slice(0, firstLine));
    } catch {
      return { ...file, state: 'corrupt' };
    }
    if (!isRecord(header) || typeof header.format !== 'string' || !header.format.startsWith('qbank-cache/')) {
      return { ...file, state: 'corrupt' };
    }
    // Written by another version of qbank, or under another environment: sound, but not ours to read.
    if (header.format !== cacheFormat || header.digest !== this.digest) return { ...file, state: 'stale' };
    let start = firstLine + 1;
    while (start > 0 && start < text.length) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end === -1 ? text.length : end);
      const tab = line.indexOf('\t');
      // A key written again later (an appended entry) replaces the earlier one. A last line
      // without its newline was cut short (entries are written whole, newline included).
      if (tab === 64 && end !== -1) file.lines.set(line.slice(0, tab), line.slice(tab + 1));
      else if (line) file.damaged++;
      if (line) file.count++;
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
    let result: unknown;
    try {
      const parsed = JSON.parse(checkedJson(line)) as unknown;
      if (!isRecord(parsed) || typeof parsed.compiledSum !== 'string') throw new Error('shape');
      // The compiled line written with these results, by its checksum: the two files are written
      // apart, and a results line must never be paired with another run's compiled item.
      const { compiledSum, ...rest } = parsed;
      result = rest;
      if (!isFileResult(result)) throw new Error('shape');
      if (result.lint) result.lint.question.phrases = decodePhrases(result.lint.question.phrases as unknown);
      result.compiled = null;
      if (withCompiled) {
        const compiled = this.compiled.lines.get(key);
        if (compiled === undefined || !compiled.startsWith(`${compiledSum}\t`)) throw new Error('missing');
        result.compiled = parseCompiled(checkedJson(compiled));
      }
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
      this.added.set(key, result as FileResult);
    }
    return result as FileResult;
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

  /** The entry's lines after the key, in each file (the compiled one may be gone). */
  private linesOf(key: string): [string, string | undefined] {
    const added = this.added.get(key);
    if (added) return serialise(added);
    return [this.results.lines.get(key)!, this.compiled.lines.get(key)];
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
    // Appending needs both files sound and mostly live (the compiled one is not read for that).
    if (
      sound(this.results) &&
      this.damaged === 0 &&
      (this.compiledEntries ? sound(this.compiledEntries) : this.appendable(compiledFile)) &&
      this.results.count + fresh.length <= 2 * kept.length + 100
    ) {
      try {
        const lines = fresh.map((key) => this.linesOf(key));
        // Compiled lines first: results are never on disk before the compiled items they name.
        appendFileSync(path.join(this.dir, compiledFile), lines.map(([, c], i) => `${fresh[i]}\t${c}\n`).join(''));
        appendFileSync(path.join(this.dir, resultsFile), lines.map(([r], i) => `${fresh[i]}\t${r}\n`).join(''));
      } catch {
        // A file may now end in part of a line: the next save rewrites both rather than append.
        this.damaged++;
        return false;
      }
      for (const key of fresh) this.written.add(key);
      this.results.count += fresh.length;
      return true;
    }
    const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
    const temps = [resultsFile, compiledFile].map((name) => path.join(this.dir, `.${name}.tmp-${suffix}`));
    const fds: number[] = [];
    try {
      prepareCacheDir(this.dir);
      for (const temp of temps) fds.push(openSync(temp, 'w'));
      const header = `${JSON.stringify({ format: cacheFormat, digest: this.digest })}\n`;
      const batches = [header, header];
      for (const key of kept) {
        const lines = this.linesOf(key);
        for (let i = 0; i < 2; i++) {
          // A results line whose compiled line is gone is still worth keeping (validate needs no more).
          if (lines[i] === undefined) continue;
          batches[i] += `${key}\t${lines[i]}\n`;
          if (batches[i]!.length > 4 * 2 ** 20) {
            writeSync(fds[i]!, batches[i]!);
            batches[i] = '';
          }
        }
      }
      batches.forEach((batch, i) => writeSync(fds[i]!, batch));
      for (const fd of fds.splice(0)) closeSync(fd);
      // Compiled items first: a results file is never newer than the compiled items it implies.
      renameSync(temps[1]!, path.join(this.dir, compiledFile));
      renameSync(temps[0]!, path.join(this.dir, resultsFile));
      const keep = new Set(kept);
      for (const file of [this.results, this.compiled]) {
        for (const key of [...file.lines.keys()]) if (!keep.has(key)) file.lines.delete(key);
        Object.assign(file, { state: 'loaded', damaged: 0, count: kept.length });
      }
      for (const key of [...this.added.keys()]) if (!keep.has(key)) this.added.delete(key);
      this.written = keep;
      this.state = 'loaded';
      this.damaged = 0;
      return true;
    } catch {
      for (const fd of fds) closeSync(fd);
      for (const temp of temps) rmSync(temp, { force: true });
      return false;
    }
  }
}

/** A result as its lines after the key: in the results file, and in the compiled file. */
function serialise(result: FileResult): [string, string] {
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
  const body = compiledText(compiled);
  const compiledSum = checksum(body);
  // The results name the compiled line they go with (a field after the others: JSON still).
  const results = `${check.slice(0, -1)},"compiledSum":"${compiledSum}"}`;
  return [`${checksum(results)}\t${results}`, `${compiledSum}\t${body}`];
}

/**
 * A compiled item as its line holds it. A prepared record's JSON is the body
 * with its hash: it follows, after a tab, in place of the body (no text twice,
 * and no JSON within a JSON string).
 */
function compiledText(compiled: CompiledItem | null): string {
  if (!compiled?.record) return JSON.stringify(compiled);
  const { body: _body, record, ...rest } = compiled;
  return `${JSON.stringify({ ...rest, record: { hash: record.hash, keyHash: record.keyHash } })}\t${record.json}`;
}

function parseCompiled(text: string): CompiledItem | null {
  const tab = text.indexOf('\t');
  if (tab === -1) return JSON.parse(text) as CompiledItem | null;
  const compiled = JSON.parse(text.slice(0, tab)) as CompiledItem;
  const json = text.slice(tab + 1);
  const { hash, ...body } = JSON.parse(json) as BundleQuestion;
  if (!isRecord(compiled.record) || hash !== compiled.record.hash) throw new Error('shape');
  return { ...compiled, body, record: { ...compiled.record, json } };
}

/** The JSON of an entry line (after its key), when its checksum holds; throws otherwise. */
function checkedJson(line: string): string {
  const tab = line.indexOf('\t');
  const json = line.slice(tab + 1);
  if (tab !== 32 || line.slice(0, tab) !== checksum(json)) throw new Error('checksum');
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
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, '.gitignore'), '*\n');
  writeFileSync(
    path.join(dir, 'CACHEDIR.TAG'),
    'Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache made by qbank; see https://bford.info/cachedir/\n',
  );
}

/**
 * Write a file of the cache whole or not at all: to a temporary file beside
 * it, renamed into place (the cache directory is prepared first). Failing to
 * write only costs time, so it is not an error.
 *
 * @param cacheDir The cache directory.
 * @param target Absolute path of the file, inside `cacheDir`.
 * @param text Its content.
 * @returns Whether it was written.
 */
export function writeCacheFile(cacheDir: string, target: string, text: string): boolean {
  const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    prepareCacheDir(cacheDir);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(temp, text);
    renameSync(temp, target);
    return true;
  } catch {
    rmSync(temp, { force: true });
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

function checksum(text: string): string {
  return sha256(text).slice(0, 32);
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
