import type { NearDuplicateSnapshot } from '@qbank/lint';
import { prepareCacheDir, type CacheState } from './cache-file.js';
import { environmentDigest } from './digest.js';
import { imageStamps } from './images.js';
import type { BankEnvironment, EntryBytes, FileResult } from './model.js';
import { ResultStore } from './result-store.js';
import { RunRecords, stampOf, type FileStamp, type RunRecord } from './run-records.js';
import { readSnapshot, writeSnapshot } from './similar.js';
import type { SourceKey } from './model.js';

/** A finished run to record (`BankCache.recordRun`). */
export interface FinishedRun {
  /** Digest of the command, its options and the environment (`BankCache.settingsOf`). */
  settings: string;
  /** The stamps of the run's files taken before they were read (`BankCache.stamp`), in the run's order. */
  stamps: FileStamp[];
  /** The content key of each of those files as the run knew or read it (`null`: unread). */
  keys: readonly (SourceKey | null)[];
  /** The run's results: the images they name are recorded with their stamps. */
  results: readonly FileResult[];
  /** Its diagnostics (`file` absolute). */
  diagnostics: RunRecord['diagnostics'];
  /** Number of files checked. */
  filesChecked: number;
  /** What the command produced, for it to verify (a build: the bundle's manifest hash). */
  outcome: Record<string, unknown>;
}

/**
 * The on-disk cache of a bank (`.qbank-cache/`), one owner for all of it:
 * per-file results (`results.v1` and `compiled.v1`, keyed on a hash of each
 * file's path and text), the near-duplicate pairs (`similar.v1`), the records
 * of finished runs (`runs.v1/`) and the folder the worker threads hand their
 * results back through. Everything in it belongs to one environment digest
 * (qbank's code, the config, the taxonomy, the registries); every file has a
 * versioned header and a checksum and is written atomically
 * (`cache-file.ts`); what is stale or damaged is ignored and rewritten. It is
 * never a reason to fail: a cache that cannot be read or written only costs
 * time.
 *
 * Load it, look results up, record new ones, save; record a finished run and
 * find it again.
 */
export class BankCache {
  /** The environment digest everything in the cache belongs to. */
  readonly digest: string;
  private results: ResultStore | undefined;
  private readonly runs: RunRecords;

  /**
   * @param dir The cache directory (made when something is saved).
   * @param environment The environment results are checked against.
   */
  constructor(
    readonly dir: string,
    environment: BankEnvironment,
  ) {
    this.digest = environmentDigest(environment);
    this.runs = new RunRecords(dir);
  }

  /**
   * Read the per-file results (once; the compiled items only when a build
   * first needs one).
   *
   * @returns What loading found: `fresh` (no cache yet), `loaded`, `stale` or `corrupt`.
   */
  load(): CacheState {
    this.results ??= ResultStore.open(this.dir, this.digest);
    return this.results.state;
  }

  /** Number of results read from disk. */
  get size(): number {
    return this.results?.size ?? 0;
  }

  /** Results dropped as damaged so far (their checksum or shape was wrong). */
  get damaged(): number {
    return this.results?.damaged ?? 0;
  }

  /**
   * The cached result of a file, when there is a sound one.
   *
   * @param key The file's content key (a hash of its path and text).
   * @param withCompiled Also read its compiled item (a build needs it).
   * @returns The result, or `undefined`.
   */
  lookUp(key: string, withCompiled: boolean): FileResult | undefined {
    return this.results?.get(key, withCompiled);
  }

  /**
   * Keep a new result (written by `save`).
   *
   * @param key The file's content key.
   * @param result Its result.
   * @param entry Its entry's lines as a worker wrote them, to copy rather than encode the result again.
   */
  record(key: string, result: FileResult, entry?: EntryBytes): void {
    this.load();
    this.results!.set(key, result, entry);
  }

  /**
   * Write the results of these keys: the files of the last run (entries of
   * files that changed or went away go).
   *
   * @param keys The content keys to keep.
   * @returns Whether anything was written.
   */
  save(keys: Iterable<string>): boolean {
    return this.results?.save(keys) ?? false;
  }

  /**
   * The near-duplicate pairs saved by the last process, when they are sound.
   *
   * @returns The snapshot, or `undefined`.
   */
  loadSimilar(): NearDuplicateSnapshot | undefined {
    return readSnapshot(this.dir, this.digest);
  }

  /**
   * Save the near-duplicate pairs, so that the next process compares only
   * the questions that changed.
   *
   * @param snapshot The near-duplicate rule's work.
   */
  saveSimilar(snapshot: NearDuplicateSnapshot): void {
    writeSnapshot(this.dir, this.digest, snapshot);
  }

  /**
   * The folder worker threads write their results to (the cache directory,
   * git-ignored and swept), or none when it cannot be made.
   *
   * @returns Absolute path, or `undefined`.
   */
  workFolder(): string | undefined {
    try {
      prepareCacheDir(this.dir);
      return this.dir;
    } catch {
      return undefined;
    }
  }

  /**
   * The stamp of a file before it is read (size, mtime, inode), for `recordRun`.
   *
   * @param file Absolute path.
   * @returns Its stamp, with no content key yet.
   */
  static stamp(file: string): FileStamp {
    return stampOf(file);
  }

  /**
   * The record of an earlier run with these settings over these files, when
   * every file (and image) is as it saw them.
   *
   * @param settings Digest of the command, its options and the environment.
   * @param paths The files the run would read, in its order.
   * @returns The record, or `undefined` when the run must be done.
   */
  findRun(settings: string, paths: readonly string[]): RunRecord | undefined {
    return this.runs.find(settings, paths);
  }

  /**
   * The content keys the newest run record holds for files that are as it saw
   * them (same stamp; or, with `blobs`, the same git blob), so that they are
   * found in the cache unread.
   *
   * @param stamps The files' stamps now (`BankCache.stamp`).
   * @param blobs The git blob ids of the files' content, asked only when a stamp differs.
   * @returns Per file, its recorded key and blob id, or `null` when it must be read.
   */
  recordedKeys(
    stamps: readonly FileStamp[],
    blobs?: () => ReadonlyMap<string, string>,
  ): ({ key: string; blob: string | null } | null)[] {
    return this.runs.recordedKeys(stamps, blobs);
  }

  /**
   * Record a finished run, so that the same run over the same files is
   * answered from it. Not kept when a file could not be read.
   *
   * @param run What the run read and printed.
   */
  recordRun(run: FinishedRun): void {
    const files = run.stamps.map((stamp, i) => ({ ...stamp, key: run.keys[i]?.key ?? null, blob: run.keys[i]?.blob }));
    if (files.some((stamp) => stamp.key === null)) return;
    const images = new Map(run.results.flatMap((r) => r.images).map((image) => [image.path, image]));
    this.runs.save({
      settings: run.settings,
      files,
      images: imageStamps([...images.values()]),
      recordedAt: Date.now(),
      diagnostics: run.diagnostics,
      filesChecked: run.filesChecked,
      outcome: run.outcome,
    });
  }

  /** Run records found damaged (and removed) so far: each made its run be done in full. */
  get damagedRunRecords(): number {
    return this.runs.damaged.length;
  }
}
