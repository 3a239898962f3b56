import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileEntry, type AssemblyMemo, type Bundle, type Changelog } from '@qbank/compiler';
import { ruleDocsUrl, sha256, type Diagnostic } from '@qbank/core';
import type { ProjectConfig } from '@qbank/project';
import { createColors } from 'picocolors';
import type { Pipeline, UnreadSource } from '@qbank/pipeline';
import type { BankSource } from '@qbank/validate';
import { cacheDirOf, checkBank, loadBank, type CheckedBank } from './bank.js';
import { assertBuildOutput, bundleIntact, compileRelease, restoreOutput, writeRelease } from './build.js';
import type { CliValues } from './cli.js';
import { cliVersion, colorEnabled, exitCodes, type CliIo } from './io.js';
import { UsageError } from './errors.js';
import { fixFiles } from './fix.js';
import { progressBar } from './progress.js';
import { changedFiles, headCommit, sourceInfo } from './git.js';
import { formatGithub, formatJson, formatPretty, formatSummary, reportFormats, type ReportFormat } from './report.js';
import { formatSarif } from './sarif.js';
import { escapeTerminal } from './terminal.js';

/** What watch mode keeps from one build to the next. */
export interface WatchSession {
  /** The pipeline: results of unchanged files stay in memory. */
  pipeline?: Pipeline | undefined;
  /** The files as read or known by their keys; watch mode replaces only those that change. */
  sources?: (BankSource | UnreadSource)[] | undefined;
  /** What assembling the bundle can reuse. */
  memo: AssemblyMemo;
  /** Print the diagnostics of these files (absolute paths) and every error; none: print all. */
  changed?: ReadonlySet<string> | undefined;
}

/** What a build hands to {@link RunCheckOptions.onBuild}. */
export interface BuildResult {
  /** Every diagnostic of the run (of all files, not only the changed ones). */
  diagnostics: Diagnostic[];
  /** The bundle, in memory and not written; none when the build stopped. */
  bundle: Bundle | undefined;
  /** The config in force, when one was found. */
  config: ProjectConfig | undefined;
}

/** What watch mode passes to `runCheck`. */
export interface RunCheckOptions {
  /** The watch session, updated by the run. */
  session?: WatchSession | undefined;
  /** Take the bundle in memory instead of writing it (`qbank preview`), with the run's diagnostics. */
  onBuild?: ((result: BuildResult) => void) | undefined;
}

/**
 * `qbank validate` and `qbank build`: load and check the bank, print the
 * diagnostics, and for a build compile and write the bundle.
 *
 * @param command Which of the two.
 * @param rest Positional arguments.
 * @param values Parsed options.
 * @param io Where to read and write.
 * @param options A pipeline to reuse (watch mode), and a callback with the checked bank.
 * @returns The exit code.
 */
export async function runCheck(
  command: 'validate' | 'build',
  rest: string[],
  values: CliValues,
  io: CliIo,
  options: RunCheckOptions = {},
): Promise<number> {
  const inputs = await resolveInputs(command, rest, values, io);
  if (typeof inputs === 'number') return inputs;
  // An output folder the build may not replace is refused before anything is read or written.
  if (command === 'build' && !options.onBuild) {
    await assertBuildOutput({
      cwd: io.cwd,
      env: io.env,
      configPath: values.config,
      contentDir: rest[0],
      out: values.out,
    });
  }
  const progress = progressBar(io);
  const call: CheckCall = { command, rest, values, io, options, inputs, timer: phaseTimer(io) };
  const bank = await checkFiles(call, progress?.update).finally(() => progress?.done());
  call.timer('check', bank.run?.stats.timings);
  // A build killed between its two renames left the previous bundle aside: put back first.
  if (command === 'build' && bank.config && !options.onBuild) await restoreOutput(outputDir(call, bank.config));
  if (options.session) keepForWatch(options.session, bank);
  const recorded = bank.recorded?.outcome as BuildOutcome | undefined;
  const { all, drafts, hasErrors } = severities(command, bank, recorded, io.cwd);
  let outcome: BuildOutcome | undefined = command === 'build' ? recorded : undefined;
  let handed: Bundle | undefined;
  if (!bank.recorded && bank.run && !hasErrors && bank.config && command === 'build') {
    ({ outcome, handed } = await buildRelease(call, bank, bank.config, all, drafts));
  }
  if (!bank.recorded && bank.run && !options.session) bank.save((outcome ?? {}) as unknown as Record<string, unknown>);
  report(call, bank, all, handed);
  return exitCode(call, bank, all, hasErrors, outcome);
}

/** The options of a run, checked. */
interface CheckInputs {
  /** How diagnostics are printed. */
  format: ReportFormat;
  /** Whether the terminal output is coloured. */
  color: boolean;
  /** `--max-warnings`. */
  maxWarnings: number | undefined;
  /** `--jobs`. */
  jobs: number | undefined;
  /** The files to check; none: the whole bank. */
  paths: string[] | undefined;
}

/** One call of `runCheck`: its arguments, its checked options and its phase timer. */
interface CheckCall {
  command: 'validate' | 'build';
  rest: string[];
  values: CliValues;
  io: CliIo;
  options: RunCheckOptions;
  inputs: CheckInputs;
  timer: PhaseTimer;
}

/**
 * Check the options (a usage error throws) and do what comes before the
 * check: `--fix` rewrites the files, `--changed-since` finds them.
 *
 * @returns The checked options, or the exit code when there is nothing to check.
 */
async function resolveInputs(
  command: 'validate' | 'build',
  rest: string[],
  values: CliValues,
  io: CliIo,
): Promise<CheckInputs | number> {
  const format = (values.format ?? 'pretty') as ReportFormat;
  if (!reportFormats.includes(format)) {
    throw new UsageError(`unknown --format \`${values.format}\`, expected one of: ${reportFormats.join(', ')}`);
  }
  const color = colorEnabled(io);
  if (command === 'build' && rest.length > 1) throw new UsageError('build takes at most one content directory');
  if (values.fix && command === 'validate') {
    const before = await loadBank({ cwd: io.cwd, configPath: values.config, paths: rest });
    for (const file of await fixFiles(before.report?.files ?? [], true)) {
      io.stderr(`fixed ${escapeTerminal(path.relative(io.cwd, file.path))} (${file.applied})\n`);
    }
  }
  const maxWarnings = wholeNumber(values['max-warnings'], 0, '--max-warnings takes a whole number');
  let paths = command === 'validate' ? rest : undefined;
  if (values['changed-since'] !== undefined) {
    if (command !== 'validate') throw new UsageError('--changed-since goes with validate');
    const { changed, deleted } = changedFiles(values['changed-since'], io.cwd, rest);
    paths = changed;
    if (!changed.length && !deleted.length) {
      io.stderr(`✔ no content files changed since ${values['changed-since']}\n`);
      if (format === 'json') io.stdout('[]\n');
      if (format === 'sarif') io.stdout(formatSarif([], cliVersion));
      return exitCodes.ok;
    }
  }
  const jobs = wholeNumber(values.jobs, 1, '--jobs takes a whole number from 1');
  return { format, color, maxWarnings, jobs, paths };
}

/** An option's whole number, at least `min`; a usage error with this message otherwise. */
function wholeNumber(value: string | undefined, min: number, message: string): number | undefined {
  const number = value === undefined ? undefined : Number(value);
  if (number !== undefined && !(Number.isInteger(number) && number >= min)) throw new UsageError(message);
  return number;
}

/** Where a build writes: `--out`, else the config's. */
function outputDir({ values, io }: CheckCall, config: ProjectConfig): string {
  return values.out ? path.resolve(io.cwd, values.out) : config.out;
}

/** The bank loaded and checked by the pipeline, or answered by the record of an identical run. */
function checkFiles(
  call: CheckCall,
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<CheckedBank> {
  const { command, rest, values, io, options } = call;
  return checkBank({
    cwd: io.cwd,
    configPath: values.config,
    paths: call.inputs.paths,
    contentDir: command === 'build' ? rest[0] : undefined,
    contextBankChecks: values['changed-since'] !== undefined,
    // Blob ids stand for the files only where the diff looked: not when it was limited to some paths.
    changedSince: rest.length ? undefined : values['changed-since'],
    compile: command === 'build',
    cache: !values['no-cache'],
    cacheDir: io.env.QBANK_CACHE_DIR ? path.resolve(io.cwd, io.env.QBANK_CACHE_DIR) : undefined,
    jobs: call.inputs.jobs,
    onProgress,
    pipeline: options.session?.pipeline,
    sources: options.session?.sources,
    watch: Boolean(options.session),
    // Watch mode keeps unchanged files by their keys: its first build need not read them either.
    unread: Boolean(options.session),
    // Fix mode rewrites files after reading them: its runs are not answered from a record. Nor are
    // --changed-since runs, whose files differ from commit to commit: stamping the whole bank for a
    // record they would rarely use cost a tenth of their time.
    record:
      values.fix || options.session || values['changed-since'] !== undefined
        ? undefined
        : {
            settings: (config) => runSettings(command, values, io, config, outputDir(call, config)),
            accept: (record) => command === 'validate' || outputIntact(record.outcome as unknown as BuildOutcome),
          },
  });
}

/** Keep the pipeline and the files for the next build of a watch session. */
function keepForWatch(session: WatchSession, bank: CheckedBank): void {
  session.pipeline = bank.pipeline;
  // Kept by their keys, not their text: the pipeline has their results, and reads a file again
  // only if it needs to (an image it shows changed). The 29 MB of a 10,000-question bank go.
  const keys = bank.run?.keys;
  session.sources = bank.sources?.map((source, i) => {
    const known = keys?.[i];
    if (!known) return source;
    return { path: 'file' in source ? source.file.path : source.path, kind: source.kind, key: known.key };
  });
}

/**
 * Every diagnostic of the run (with a recorded build's), the drafts' errors
 * made warnings, and whether errors remain.
 */
function severities(
  command: 'validate' | 'build',
  bank: CheckedBank,
  recorded: BuildOutcome | undefined,
  cwd: string,
): { all: Diagnostic[]; drafts: string[]; hasErrors: boolean } {
  // A draft never blocks a build of the published items: there its problems are warnings.
  const drafts = command === 'build' ? draftFiles(bank, cwd) : [];
  const all = asWarnings([...bank.diagnostics, ...(recorded?.diagnostics ?? [])], new Set(drafts));
  const hasErrors = bank.run || bank.recorded ? all.some((d) => d.severity === 'error') : bank.hasErrors;
  return { all, drafts, hasErrors };
}

/**
 * Compile the release, add its diagnostics to `all`, and unless it was refused
 * or has too many warnings hand it over (`onBuild`) or write it.
 */
async function buildRelease(
  call: CheckCall,
  bank: CheckedBank,
  config: ProjectConfig,
  all: Diagnostic[],
  drafts: string[],
): Promise<{ outcome: BuildOutcome; handed: Bundle | undefined }> {
  const { values, io, options, timer } = call;
  // A build compiles before printing, so that release problems (a reused id) join the one report.
  const compiled = await compileRelease(bank, {
    previous: values.previous,
    profile: values.profile,
    release: values.release,
    cwd: io.cwd,
    env: io.env,
    memo: options.session?.memo,
  });
  all.push(...compiled.diagnostics);
  const outcome: BuildOutcome = {
    // Watch mode keeps no run record.
    ...summarise(compiled.bundle, !options.session),
    problems: compiled.problems,
    diagnostics: compiled.diagnostics,
    drafts,
  };
  const { maxWarnings } = call.inputs;
  const maxed = maxWarnings !== undefined && all.filter((d) => d.severity === 'warning').length > maxWarnings;
  if (compiled.problems.length || maxed) return { outcome, handed: undefined };
  if (options.onBuild) return { outcome, handed: compiled.bundle };
  const target = outputDir(call, config);
  timer('compile');
  bank.pipeline?.phaseEnded();
  await writeRelease(compiled.bundle, target, values.archive, {
    config,
    cacheDir: io.env.QBANK_CACHE_DIR ? path.resolve(io.cwd, io.env.QBANK_CACHE_DIR) : cacheDirOf(config),
    reuse: !values['no-cache'],
    env: io.env,
  });
  timer('write');
  outcome.written = target;
  outcome.archive = values.archive ? sha256(readFileSync(`${target}.zip`)) : null;
  return { outcome, handed: undefined };
}

/**
 * Hand the run to `onBuild`, print the diagnostics to show (errors only with
 * `--quiet`; in watch mode, of the changed files and every error) with their
 * rule links, the summary and where the results came from.
 */
function report(call: CheckCall, bank: CheckedBank, all: Diagnostic[], handed: Bundle | undefined): void {
  const { values, io, options, timer } = call;
  const { format, color } = call.inputs;
  const changed = options.session?.changed;
  const changedPaths =
    changed && new Set([...changed].map((file) => path.relative(io.cwd, file).split(path.sep).join('/')));
  // Links made here, not when checked: the config's base applies to cached results too.
  const shown = all
    .filter(
      (d) =>
        (!values.quiet || d.severity === 'error') &&
        (!changedPaths || d.severity === 'error' || changedPaths.has(d.file)),
    )
    .map((d) => ({ ...d, url: ruleDocsUrl(d.ruleId, bank.config?.docsBaseUrl) }));
  timer('save');
  options.onBuild?.({ diagnostics: all, bundle: handed, config: bank.config });
  io.stdout(
    format === 'json'
      ? formatJson(shown)
      : format === 'github'
        ? formatGithub(shown)
        : format === 'sarif'
          ? formatSarif(shown, cliVersion)
          : formatPretty(shown, color),
  );
  if (format === 'pretty' || format === 'github') io.stderr(formatSummary(all, bank.filesChecked, color));
  io.stderr(`  ${runStats(bank)}\n`);
  timer('print');
}

/** The exit code of the run, with the line that says why it stopped or what it wrote. */
function exitCode(
  { command, io, inputs }: CheckCall,
  bank: CheckedBank,
  all: Diagnostic[],
  hasErrors: boolean,
  outcome: BuildOutcome | undefined,
): number {
  if (hasErrors || !bank.config || (!bank.run && !bank.recorded)) {
    if (command === 'build')
      io.stderr('qbank: build stopped: fix the errors above; the previous bundle is unchanged.\n');
    return exitCodes.contentErrors;
  }
  const { maxWarnings } = inputs;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`qbank: too many warnings (${warnings}), at most ${maxWarnings} allowed by --max-warnings.\n`);
    return exitCodes.contentErrors;
  }
  if (!outcome) return exitCodes.ok;
  if (outcome.problems.length) {
    for (const problem of outcome.problems) io.stderr(`qbank: ${problem}\n`);
    io.stderr('qbank: build stopped; the previous bundle is unchanged.\n');
    return exitCodes.contentErrors;
  }
  printBuilt(io, inputs.color, outcome, Boolean(bank.recorded));
  return exitCodes.ok;
}

/** The line on the bundle written (or up to date), and what changed since the previous release. */
function printBuilt(io: CliIo, color: boolean, outcome: BuildOutcome, upToDate: boolean): void {
  const c = createColors(color);
  const where = outcome.written ? path.relative(io.cwd, outcome.written) || '.' : 'memory';
  const { counts, files, changelog } = outcome;
  const contents = `${counts.questions} questions, ${counts.notes} notes, ${counts.assets} assets, ${files.length} files`;
  io.stderr(
    c.green(
      upToDate
        ? `✔ bundle up to date in ${where}: ${contents} (nothing changed since the last build)\n`
        : `✔ bundle written to ${where}: ${contents}\n`,
    ),
  );
  if (changelog.from) {
    const { summary, requiredBump, from } = changelog;
    io.stderr(
      `  since ${from}: ${summary.added} added, ${summary['text-changed']} text changed, ${summary['key-changed']} key changed, ${summary.retired} retired, ${summary.removed} removed (requires a ${requiredBump} bump)\n`,
    );
  }
}

/** What a build produced, as its run record keeps it. */
interface BuildOutcome {
  /** The output directory, when the bundle was written. */
  written?: string | undefined;
  /** sha256 of `manifest.json` (empty when no run record is kept: watch mode). */
  manifest: string;
  /** sha256 of the archive, when one was written. */
  archive?: string | null | undefined;
  /** Every file of the bundle with its size. */
  files: [string, number][];
  /** Counts from the manifest. */
  counts: { questions: number; notes: number; assets: number };
  /** The changelog's summary. */
  changelog: Pick<Changelog, 'from' | 'summary' | 'requiredBump'>;
  /** Why the release was refused. */
  problems: string[];
  /** Diagnostics of the release checks. */
  diagnostics: Diagnostic[];
  /** The draft files, relative to the working directory (their errors were warnings). */
  drafts?: string[] | undefined;
}

/** The files of a build that are drafts, relative to the working directory. */
function draftFiles(bank: CheckedBank, cwd: string): string[] {
  if (!bank.run) return (bank.recorded?.outcome as BuildOutcome | undefined)?.drafts ?? [];
  return bank.run.facts
    .filter((facts) => !facts.context && facts.status === 'draft')
    .map((facts) => path.relative(cwd, facts.path).split(path.sep).join('/'));
}

/** The diagnostics with the errors in these files made warnings. */
function asWarnings(diagnostics: Diagnostic[], files: ReadonlySet<string>): Diagnostic[] {
  if (!files.size) return diagnostics;
  return diagnostics.map((d) => (d.severity === 'error' && files.has(d.file) ? { ...d, severity: 'warning' } : d));
}

/** What a build produced; `recorded`: also the manifest's hash, which a run record checks the output by. */
function summarise(bundle: Bundle, recorded: boolean): BuildOutcome {
  const { from, summary, requiredBump } = bundle.changelog;
  // Hashed from its pieces, never joined (40,000 questions' manifest is 25 MB).
  const manifest = fileEntry('manifest.json', bundle.files.get('manifest.json')!);
  // Sizes from the manifest: a chunk's size would otherwise be summed over its 20,000 pieces.
  const sizes = new Map([...bundle.manifest.files, manifest].map((file) => [file.path, file.size]));
  return {
    manifest: recorded ? manifest.sha256 : '',
    files: [...bundle.files.keys()].map((name) => [name, sizes.get(name)!]),
    counts: bundle.manifest.counts,
    changelog: { from, summary, requiredBump },
    problems: [],
    diagnostics: [],
  };
}

/** Whether the bundle a recorded build wrote is still there, byte for byte (every file hashed). */
function outputIntact(outcome: BuildOutcome | undefined): boolean {
  if (!outcome?.written || !Array.isArray(outcome.files)) return false;
  return bundleIntact(outcome.written, outcome.manifest, outcome.archive);
}

/** What a run's output depends on besides the files and the environment. */
function runSettings(
  command: 'validate' | 'build',
  values: CliValues,
  io: CliIo,
  config: ProjectConfig,
  out: string,
): Record<string, unknown> {
  if (command === 'validate') return { command, cli: cliVersion };
  const previousDir = values.previous ? path.resolve(io.cwd, values.previous) : config.previous;
  let previous: string | null = null;
  try {
    if (previousDir) previous = sha256(readFileSync(path.join(previousDir, 'manifest.json')));
  } catch {
    previous = 'unreadable';
  }
  return {
    command,
    cli: cliVersion,
    out,
    previous,
    profile: values.profile ?? 'standard',
    release: values.release,
    archive: values.archive,
    maxWarnings: values['max-warnings'] ?? null,
    // The commit's identity decides its time; git itself is only started when HEAD cannot be read.
    source: {
      head: headCommit(config.root) ?? sourceInfo(config.root, io.env),
      epoch: io.env.SOURCE_DATE_EPOCH ?? null,
    },
  };
}

/** One line on where the results came from: the cache, parsing (in how many threads), a record. */
function runStats(bank: CheckedBank): string {
  if (bank.recorded) return 'nothing changed since the last identical run: its results were reused';
  const stats = bank.run?.stats;
  if (!stats) return 'no files checked';
  const parsed = `${stats.processed} parsed${stats.workers ? ` in ${stats.workers} worker threads` : ''}`;
  const cache = stats.cache === 'off' ? 'cache off' : `${stats.cached} from the cache`;
  const notes = [
    stats.cache === 'corrupt' ? 'the cache was damaged and is rebuilt' : undefined,
    stats.cacheDamaged ? `${stats.cacheDamaged} damaged cache entries dropped` : undefined,
    bank.damagedRunRecords ? 'a damaged run record was ignored' : undefined,
    stats.contextCached + stats.contextRead
      ? `${stats.contextCached + stats.contextRead} other files as context${stats.contextUnread ? ` (${stats.contextUnread} unchanged since the last run, not read)` : ''}`
      : undefined,
  ].filter(Boolean);
  return `files: ${parsed}, ${cache}${notes.length ? `; ${notes.join('; ')}` : ''}`;
}

/** Prints the time since its last call under a phase name (`QBANK_TIMING`), with the phase's own breakdown. */
type PhaseTimer = (phase: string, detail?: object) => void;

/**
 * With QBANK_TIMING set, a function that prints on stderr the time since its
 * last call, by phase, with the phase's own breakdown when it has one.
 */
function phaseTimer(io: CliIo): PhaseTimer {
  if (!io.env.QBANK_TIMING) return () => undefined;
  let last = performance.now();
  return (phase, detail) => {
    const now = performance.now();
    const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
    const mb = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MB`;
    const memory = `rss ${mb(rss)}, heap ${mb(heapUsed)} of ${mb(heapTotal)}, external ${mb(external)}`;
    io.stderr(
      `  [timing] ${phase}: ${Math.round(now - last)} ms${detail ? ` ${JSON.stringify(detail)}` : ''} (${memory})\n`,
    );
    last = now;
  };
}
