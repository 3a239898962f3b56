import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { sha256 } from '@qbank/core';
import type { FileResult } from './model.js';

/** Version of the cache file layout; a different one is ignored and rewritten. */
const cacheFormat = 'qbank-cache/3';
const resultsFile = 'results.v1';

/** What loading the cache found. */
export type CacheState = 'fresh' | 'loaded' | 'stale' | 'corrupt';

/**
 * The on-disk cache of per-file results (`.qbank-cache/`), keyed by a hash
 * of the file's path and text. The whole cache belongs to one environment
 * digest (toolchain, config, taxonomy, registries): a cache written under
 * another digest is stale and starts empty. Every entry carries a checksum
 * and is checked when it is read; a damaged entry is dropped and its file
 * processed again, and a damaged file as a whole is ignored. The cache is
 * never trusted blindly and never a reason to fail.
 *
 * Layout: one header line (JSON: format and digest), then one line per
 * entry: key, the result without its compiled item and its checksum, the
 * compiled item and its checksum, separated by tabs (JSON never contains a raw
 * tab or newline). The compiled item is only checked and parsed when a build
 * needs it. New entries are
 * appended (a later line for a key wins); the file is rewritten with only the
 * live entries when superseded ones would make up half of it.
 */
export class ResultCache {
  /** What loading found: `fresh` (no cache yet), `loaded`, `stale` (other digest) or `corrupt`. */
  state: CacheState;
  /** Entries dropped because their checksum or shape was wrong. */
  damaged = 0;
  /** Entry lines in the file, superseded ones included. */
  private lines = 0;
  private readonly stored = new Map<string, string>();
  private readonly added = new Map<string, FileResult>();
  /** Keys whose current entry is in the file. */
  private written = new Set<string>();

  private constructor(
    private readonly dir: string,
    private readonly digest: string,
  ) {
    this.state = this.read();
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

  private read(): CacheState {
    let text: string;
    try {
      text = readFileSync(path.join(this.dir, resultsFile), 'utf8');
    } catch {
      return 'fresh';
    }
    const firstLine = text.indexOf('\n');
    let header: unknown;
    try {
      header = JSON.parse(firstLine === -1 ? text : text.slice(0, firstLine));
    } catch {
      return 'corrupt';
    }
    if (!isRecord(header) || typeof header.format !== 'string' || !header.format.startsWith('qbank-cache/')) {
      return 'corrupt';
    }
    // Written by another version of qbank: sound, but not ours to read.
    if (header.format !== cacheFormat) return 'stale';
    if (header.digest !== this.digest) return 'stale';
    let start = firstLine + 1;
    while (start > 0 && start < text.length) {
      const end = text.indexOf('\n', start);
      const line = text.slice(start, end === -1 ? text.length : end);
      const tab = line.indexOf('\t');
      // A key written again later (an appended entry) replaces the earlier one. A last line
      // without its newline was cut short (entries are written whole, newline included).
      if (tab === 64 && end !== -1) {
        this.stored.set(line.slice(0, tab), line.slice(tab + 1));
        this.written.add(line.slice(0, tab));
      } else if (line) this.damaged++;
      if (line) this.lines++;
      start = end === -1 ? -1 : end + 1;
    }
    return 'loaded';
  }

  /** Number of entries read from disk. */
  get size(): number {
    return this.stored.size;
  }

  /**
   * The cached result for a key, when there is a sound one.
   *
   * @param key The file's key (`fileKey`).
   * @param withCompiled Also parse the compiled item (a build needs it).
   * @returns The result, or `undefined` on a miss or a damaged entry.
   */
  get(key: string, withCompiled: boolean): FileResult | undefined {
    const added = this.added.get(key);
    if (added) return withCompiled ? added : { ...added, compiled: null };
    const line = this.stored.get(key);
    if (line === undefined) return undefined;
    const [checkSum, check, compiledSum, compiled] = line.split('\t');
    let result: unknown;
    try {
      if (checkSum !== checksum(check) || (withCompiled && compiledSum !== checksum(compiled))) {
        throw new Error('checksum');
      }
      result = JSON.parse(check!);
      if (!isFileResult(result)) throw new Error('shape');
      if (result.lint) result.lint.question.phrases = decodePhrases(result.lint.question.phrases as unknown);
      result.compiled = withCompiled ? JSON.parse(compiled!) : null;
    } catch {
      this.damaged++;
      this.stored.delete(key);
      return undefined;
    }
    if (withCompiled) {
      // The whole result is in memory now: keep it rather than its text (still on disk, so not re-added).
      this.stored.delete(key);
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

  /** The entry's line after the key: result and compiled item, each with its checksum. */
  private lineOf(key: string): string {
    const added = this.added.get(key);
    return added ? serialise(added) : this.stored.get(key)!;
  }

  /**
   * Write the entries of the given keys (the files of the run; others belong
   * to files that changed or went away). A sound file that would stay mostly
   * live is appended to (a few new entries cost a few writes, not the whole
   * cache again); otherwise it is rewritten with only the live entries, to a
   * temporary file renamed into place, a few megabytes at a time. Nothing is
   * written when the file already holds them all. Failing to write only
   * loses speed.
   *
   * @param keys The keys to keep.
   * @returns Whether the cache was written.
   */
  save(keys: Iterable<string>): boolean {
    const kept = [...new Set(keys)].filter((key) => this.added.has(key) || this.stored.has(key)).sort();
    const fresh = kept.filter((key) => !this.written.has(key));
    if (this.state === 'loaded' && this.damaged === 0 && this.lines + fresh.length <= 2 * kept.length + 100) {
      if (!fresh.length) return false;
      try {
        appendFileSync(path.join(this.dir, resultsFile), fresh.map((key) => `${key}\t${this.lineOf(key)}\n`).join(''));
      } catch {
        return false;
      }
      for (const key of fresh) this.written.add(key);
      this.lines += fresh.length;
      return true;
    }
    const temp = path.join(this.dir, `.${resultsFile}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
    let fd: number | undefined;
    try {
      prepareCacheDir(this.dir);
      fd = openSync(temp, 'w');
      let batch = `${JSON.stringify({ format: cacheFormat, digest: this.digest })}\n`;
      for (const key of kept) {
        batch += `${key}\t${this.lineOf(key)}\n`;
        if (batch.length > 4 * 2 ** 20) {
          writeSync(fd, batch);
          batch = '';
        }
      }
      writeSync(fd, batch);
      closeSync(fd);
      fd = undefined;
      renameSync(temp, path.join(this.dir, resultsFile));
      const keep = new Set(kept);
      for (const key of [...this.stored.keys()]) if (!keep.has(key)) this.stored.delete(key);
      for (const key of [...this.added.keys()]) if (!keep.has(key)) this.added.delete(key);
      this.written = keep;
      this.state = 'loaded';
      this.damaged = 0;
      this.lines = kept.length;
      return true;
    } catch {
      if (fd !== undefined) closeSync(fd);
      rmSync(temp, { force: true });
      return false;
    }
  }
}

/** A result as a cache line after its key. */
function serialise(result: FileResult): string {
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
  const body = JSON.stringify(compiled);
  return `${checksum(check)}\t${check}\t${checksum(body)}\t${body}`;
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

function encodePhrases(phrases: readonly number[]): string {
  return Buffer.from(Float64Array.from(phrases).buffer).toString('base64');
}

function decodePhrases(value: unknown): number[] {
  if (typeof value !== 'string') throw new Error('shape');
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length % 8) throw new Error('shape');
  // Copy into an aligned buffer: a Buffer from base64 may start at any offset of its pool.
  return Array.from(new Float64Array(new Uint8Array(bytes).buffer));
}

function checksum(text: string | undefined): string {
  return sha256(text ?? '').slice(0, 32);
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
