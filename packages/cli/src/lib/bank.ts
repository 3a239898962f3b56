import { statSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson, diagnosticFromMessage, isPathInside, sha256, type Diagnostic } from '@qbank/core';
import { defaultConfig, discoverItems, findConfigFile, loadConfig, type ProjectConfig } from '@qbank/project';
import { readSourceFile, type ItemKind } from '@qbank/parser';
import { lintQuestions, type LintConfig } from '@qbank/lint';
import {
  BankCache,
  loadEnvironment,
  Pipeline,
  type BankEnvironment,
  type BankRun,
  type FileStamp,
  type RunRecord,
  type UnreadSource,
} from '@qbank/pipeline';
import { trackedBlobs } from './git.js';
import { validateBank, type BankReport, type BankSource, type CheckedQuestion } from '@qbank/validate';
import type { Taxonomy } from '@qbank/taxonomy';
import type { VFile } from 'vfile';

/** What `qbank validate` and `qbank build` share: config, taxonomy, files, report. */
export interface LoadedBank {
  /** The config in force, when it could be loaded. */
  config: ProjectConfig | undefined;
  /** The validation report, when config and taxonomy loaded. */
  report: BankReport | undefined;
  /** Working directory the diagnostics' paths are relative to. */
  cwd: string;
  /** The taxonomy in force, when it loaded. */
  taxonomy?: Taxonomy | undefined;
  /** Every diagnostic of the run. */
  diagnostics: Diagnostic[];
  /** Number of content files checked. */
  filesChecked: number;
}

/** Where to find the bank. */
export interface LoadBankOptions {
  /** Working directory. */
  cwd: string;
  /** Explicit config file (`--config`). */
  configPath?: string | undefined;
  /** Files or folders to check (`validate [paths...]`). */
  paths?: string[] | undefined;
  /** Content root given on the command line (`build [content-dir]`). */
  contentDir?: string | undefined;
}

function collect(files: readonly VFile[], cwd: string): Diagnostic[] {
  return files
    .flatMap((file) =>
      file.messages.map((message) =>
        diagnosticFromMessage(
          message,
          path
            .relative(cwd, file.path || cwd)
            .split(path.sep)
            .join('/') || '.',
        ),
      ),
    )
    .map((d) => (d.related ? { ...d, related: { ...d.related, file: relativePath(cwd, d.related.file) } } : d));
}

function relativePath(cwd: string, file: string): string {
  if (!path.isAbsolute(file)) return file;
  // A file under `cwd` is the rest of its path (`path.relative` resolves both paths each time:
  // 20 ms for a bank's 10,000 diagnostics), unless it has `.` or `..` parts or doubled separators.
  const { sep } = path;
  const inside = cwd.endsWith(sep) ? cwd : cwd + sep;
  const plain = file.startsWith(inside) && !file.includes(`${sep}.`) && !file.includes(sep + sep);
  const relative = plain ? file.slice(inside.length) : path.relative(cwd, file);
  return sep === '/' ? relative : relative.split(sep).join('/');
}

/** The config in force and what checking files needs, or the problems that stop a run. */
interface ResolvedProject {
  config: ProjectConfig | undefined;
  configPath: string | undefined;
  environment: BankEnvironment | undefined;
  problems: VFile[];
}

/** Find the config (or use defaults) and load the taxonomy and registries. */
function resolveProject(options: LoadBankOptions): ResolvedProject {
  const { cwd } = options;
  const contentDir = options.contentDir ? path.resolve(cwd, options.contentDir) : undefined;
  const firstPath = options.paths?.[0] ? path.resolve(cwd, options.paths[0]) : undefined;
  const explicitConfig = options.configPath ? path.resolve(cwd, options.configPath) : undefined;
  let configPath = explicitConfig ?? findConfigFile(contentDir ?? firstPath ?? cwd);
  let config: ProjectConfig | undefined;
  if (configPath) {
    const loaded = loadConfig(configPath, cwd);
    if (!loaded.config) return { config: undefined, configPath, environment: undefined, problems: [loaded.file] };
    config = loaded.config;
    if (contentDir) config = { ...config, contentRoot: contentDir };
    // A config found by searching upwards only applies to paths inside its content root.
    const paths = (options.paths ?? []).map((p) => path.resolve(cwd, p));
    if (!explicitConfig && paths.some((p) => !isPathInside(config!.contentRoot, p))) {
      config = undefined;
      configPath = undefined;
    }
  }
  if (!config) {
    // Without a config, a folder given on the command line is the content root.
    const folder = firstPath && isDirectory(firstPath) ? firstPath : undefined;
    config = defaultConfig(contentDir ?? folder ?? cwd, cwd);
  }
  const { environment, problems } = loadEnvironment(config, cwd);
  return { config, configPath, environment, problems };
}

type Item = { path: string; kind: ItemKind };

/** The files to check and, for named files, the rest of the bank as context (not read yet). */
async function findItems(
  options: CheckBankOptions,
  project: ResolvedProject,
): Promise<{ items: Item[]; context: Item[]; others: VFile[] }> {
  const { cwd } = options;
  const config = project.config!;
  // With contextBankChecks and no paths (only deletions changed), no file is checked on its own.
  const onlyContext = options.contextBankChecks && options.paths?.length === 0;
  const discovered = onlyContext ? { items: [], others: [] } : await discoverItems(config, options.paths ?? [], cwd);
  // Named files are checked in the context of the whole bank (duplicate ids, links), when
  // there is a bank around them; only their own diagnostics are reported.
  const selected = new Set(discovered.items.map((item) => item.path));
  const context =
    (options.paths?.length || onlyContext) && project.configPath
      ? (await discoverItems(config, [], cwd, (file) => !selected.has(file))).items
      : [];
  return { items: discovered.items, context, others: discovered.others };
}

function readItems(items: readonly Item[], cwd: string): BankSource[] {
  return items.map((item) => ({ file: readSourceFile(item.path, cwd), kind: item.kind }));
}

/**
 * Items with their recorded content keys where their stamps (given, or taken
 * now) or git blob ids are unchanged; the others unread without a key (the
 * pipeline reads them, where it processes them when nothing could be found).
 */
function unreadItems(
  items: readonly Item[],
  cache: BankCache,
  cwd: string,
  ref: string | undefined,
  stamps: readonly FileStamp[] = items.map((item) => BankCache.stamp(item.path)),
): UnreadSource[] {
  const blobs = ref === undefined ? undefined : () => trackedBlobs(ref, cwd);
  const recorded = cache.recordedKeys(stamps, blobs);
  return items.map((item, i) => ({ path: item.path, kind: item.kind, ...recorded[i] }));
}

/**
 * Find the config (or use defaults), load the taxonomy, read and validate the
 * files, all in memory with their mdast trees (for `coverage`, `fmt`, `export`).
 *
 * @param options Where to look.
 * @returns Everything found, with all diagnostics collected.
 */
export async function loadBank(options: LoadBankOptions): Promise<LoadedBank> {
  const { cwd } = options;
  const project = resolveProject(options);
  const { config } = project;
  if (!project.environment) {
    return { cwd, config, report: undefined, diagnostics: collect(project.problems, cwd), filesChecked: 0 };
  }
  const found = await findItems(options, project);
  const [sources, context, others] = [readItems(found.items, cwd), readItems(found.context, cwd), found.others];
  const selected = new Set(sources.map((s) => s.file.path));
  const { taxonomy, tags, videos } = project.environment;
  const report = validateBank(sources, {
    taxonomy,
    contentRoot: config!.contentRoot,
    tagRegistry: tags,
    videos,
    context,
  });
  // Item-writing lint, on the questions that passed validation.
  lintQuestions(
    report.items.filter((i): i is CheckedQuestion => i.kind === 'question'),
    { config: config!.lint as LintConfig | undefined, contentRoot: config!.contentRoot },
  );
  const reported = report.files.filter((file) => selected.has(file.path));
  return {
    cwd,
    config,
    taxonomy,
    report: {
      ...report,
      hasErrors: [...reported, ...others].some((f) => f.messages.some((m) => m.fatal === true)),
    },
    diagnostics: collect([...reported, ...others], cwd),
    filesChecked: sources.length,
  };
}

/** How `checkBank` runs the pipeline. */
export interface CheckBankOptions extends LoadBankOptions {
  /**
   * Also report the bank-level problems (duplicate ids, broken links) that the
   * named files cause in other files, as `--changed-since` does: a deleted note
   * breaks the unchanged questions that link it.
   */
  contextBankChecks?: boolean | undefined;
  /** The ref of `--changed-since`: the other files are as they are in it (their git blob ids). */
  changedSince?: string | undefined;
  /** Use and update `.qbank-cache/` (default true). */
  cache?: boolean | undefined;
  /** Where the cache is (default: `.qbank-cache` beside the config). */
  cacheDir?: string | undefined;
  /** Worker threads (default: one per core for large runs). */
  jobs?: number | undefined;
  /** Load compiled items (for a build). */
  compile?: boolean | undefined;
  /** Progress of files not found in the cache. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /** A pipeline to reuse (watch mode keeps results in memory between runs). */
  pipeline?: Pipeline | undefined;
  /**
   * The files, read or known by their content keys: no discovery and no run
   * record (watch mode, which re-reads only the files that change).
   */
  sources?: readonly (BankSource | UnreadSource)[] | undefined;
  /** Watch mode: the cache is written when the watcher is idle, not after every run. */
  watch?: boolean | undefined;
  /**
   * Answer from the record of an earlier identical run when nothing changed:
   * `settings` are what else the run's output depends on (command, options),
   * and `accept` checks that what the run produced is still there.
   */
  record?:
    | { settings: (config: ProjectConfig) => Record<string, unknown>; accept: (record: RunRecord) => boolean }
    | undefined;
  /**
   * Without `record`: still take files whose stamps are as the newest run
   * record saw them from the cache by their recorded keys, unread (the first
   * build of watch mode, which keeps files by their keys).
   */
  unread?: boolean | undefined;
}

/** A bank checked through the pipeline (for `validate`, `build`, `version`). */
export interface CheckedBank {
  /** Working directory the diagnostics' paths are relative to. */
  cwd: string;
  /** The config in force, when it loaded. */
  config: ProjectConfig | undefined;
  /** Taxonomy and registries, when they loaded. */
  environment: BankEnvironment | undefined;
  /** The pipeline's run, when the environment loaded. */
  run: BankRun | undefined;
  /** The pipeline used (reuse it to keep results in memory). */
  pipeline: Pipeline | undefined;
  /**
   * The files checked, as read or as known by their content keys (watch mode
   * keeps them and re-reads only what changes).
   */
  sources: (BankSource | UnreadSource)[] | undefined;
  /** The record of an earlier identical run that answered this one (no `run` then). */
  recorded: RunRecord | undefined;
  /** Keep the record of this run, with what it produced. */
  save: (outcome: Record<string, unknown>) => void;
  /** Run records found damaged (and removed) on the way: the run was done in full. */
  damagedRunRecords: number;
  /** Every diagnostic of the run, paths relative to `cwd`. */
  diagnostics: Diagnostic[];
  /** Whether any diagnostic is an error. */
  hasErrors: boolean;
  /** Number of content files checked. */
  filesChecked: number;
}

/**
 * The cache directory of a project: `.qbank-cache` beside the config file
 * (or in the working directory without one).
 *
 * @param config The config in force.
 * @returns Absolute path.
 */
export function cacheDirOf(config: ProjectConfig): string {
  return path.join(config.root, '.qbank-cache');
}

/**
 * Find the config, load the environment, and check the files through the
 * per-file pipeline: unchanged files come from `.qbank-cache/`, the others are
 * processed (in worker threads when there are many), then the checks across
 * files run on every file's facts.
 *
 * @param options Where to look, and how to run.
 * @returns The run and its diagnostics.
 */
export async function checkBank(options: CheckBankOptions): Promise<CheckedBank> {
  const { cwd } = options;
  const project = resolveProject(options);
  const { config, environment } = project;
  if (!environment || !config) return withoutRun(cwd, project, collect(project.problems, cwd), 0);
  const cacheDir = options.cache === false ? undefined : (options.cacheDir ?? cacheDirOf(config));
  // The pipeline's own when it is reused (watch mode): one cache object per session.
  const cache = cacheDir === undefined ? undefined : (options.pipeline?.cache ?? new BankCache(cacheDir, environment));
  if (options.sources) {
    // Watch mode: the files as it keeps them (re-read only when they change), no records.
    const sources = [...options.sources];
    return runPipeline(options, project, { sources, context: [], others: [], cache });
  }
  const { items, context: contextItems, others } = await findItems(options, project);
  const settings =
    options.record &&
    cache &&
    sha256(
      canonicalJson({
        digest: cache.digest,
        // All of the glossary: the bundle's glossary.json carries every field (the digest only its names).
        glossary: environment.glossary ?? null,
        config,
        paths: options.paths ?? null,
        context: Boolean(options.contextBankChecks),
        ...options.record.settings(config),
      }),
    );
  const paths = [...items, ...contextItems].map((item) => item.path);
  if (cache && settings && !options.pipeline) {
    const recorded = cache.findRun(settings, paths);
    if (recorded && options.record!.accept(recorded)) {
      const diagnostics = [...recorded.diagnostics.map((d) => relativeDiagnostic(cwd, d)), ...collect(others, cwd)];
      return withoutRun(cwd, project, diagnostics, recorded.filesChecked, recorded);
    }
  }
  // Stamps before reading, so that a file written while we read looks changed next time.
  const stamps = (settings || options.unread) && cache ? paths.map(BankCache.stamp) : undefined;
  // Files as the last recorded run saw them are taken from the cache by their keys, unread; the
  // others are read by the pipeline.
  const sources =
    stamps && cache
      ? unreadItems(items, cache, cwd, undefined, stamps)
      : items.map((item): UnreadSource => ({ path: item.path, kind: item.kind }));
  // Under --changed-since the rest of the bank is mostly unchanged: files as the last run saw
  // them are taken from the cache by their recorded keys, without reading them.
  const context =
    cache && options.contextBankChecks && !stamps
      ? unreadItems(contextItems, cache, cwd, options.changedSince)
      : readItems(contextItems, cwd);

  return runPipeline(options, project, { sources, context, others, cache, settings, stamps });
}

/** Run the pipeline over files already read; `settings` and `stamps` let the run be recorded. */
async function runPipeline(
  options: CheckBankOptions,
  project: ResolvedProject,
  input: {
    sources: (BankSource | UnreadSource)[];
    context: (BankSource | UnreadSource)[];
    others: VFile[];
    cache: BankCache | undefined;
    settings?: string | undefined;
    stamps?: FileStamp[] | undefined;
  },
): Promise<CheckedBank> {
  const { cwd } = options;
  const config = project.config!;
  const environment = project.environment!;
  const { sources, context, others, cache, settings, stamps } = input;
  const pipeline =
    options.pipeline ??
    new Pipeline({
      environment,
      cwd,
      cache,
      jobs: options.jobs,
      saveEachRun: !options.watch,
    });
  const run = await pipeline.run({
    sources,
    context,
    reportContextErrors: options.contextBankChecks,
    compile: options.compile,
    onProgress: options.onProgress,
  });
  const diagnostics = [...run.diagnostics.map((d) => relativeDiagnostic(cwd, d)), ...collect(others, cwd)];
  const save = (outcome: Record<string, unknown>) => {
    // A run whose files could not all be read, or that reported on other paths, is not kept.
    if (!cache || !settings || !stamps || others.length) return;
    const { keys, results } = run;
    cache.recordRun({
      settings,
      stamps,
      keys,
      results,
      diagnostics: run.diagnostics,
      filesChecked: sources.length,
      outcome,
    });
  };
  return {
    cwd,
    config,
    environment,
    run,
    pipeline,
    sources,
    recorded: undefined,
    diagnostics,
    hasErrors: diagnostics.some((d) => d.severity === 'error'),
    filesChecked: sources.length,
    save,
    damagedRunRecords: cache?.damagedRunRecords ?? 0,
  };
}

/** A checked bank with no pipeline run: its environment did not load, or a record answered. */
function withoutRun(
  cwd: string,
  project: ResolvedProject,
  diagnostics: Diagnostic[],
  filesChecked: number,
  recorded?: RunRecord,
): CheckedBank {
  return {
    cwd,
    config: project.config,
    environment: project.environment,
    run: undefined,
    pipeline: undefined,
    sources: undefined,
    recorded,
    diagnostics,
    // Without a record, no run means the taxonomy or a registry could not be loaded.
    hasErrors: !recorded || diagnostics.some((d) => d.severity === 'error'),
    filesChecked,
    save: () => undefined,
    damagedRunRecords: 0,
  };
}

function relativeDiagnostic(cwd: string, d: Diagnostic): Diagnostic {
  const file = relativePath(cwd, d.file) || '.';
  return d.related
    ? { ...d, file, related: { ...d.related, file: relativePath(cwd, d.related.file) } }
    : { ...d, file };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
