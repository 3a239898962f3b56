import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@qbank/atomic-write';
import {
  csvTemplate,
  detectFormat,
  importFormats,
  xlsxTemplate,
  importSources,
  type ImportFormat,
  type ImportReport,
  type ItemOutcome,
  type SourceInput,
  type TaxonomyResolver,
} from '@qbank/import';
import { defaultConfig, findConfigFile, loadConfig, loadProjectTaxonomy } from '@qbank/project';
import { parse as parseYaml } from 'yaml';
import type { CliIo } from './io.js';
import { UsageError } from './errors.js';

/** The options `qbank import` reads. */
export interface ImportValues {
  /** Config file. */
  config?: string | undefined;
  /** Source format. */
  from?: string | undefined;
  /** Output folder for question files. */
  out?: string | undefined;
  /** Write nothing. */
  'dry-run'?: boolean | undefined;
  /** Write a template spreadsheet (`csv` or `xlsx`) instead of importing. */
  template?: string | undefined;
  /** A YAML file mapping source values (categories, columns) to taxonomy ids, per axis. */
  map?: string | undefined;
}

type Mapping = Partial<Record<'system' | 'discipline' | 'competency', Map<string, string>>>;

async function readMapping(cwd: string, file: string | undefined): Promise<Mapping> {
  if (!file) return {};
  const text = await readFile(path.resolve(cwd, file), 'utf8').catch(() => {
    throw new UsageError(`cannot read the mapping file \`${file}\``);
  });
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new UsageError(`the mapping file \`${file}\` is not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(
      `the mapping file \`${file}\` must map system, discipline and competency to \`source value: taxonomy id\` pairs`,
    );
  }
  const mapping: Mapping = {};
  for (const [axis, values] of Object.entries(data)) {
    if (axis !== 'system' && axis !== 'discipline' && axis !== 'competency') {
      throw new UsageError(`the mapping file \`${file}\` has \`${axis}\`; expected system, discipline or competency`);
    }
    const entries = Object.entries((values ?? {}) as Record<string, unknown>);
    mapping[axis] = new Map(entries.map(([from, to]) => [from.trim().toLowerCase(), String(to)]));
  }
  return mapping;
}

async function writeTemplate(kind: string, out: string | undefined, io: CliIo): Promise<number> {
  if (kind !== 'csv' && kind !== 'xlsx')
    throw new UsageError(`\`--template\` takes \`csv\` or \`xlsx\`, not \`${kind}\``);
  const file = path.resolve(io.cwd, out ?? `qbank-import-template.${kind}`);
  const bytes = kind === 'csv' ? csvTemplate() : await xlsxTemplate();
  try {
    await writeFileAtomic(file, bytes, { exclusive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new UsageError(`\`${path.relative(io.cwd, file)}\` exists: give another file with \`--out\``);
    }
    throw error;
  }
  io.stdout(`${path.relative(io.cwd, file)}\n`);
  io.stderr(`✔ wrote the ${kind.toUpperCase()} template: one question per row, columns as in docs/import.md\n`);
  return 0;
}

/** Extensions read from a folder given on the command line. */
const sourceExtensions = /\.(jsonl|ndjson|gift|aiken|txt|xml|zip|csv|tsv|xlsx|docx)$/i;
/** Largest source read: bigger files are refused before they are read. */
const maxBytes = 64 * 1024 * 1024;

async function collect(
  cwd: string,
  args: string[],
  format: ImportFormat | undefined,
): Promise<{ inputs: SourceInput[]; refused: string[]; ignored: string[] }> {
  const inputs: SourceInput[] = [];
  const refused: string[] = [];
  const ignored: string[] = [];
  const visit = async (file: string, named: boolean): Promise<void> => {
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new UsageError(`cannot read \`${path.relative(cwd, file) || file}\`: no such file or folder`);
    const name = path.relative(cwd, file) || file;
    if (info.isDirectory()) {
      const entries = (await readdir(file)).sort();
      for (const entry of entries) {
        if (!entry.startsWith('.')) await visit(path.join(file, entry), false);
      }
    } else if (named || sourceExtensions.test(file)) {
      if (info.size > maxBytes)
        refused.push(`${name}: Unexpected file of ${info.size} bytes, expected at most ${maxBytes}  import/too-large`);
      else {
        const input = { name, bytes: await readFile(file) };
        // In a folder, a file that is none of the formats (a README.txt) is passed over, and said so.
        if (named || format || detectFormat(input)) inputs.push(input);
        else ignored.push(name);
      }
    }
  };
  for (const arg of args) await visit(path.resolve(cwd, arg), true);
  return { inputs, refused, ignored };
}

function bank(cwd: string, configPath: string | undefined, mapping: Mapping) {
  const file = configPath ? path.resolve(cwd, configPath) : findConfigFile(cwd);
  let config = defaultConfig(path.resolve(cwd, 'content'), cwd);
  if (file) {
    const loaded = loadConfig(file, cwd);
    if (!loaded.config)
      throw new UsageError(`the config file ${path.relative(cwd, file)} is invalid: run \`qbank validate\``);
    config = loaded.config;
  }
  const taxonomy = loadProjectTaxonomy(config).taxonomy;
  const resolve: TaxonomyResolver = (axis, source) => {
    if (!taxonomy) return undefined;
    // The mapping file first (its values may be ids or aliases), then the value itself.
    const value = mapping[axis]?.get(source.trim().toLowerCase()) ?? source;
    for (const candidate of [
      value,
      value
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
    ]) {
      const found = taxonomy.resolve(axis, candidate);
      if (found.kind === 'id' || found.kind === 'alias') return found.entry.id;
    }
    return undefined;
  };
  return { contentRoot: config.contentRoot, resolve };
}

function where(outcome: ItemOutcome): string {
  const { file, line, path: inner } = outcome.place;
  return `${file}${line ? `:${line}` : ''}${inner ? ` (${inner})` : ''}`;
}

function print(report: ImportReport, io: CliIo, dryRun: boolean): void {
  for (const problem of report.problems) {
    const { file, line, path: inner } = problem.place;
    io.stderr(
      `${file}${line ? `:${line}` : ''}${inner ? ` (${inner})` : ''}\n  error   ${problem.message}  ${problem.ruleId}\n`,
    );
    if (problem.hint) io.stderr(`          hint: ${problem.hint}\n`);
  }
  for (const outcome of report.outcomes) {
    const target = outcome.path ? `  ${path.relative(io.cwd, outcome.path)}` : '';
    const verb = outcome.status === 'imported' && dryRun ? 'would import' : outcome.status;
    io.stdout(`${verb.padEnd(12)} ${where(outcome)}${target}${outcome.reason ? `: ${outcome.reason}` : ''}\n`);
    for (const note of outcome.lossy) io.stdout(`             changed: ${note}\n`);
    for (const value of outcome.unresolved) io.stdout(`             not on the taxonomy, left for you: ${value}\n`);
  }
}

function summary(report: ImportReport, io: CliIo, dryRun: boolean): void {
  const count = (status: ItemOutcome['status']) => report.outcomes.filter((o) => o.status === status).length;
  const lossy = report.outcomes.filter((o) => o.lossy.length).length;
  io.stderr(
    `${report.problems.length ? '✖' : '✔'} ${count('imported')} ${dryRun ? 'to import' : 'imported'}, ${count('unchanged')} unchanged, ${count('skipped')} skipped, ${count('kept')} kept (not overwritten), ${lossy} with changes listed, ${report.problems.length} source problem${report.problems.length === 1 ? '' : 's'}\n`,
  );
  const missing = new Map<string, number>();
  for (const outcome of report.outcomes) {
    if (outcome.status === 'skipped') continue;
    for (const field of outcome.missing) missing.set(field, (missing.get(field) ?? 0) + 1);
  }
  if (missing.size) {
    const list = [...missing].map(([field, n]) => `\`${field}\` (${n})`).join(', ');
    io.stderr(
      `  qbank validate will report these required fields as missing (schema/required) until you fill them in: ${list}\n`,
    );
  }
}

/**
 * `qbank import <file|dir>...`: write one Markdown question per source item
 * into the bank, and report every item.
 *
 * @param args Files and folders to import.
 * @param values Command-line options.
 * @param io Where to write.
 * @returns The exit code: 0 when every source was read and nothing was refused, 1 otherwise.
 */
export async function runImport(args: string[], values: ImportValues, io: CliIo): Promise<number> {
  if (values.template !== undefined) return writeTemplate(values.template, values.out, io);
  if (!args.length) throw new UsageError('`import` needs a file or folder, e.g. `qbank import questions.gift`');
  const format = values.from as ImportFormat | undefined;
  if (format !== undefined && !importFormats.includes(format)) {
    throw new UsageError(`unknown format \`${format}\` for \`--from\`; expected one of: ${importFormats.join(', ')}`);
  }
  const { contentRoot, resolve } = bank(io.cwd, values.config, await readMapping(io.cwd, values.map));
  const out = values.out ? path.resolve(io.cwd, values.out) : path.join(contentRoot, 'questions');
  const { inputs, refused, ignored } = await collect(io.cwd, args, format);
  for (const name of ignored) io.stderr(`${name}: not read, its format is none that qbank import reads\n`);
  const dryRun = values['dry-run'] ?? false;
  const report = await importSources(inputs, {
    format,
    out,
    // Everything stays inside --out when it is given.
    assetsDir: values.out ? path.join(out, 'images') : path.join(contentRoot, 'images', 'imported'),
    dryRun,
    resolve,
  });
  for (const line of refused) io.stderr(`${line}\n`);
  print(report, io, dryRun);
  summary(report, io, dryRun);
  const failed = refused.length || report.problems.length || report.outcomes.some((o) => o.status === 'kept');
  return failed ? 1 : 0;
}
