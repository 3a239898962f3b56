import path from 'node:path';
import { createColors } from 'picocolors';
import type { Pipeline } from '@qbank/pipeline';
import { checkBank, loadBank, type CheckedBank } from './bank.js';
import { compileRelease, writeRelease } from './build.js';
import type { CliIo, CliValues } from './cli.js';
import { cliVersion, colorEnabled, exitCodes } from './cli.js';
import { UsageError } from './errors.js';
import { fixFiles } from './fix.js';
import { progressBar } from './progress.js';
import { changedFiles } from './git.js';
import { formatGithub, formatJson, formatPretty, formatSummary, reportFormats, type ReportFormat } from './report.js';
import { formatSarif } from './sarif.js';

/** What watch mode passes to `runCheck` between runs. */
export interface RunCheckOptions {
  /** The pipeline of the previous run: its results stay in memory. */
  pipeline?: Pipeline | undefined;
  /** Called with the checked bank, before it is compiled. */
  onChecked?: ((bank: CheckedBank) => void) | undefined;
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
  const format = (values.format ?? 'pretty') as ReportFormat;
  if (!reportFormats.includes(format)) {
    throw new UsageError(`unknown --format \`${values.format}\`, expected one of: ${reportFormats.join(', ')}`);
  }
  const color = colorEnabled(io);
  if (command === 'build' && rest.length > 1) throw new UsageError('build takes at most one content directory');
  if (values.fix && command === 'validate') {
    const before = await loadBank({ cwd: io.cwd, configPath: values.config, paths: rest });
    for (const file of await fixFiles(before.report?.files ?? [], true)) {
      io.stderr(`fixed ${path.relative(io.cwd, file.path)} (${file.applied})\n`);
    }
  }
  const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) {
    throw new UsageError('--max-warnings takes a whole number');
  }
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
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) throw new UsageError('--jobs takes a whole number from 1');
  const progress = progressBar(io);
  const bank = await checkBank({
    cwd: io.cwd,
    configPath: values.config,
    paths,
    contentDir: command === 'build' ? rest[0] : undefined,
    contextBankChecks: values['changed-since'] !== undefined,
    compile: command === 'build',
    cache: !values['no-cache'],
    jobs,
    onProgress: progress?.update,
    pipeline: options.pipeline,
  }).finally(() => progress?.done());
  options.onChecked?.(bank);
  const ok = Boolean(bank.run && !bank.hasErrors && bank.config);
  // A build compiles before printing, so that release problems (a reused id) join the one report.
  const compiled =
    ok && command === 'build'
      ? await compileRelease(bank, {
          previous: values.previous,
          profile: values.profile,
          release: values.release,
          cwd: io.cwd,
          env: io.env,
        })
      : undefined;
  const all = compiled ? [...bank.diagnostics, ...compiled.diagnostics] : bank.diagnostics;
  const shown = values.quiet ? all.filter((d) => d.severity === 'error') : all;
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
  if (!ok) {
    if (command === 'build')
      io.stderr('qbank: build stopped: fix the errors above; the previous bundle is unchanged.\n');
    return exitCodes.contentErrors;
  }
  const warnings = all.filter((d) => d.severity === 'warning').length;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`qbank: too many warnings (${warnings}), at most ${maxWarnings} allowed by --max-warnings.\n`);
    return exitCodes.contentErrors;
  }
  if (!compiled) return exitCodes.ok;
  if (compiled.problems.length) {
    for (const problem of compiled.problems) io.stderr(`qbank: ${problem}\n`);
    io.stderr('qbank: build stopped; the previous bundle is unchanged.\n');
    return exitCodes.contentErrors;
  }
  const { bundle } = compiled;
  const out = values.out ? path.resolve(io.cwd, values.out) : bank.config!.out;
  await writeRelease(bundle, out, values.archive);
  const c = createColors(color);
  const { counts } = bundle.manifest;
  const { summary, requiredBump, from } = bundle.changelog;
  io.stderr(
    c.green(
      `✔ bundle written to ${path.relative(io.cwd, out) || '.'}: ${counts.questions} questions, ${counts.notes} notes, ${counts.assets} assets, ${bundle.files.size} files\n`,
    ),
  );
  if (from) {
    io.stderr(
      `  since ${from}: ${summary.added} added, ${summary['text-changed']} text changed, ${summary['key-changed']} key changed, ${summary.retired} retired, ${summary.removed} removed (requires a ${requiredBump} bump)\n`,
    );
  }
  return exitCodes.ok;
}
