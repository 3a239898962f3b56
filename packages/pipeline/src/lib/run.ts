import { availableParallelism } from 'node:os';
import type { CompiledItem } from '@qbank/compiler';
import { createDiagnostic, type Diagnostic } from '@qbank/core';
import {
  lintBank,
  nearDuplicateSnapshot,
  nearDuplicateWork,
  restoreNearDuplicates,
  type LintConfig,
  type LintMemo,
  type QuestionLint,
} from '@qbank/lint';
import { readSourceFile, type ItemKind } from '@qbank/parser';
import { checkAcrossFiles, contextFacts, type BankFinding, type BankSource, type ItemFacts } from '@qbank/validate';
import type { BankCache } from './bank-cache.js';
import type { CacheState } from './cache-file.js';
import { environmentDigest } from './digest.js';
import { fileKey } from './entry-encoding.js';
import { glossaryNoteFindings } from './glossary-notes.js';
import { imageState } from './images.js';
import { phaseEnded } from './memory.js';
import type { BankEnvironment, FileResult, SourceKey, WorkDone, WorkItem } from './model.js';
import { processSource, processWorkItem } from './process.js';
import { ResultSharing } from './share.js';
import { processInWorkers, workerScript } from './workers.js';

/** How a pipeline runs. */
export interface PipelineOptions {
  /** Config, taxonomy and registries. */
  environment: BankEnvironment;
  /** Working directory: messages name other files relative to it. */
  cwd: string;
  /** The bank's on-disk cache (`.qbank-cache/`); none: no disk cache. */
  cache?: BankCache | undefined;
  /**
   * Write the disk cache at the end of every run (default). Watch mode turns
   * this off and calls `saveCache()` when it is idle.
   */
  saveEachRun?: boolean | undefined;
  /**
   * Worker threads for files that are not cached: default, one per core when
   * there are enough files to be worth starting them; 1 processes files in
   * this thread.
   */
  jobs?: number | undefined;
}

/**
 * A file not read yet: when its content key is known (`recordedKeys`), found
 * in the cache without reading it; else read by the pipeline, and in a run
 * with nothing to look up (a cold build) only where it is processed.
 */
export interface UnreadSource {
  /** Absolute path. */
  path: string;
  /** Question or note. */
  kind: ItemKind;
  /** `fileKey` of its content, when known. */
  key?: string | undefined;
  /** The git blob id of that content, when known. */
  blob?: string | null | undefined;
}

/** One run over a bank. */
export interface RunRequest {
  /** Files to check and report on: read, with their kind, or known by their content key. */
  sources: readonly (BankSource | UnreadSource)[];
  /** Other files of the bank: they take part in bank-level checks only. */
  context?: readonly (BankSource | UnreadSource)[] | undefined;
  /** Report bank-level errors that land in context files (`--changed-since`: a deleted note). */
  reportContextErrors?: boolean | undefined;
  /** Load compiled items from the cache (a build needs them; `validate` does not). */
  compile?: boolean | undefined;
  /** Called as files are done: `(done, total)` over the files not found in a cache. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Where a run's results came from. */
export interface RunStats {
  /** Files checked and reported on. */
  files: number;
  /** Of those, found in memory or in the disk cache. */
  cached: number;
  /** Of those, parsed and checked in this run. */
  processed: number;
  /** Worker threads used (0: this thread). */
  workers: number;
  /** Context files found in a cache (full facts, lint included). */
  contextCached: number;
  /** Of those, found by a recorded key without being read (`UnreadSource`). */
  contextUnread: number;
  /** Context files whose frontmatter was read (no cache entry). */
  contextRead: number;
  /** What loading the disk cache found. */
  cache: CacheState | 'off';
  /** Cache entries dropped as damaged. */
  cacheDamaged: number;
  /** Milliseconds spent on the files (cache, parsing), the checks across files, and the report. */
  timings: { files: number; bank: number; report: number };
}

/** The outcome of a run. */
export interface BankRun {
  /** The result of every checked file, in input order. */
  results: FileResult[];
  /**
   * The content key of every file of `sources`, then `context`, as this run
   * knew or read it (`null`: it could not be read).
   */
  keys: (SourceKey | null)[];
  /** Every diagnostic to report (`file` is the absolute path). */
  diagnostics: Diagnostic[];
  /** The compiled items of the checked files, for a build. */
  compiled: CompiledItem[];
  /** The facts of every file, checked and context. */
  facts: ItemFacts[];
  /** Whether any reported diagnostic is an error. */
  hasErrors: boolean;
  /** Where results came from. */
  stats: RunStats;
}

/** Fewer files than this are processed in this thread: starting workers costs more. */
const minFilesForWorkers = 200;

/**
 * The per-file pipeline of a bank: each file is parsed, checked, linted and
 * compiled on its own into a plain `FileResult`, taken from memory or the
 * disk cache when the file, the toolchain and the environment are unchanged,
 * else computed (in worker threads when there are many). Then the checks
 * across files run on the results' facts. One pipeline can run many times
 * (watch mode): results stay in memory between runs.
 */
export class Pipeline {
  /** The environment digest results are keyed under. */
  readonly digest: string;
  /** The on-disk cache results are looked up in and saved to, when there is one. */
  readonly cache: BankCache | undefined;
  private readonly memory = new Map<string, FileResult>();
  private readonly keys = new WeakMap<object, string>();
  private readonly lintMemo: LintMemo = new Map();
  private readonly sharing = new ResultSharing();
  /** The images the results in memory name, as of a number of results (memory only grows). */
  private imagesNamed: { size: number; paths: Set<string> } | undefined;
  private inUse: string[] = [];
  /** Files the last run read from the disk cache or processed: what its phases' garbage grows with. */
  private work = 0;
  /** Whether the bank rules' work was looked for on disk, and the work last saved or restored. */
  private snapshot: { read: boolean; saved: object | undefined } = { read: false, saved: undefined };

  /**
   * @param options Environment, working directory, cache directory, threads.
   */
  constructor(private readonly options: PipelineOptions) {
    this.cache = options.cache;
    this.digest = options.cache?.digest ?? environmentDigest(options.environment);
  }

  /** The environment the pipeline checks files against. */
  get environment(): BankEnvironment {
    return this.options.environment;
  }

  /**
   * Mark the end of a phase that follows a run (a build's assembly): on a
   * large bank, what it left is collected before the next phase allocates.
   */
  phaseEnded(): void {
    phaseEnded(this.work);
  }

  /**
   * The cache key of a file: the one it is known by, or for a file as read
   * its path and text hashed, computed once per file object.
   *
   * @param source A file with its text, or known by its key.
   * @returns The key.
   */
  keyOf(source: BankSource | UnreadSource): string {
    if (!isRead(source)) return source.key ?? this.keyOf(readIfUnread(source, this.options.cwd));
    let key = this.keys.get(source.file);
    if (key === undefined) {
      key = fileKey(source.file.path, String(source.file.value));
      this.keys.set(source.file, key);
    }
    return key;
  }

  /** A result from the disk cache, sharing what it can with the others. */
  private fromCache(cache: BankCache | undefined, key: string, compile: boolean): FileResult | undefined {
    const result = cache?.lookUp(key, compile);
    return result && this.sharing.share(result);
  }

  /** A result whose images are still as they were when it was made. */
  private fresh(result: FileResult | undefined): FileResult | undefined {
    if (!result) return undefined;
    return result.images.every((image) => imageState(image.path).hash === image.hash) ? result : undefined;
  }

  /**
   * Check files (from cache where possible), then run the checks across files.
   *
   * @param request Files to check, context files, and what to load.
   * @returns Results, diagnostics, compiled items and where they came from.
   */
  async run(request: RunRequest): Promise<BankRun> {
    const started = performance.now();
    // Loaded once: later runs of this pipeline (watch mode) find results in memory first.
    const cache = this.cache;
    const cacheState = cache?.load() ?? 'off';
    const lookup = this.lookup(request.compile ?? false);
    const found = this.lookUpSources(request.sources, lookup);
    const workers = await this.processPending(request, found, lookup.inUse);
    const { results, keys, pending } = found;
    // Watch mode finds most results in memory: its runs leave little behind.
    this.work = lookup.fromDisk + pending.length;
    phaseEnded(this.work);
    const facts = results.flatMap((r) => (r.facts ? [r.facts] : []));
    const context = this.lookUpContext(request.context ?? [], lookup, keys, facts);
    this.inUse = lookup.inUse;
    const cacheDamaged = cache?.damaged ?? 0;
    if (this.options.saveEachRun !== false) this.cache?.save(lookup.inUse);
    phaseEnded(this.work);

    const looked = performance.now();
    const findings = this.bankFindings(request, results, context.results, facts);
    if (this.options.saveEachRun !== false) this.saveSnapshot();
    phaseEnded(this.work);
    const linted = performance.now();
    // The glossary's links are reported whichever files were checked, as its other problems are.
    const diagnostics = [
      ...reportedDiagnostics(results, findings, request.reportContextErrors ?? false),
      ...glossaryNoteFindings(this.options.environment, facts).map((f) => createDiagnostic(f.path, f.init)),
    ];
    return {
      results,
      keys,
      diagnostics,
      compiled: results.flatMap((r) => (r.compiled ? [r.compiled] : [])),
      facts,
      hasErrors: diagnostics.some((d) => d.severity === 'error'),
      stats: {
        files: results.length,
        cached: results.length - pending.length,
        processed: pending.length,
        workers,
        contextCached: context.cached,
        contextUnread: context.unread,
        contextRead: (request.context?.length ?? 0) - context.cached,
        cache: cacheState,
        cacheDamaged,
        timings: {
          files: Math.round(looked - started),
          bank: Math.round(linted - looked),
          report: Math.round(performance.now() - linted),
        },
      },
    };
  }

  /**
   * A run's lookup: a result by file or key from memory, else from the disk
   * cache (kept in memory for a build), when its images are unchanged. Every
   * key looked up is noted as in use.
   */
  private lookup(compile: boolean): Lookup {
    const cache = this.cache;
    const lookup: Lookup = {
      find: (source) => {
        const key = typeof source === 'string' ? source : this.keyOf(source);
        lookup.inUse.push(key);
        const inMemory = this.fresh(this.memory.get(key));
        const hit = inMemory ?? this.fresh(this.fromCache(cache, key, compile));
        if (hit && !inMemory) lookup.fromDisk++;
        if (hit && compile) this.memory.set(key, hit);
        return hit;
      },
      inUse: [],
      fromDisk: 0,
    };
    return lookup;
  }

  /** The results found for the checked files, their keys, and the files left to process. */
  private lookUpSources(sources: RunRequest['sources'], lookup: Lookup): SourcesFound {
    const { environment, cwd } = this.options;
    const results = new Array<FileResult>(sources.length);
    // Every source's key, then every context file's (pushed after).
    const keys = new Array<SourceKey | null>(sources.length).fill(null);
    const pending: PendingFile[] = [];
    // With nothing to find, files are not read here: each is read where it is processed.
    const findable = this.memory.size > 0 || (this.cache?.size ?? 0) > 0;
    sources.forEach((entry, index) => {
      if (!isRead(entry)) {
        if (entry.key !== undefined) {
          keys[index] = { key: entry.key, blob: entry.blob ?? null };
          const hit = lookup.find(entry.key);
          if (hit) {
            results[index] = hit;
            return;
          }
        }
        if (!findable) {
          pending.push({ index, item: { path: entry.path, kind: entry.kind } });
          return;
        }
      }
      const source = readIfUnread(entry, cwd);
      if (source.file.value === undefined) {
        // Unreadable, binary or too large: nothing to parse or cache, the reading diagnostics are all.
        results[index] = processSource(source, environment);
        keys[index] = null;
        return;
      }
      const key = this.keyOf(source);
      keys[index] = { key, blob: source.file.data.gitBlob ?? null };
      const hit = lookup.find(key);
      if (hit) results[index] = hit;
      else {
        const { path } = source.file;
        // A file read here only to look it up is read again where it is processed, not held meanwhile.
        const value = isRead(entry) ? String(source.file.value) : undefined;
        pending.push({ index, item: { path, kind: source.kind, value } });
      }
    });
    return { results, keys, pending };
  }

  /** Process the files not found, put their results in place, in memory and in the cache; returns the threads used. */
  private async processPending(request: RunRequest, found: SourcesFound, inUse: string[]): Promise<number> {
    const { results, keys, pending } = found;
    const { done, workers } = await this.process(request, pending);
    pending.forEach(({ index, item }, i) => {
      const { read } = done[i]!;
      const result = this.sharing.share(done[i]!.result);
      results[index] = result;
      // A file sent by its path has the key of what was read where it was processed.
      if (item.value === undefined) keys[index] = read;
      const key = keys[index]?.key;
      if (key === undefined) return;
      inUse.push(key);
      this.memory.set(key, result);
      this.cache?.record(key, result, done[i]!.entry);
    });
    return workers;
  }

  /**
   * The context files: each one's key pushed on `keys` and its facts on
   * `facts`, from its result when one is found (without reading it when its
   * key is known), else from its frontmatter.
   */
  private lookUpContext(
    context: NonNullable<RunRequest['context']>,
    lookup: Lookup,
    keys: (SourceKey | null)[],
    facts: ItemFacts[],
  ): { results: FileResult[]; cached: number; unread: number } {
    const { cwd } = this.options;
    let cached = 0;
    let unread = 0;
    const results: FileResult[] = [];
    for (const entry of context) {
      let source = isRead(entry) ? entry : undefined;
      const recorded =
        isRead(entry) || entry.key === undefined ? undefined : { key: entry.key, blob: entry.blob ?? null };
      let hit = recorded && lookup.find(recorded.key);
      if (hit) {
        unread++;
        keys.push(recorded!);
      } else {
        source ??= readIfUnread(entry, cwd);
        const known = source.file.value === undefined ? null : this.keyOf(source);
        keys.push(known === null ? null : { key: known, blob: source.file.data.gitBlob ?? null });
        hit = known === null ? undefined : lookup.find(known);
      }
      if (hit) {
        cached++;
        results.push(hit);
        if (hit.facts) facts.push({ ...hit.facts, context: true });
      } else {
        const read = contextFacts(source!);
        if (read) facts.push(read);
      }
    }
    return { results, cached, unread };
  }

  /** The findings of the checks across files and of the bank's lint rules. */
  private bankFindings(
    request: RunRequest,
    results: readonly FileResult[],
    contextResults: readonly FileResult[],
    facts: ItemFacts[],
  ): BankFinding[] {
    const findings = checkAcrossFiles(facts, { cwd: this.options.cwd });
    // As before bank checks were split out: an item with a bank-level error is not linted.
    const failed = new Set(findings.filter((f) => (f.init.severity ?? 'error') === 'error').map((f) => f.path));
    const lints = [...results, ...contextResults]
      .map((r) => r.lint)
      .filter((lint): lint is QuestionLint => lint !== null && !failed.has(lint.path));
    // With context files only the checked files' problems are reported: bank rules may skip the rest.
    const focus = request.context?.length ? new Set(results.map((r) => r.path)) : undefined;
    const config = this.options.environment.config.lint as LintConfig | undefined;
    if (!focus) this.restoreSnapshot(lints);
    // A loop, not a spread: a bank of near-copies can make more findings than a call takes arguments.
    for (const finding of lintBank(lints, { config, focus, memo: this.lintMemo })) {
      findings.push(finding);
    }
    return findings;
  }

  /** Once per pipeline: the near-duplicate pairs of the last process, so that only questions changed since are compared. */
  private restoreSnapshot(lints: readonly QuestionLint[]): void {
    if (!this.cache || this.snapshot.read) return;
    this.snapshot.read = true;
    const saved = this.cache.loadSimilar();
    if (saved) {
      restoreNearDuplicates(
        this.lintMemo,
        saved,
        lints.map((lint) => lint.question),
      );
      this.snapshot.saved = nearDuplicateWork(this.lintMemo);
    }
  }

  /**
   * Write the disk cache: the results of the files of the last run, so that
   * entries of files that changed or went away do not pile up, and the
   * near-duplicate pairs found (`similar.v1`), so that the next process
   * compares only the questions that changed.
   *
   * @returns Whether anything was written.
   */
  saveCache(): boolean {
    const saved = this.cache?.save(this.inUse) ?? false;
    this.saveSnapshot();
    return saved;
  }

  /**
   * Whether a file checked so far names this image: watch mode rebuilds when
   * it changes, whatever its name (an image need not have an image's extension).
   *
   * @param file Absolute path.
   * @returns Whether some result depends on it.
   */
  namesImage(file: string): boolean {
    if (this.imagesNamed?.size !== this.memory.size) {
      this.imagesNamed = { size: this.memory.size, paths: new Set() };
      for (const result of this.memory.values())
        for (const image of result.images) this.imagesNamed.paths.add(image.path);
    }
    return this.imagesNamed.paths.has(file);
  }

  /**
   * Whether a file has a result in memory with lint input (a question without
   * errors): one that `warmUp` compares with the bank.
   *
   * @param source A file of the bank, as read or known by its key.
   * @returns Whether it has.
   */
  hasLint(source: BankSource | UnreadSource): boolean {
    return Boolean(this.memory.get(this.keyOf(source))?.lint);
  }

  /**
   * Do the work of an edit once, on a file as it is, and throw the results
   * away: watch mode calls this while idle after a session's first build. That
   * build took every file from the cache, so the parser, the checks and the
   * bank rules' comparison of one question with the bank had never run in this
   * thread, and V8 compiles and optimises code as it first runs it: the first
   * save used to take half as long again as the next ones.
   *
   * @param source A file of the bank, as read or known by its key (then read now).
   */
  warmUp(source: BankSource | UnreadSource): void {
    const { environment, cwd } = this.options;
    const result = processSource(readIfUnread(source, cwd), environment);
    const lints = [...this.memory.values()].flatMap((r) => (r.lint ? [r.lint] : []));
    const config = environment.config.lint as LintConfig | undefined;
    lintBank(lints, { config, focus: new Set([result.path]), memo: new Map() });
  }

  /** Write the near-duplicate rule's work, when a run changed it. */
  private saveSnapshot(): void {
    const work = nearDuplicateWork(this.lintMemo);
    if (!this.cache || work === this.snapshot.saved) return;
    const snapshot = nearDuplicateSnapshot(this.lintMemo);
    if (snapshot) this.cache.saveSimilar(snapshot);
    this.snapshot.saved = work;
  }

  /** Process files; returns their results in order, and the number of worker threads used. */
  private async process(
    request: RunRequest,
    pending: readonly PendingFile[],
  ): Promise<{ done: WorkDone[]; workers: number }> {
    const { environment, cwd } = this.options;
    const total = pending.length;
    const progress = request.onProgress;
    const script = workerScript();
    const jobs = this.options.jobs ?? (total >= minFilesForWorkers ? availableParallelism() : 1);
    const items = pending.map((p) => p.item);
    if (script && jobs > 1 && total > 1) {
      // Workers hand results back through files in the cache directory when there is one: the bank's, git-ignored.
      const tempDir = this.cache?.workFolder();
      const processed = await processInWorkers(
        script,
        items,
        { config: environment.config, cwd },
        jobs,
        (done) => progress?.(done, total),
        tempDir,
      );
      return { done: processed.results, workers: processed.threads };
    }
    const done = items.map((item, i) => {
      const result = processWorkItem(item, environment, cwd);
      progress?.(i + 1, total);
      return result;
    });
    return { done, workers: 0 };
  }
}

/** A run's lookup of results (`Pipeline.lookup`), and the keys it looked up so far. */
interface Lookup {
  /** The result of a file or key, when a fresh one is found. */
  find: (source: BankSource | string) => FileResult | undefined;
  /** The keys looked up and stored in this run: what the disk cache keeps. */
  inUse: string[];
  /** Results found in the disk cache rather than in memory, so far. */
  fromDisk: number;
}

/** A file to process, and its place among the run's sources. */
interface PendingFile {
  index: number;
  item: WorkItem;
}

/** The checked files after the lookup: results found, keys known, files left to process. */
interface SourcesFound {
  /** By source index; filled in for pending files once processed. */
  results: FileResult[];
  keys: (SourceKey | null)[];
  pending: PendingFile[];
}

/**
 * The diagnostics to report: each checked file's own then its findings across
 * files, in input order; with `contextErrors`, link and bank errors that land
 * in context files.
 */
function reportedDiagnostics(
  results: readonly FileResult[],
  findings: readonly BankFinding[],
  contextErrors: boolean,
): Diagnostic[] {
  const byPath = new Map<string, BankFinding[]>();
  for (const finding of findings) {
    const list = byPath.get(finding.path);
    if (list) list.push(finding);
    else byPath.set(finding.path, [finding]);
  }
  const diagnostics: Diagnostic[] = [];
  for (const result of results) {
    for (const diagnostic of result.diagnostics) diagnostics.push(diagnostic);
    for (const finding of byPath.get(result.path) ?? []) diagnostics.push(createDiagnostic(result.path, finding.init));
    byPath.delete(result.path);
  }
  if (contextErrors) {
    // Errors only: on a green main branch they can only come from this change.
    for (const [file, list] of byPath) {
      for (const finding of list) {
        const severity = finding.init.severity ?? 'error';
        if (severity === 'error' && /^(link|bank)\//.test(finding.init.ruleId)) {
          diagnostics.push(createDiagnostic(file, finding.init));
        }
      }
    }
  }
  return diagnostics;
}

/** Whether a file is given as read. */
function isRead(entry: BankSource | UnreadSource): entry is BankSource {
  return 'file' in entry;
}

/** A file as read: an unread one is read now. */
function readIfUnread(entry: BankSource | UnreadSource, cwd: string): BankSource {
  return isRead(entry) ? entry : { file: readSourceFile(entry.path, cwd), kind: entry.kind };
}
