import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AnkiEmptyDeckError, exportAnkiFromDirectory } from '@qbank/anki';
import { isPathInside } from '@qbank/core';
import { exportMoodleFromDirectory, exportQtiFromDirectory, type QtiTestForm, type QtiVersion } from '@qbank/export';
import { findConfigFile, loadConfig, type ProjectConfig } from '@qbank/project';
import { BundleError } from '@qbank/runtime';
import { parse as parseYaml } from 'yaml';
import { runCheck } from './check.js';
import type { CliIo, CliValues } from './cli.js';
import { UsageError } from './errors.js';
import { headCommit } from './git.js';

const targets = {
  anki: 'deck.apkg',
  qti: 'bank.zip',
  moodle: 'bank.xml',
} as const;

type Target = keyof typeof targets;

const usageLine =
  'export takes `anki`, `qti` or `moodle`: qbank export anki|qti|moodle [bundle-dir] --out <file> ' +
  '(qti: --version 3.0|2.1, --block size,seed or --form form.yaml)';

/** Why a present bundle may not match the sources: built from another commit, or content changed since. */
function staleReason(bundleDir: string, config: ProjectConfig): string | undefined {
  let manifest: { sourceCommit?: string | null };
  try {
    manifest = JSON.parse(readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8')) as typeof manifest;
  } catch {
    return 'its manifest.json cannot be read';
  }
  const head = headCommit(config.root);
  if (head && manifest.sourceCommit && head !== manifest.sourceCommit) return 'it was built from another commit';
  try {
    const changes = execFileSync('git', ['status', '--porcelain', '--', config.contentRoot], {
      cwd: config.root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return changes.trim() ? 'the content has changes that are not committed' : undefined;
  } catch {
    return undefined; // Not a git repository: the bundle there is taken as it is.
  }
}

function configFor(values: CliValues, io: CliIo): ProjectConfig | undefined {
  const configPath = values.config ? path.resolve(io.cwd, values.config) : findConfigFile(io.cwd);
  return configPath ? loadConfig(configPath, io.cwd).config : undefined;
}

/**
 * The bundle to export: the one named on the command line as it is, else the
 * config's `out`, built first when it is missing or may be stale (saying so).
 *
 * @returns The bundle directory, and the build's exit code when a build failed.
 */
async function bundleFor(
  bundleArg: string | undefined,
  config: ProjectConfig | undefined,
  values: CliValues,
  io: CliIo,
): Promise<{ dir: string; failed?: number }> {
  const dir = bundleArg ? path.resolve(io.cwd, bundleArg) : (config?.out ?? path.resolve(io.cwd, 'dist/bundle'));
  const missing = !existsSync(path.join(dir, 'manifest.json'));
  if (bundleArg || !config) {
    if (missing) throw new UsageError(`no bundle at ${path.relative(io.cwd, dir) || '.'}: run \`qbank build\` first`);
    return { dir };
  }
  const reason = missing ? 'there is none yet' : staleReason(dir, config);
  if (!reason) return { dir };
  io.stderr(`Building ${path.relative(io.cwd, dir) || '.'} first: ${reason}.\n`);
  // The build's own options only: --out and --previous mean other things to export.
  const code = await runCheck('build', [], { ...values, out: undefined, previous: undefined, format: undefined }, io);
  return code === 0 ? { dir } : { dir, failed: code };
}

function qtiVersion(values: CliValues): QtiVersion {
  const version = values['format-version'] ?? '3.0';
  if (version !== '3.0' && version !== '2.1')
    throw new UsageError(`unknown QTI --version \`${version}\`, expected 3.0 or 2.1`);
  return version;
}

const formKeys = new Set(['title', 'size', 'seed', 'filter', 'ranges']);

/** A `--form` file: YAML with `size`, `seed` and optionally `title`, `filter` and `ranges`. */
function formOption(file: string, io: CliIo): QtiTestForm {
  const where = path.relative(io.cwd, path.resolve(io.cwd, file));
  let form: unknown;
  try {
    form = parseYaml(readFileSync(path.resolve(io.cwd, file), 'utf8'));
  } catch (error) {
    throw new UsageError(`--form ${where} cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
  const record = (form && typeof form === 'object' ? form : {}) as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !formKeys.has(key));
  if (unknown.length) {
    throw new UsageError(`--form ${where}: unexpected \`${unknown[0]}\`, expected title, size, seed, filter or ranges`);
  }
  const { size, seed, title, filter, ranges } = record;
  if (!(typeof size === 'number' && Number.isInteger(size) && size >= 1)) {
    throw new UsageError(`--form ${where}: \`size\` must be a whole number of questions, 1 or more`);
  }
  if (typeof seed !== 'string' && typeof seed !== 'number')
    throw new UsageError(`--form ${where}: \`seed\` is required`);
  const objectOrAbsent = (value: unknown) => value === undefined || (typeof value === 'object' && value !== null);
  if (!objectOrAbsent(filter) || !objectOrAbsent(ranges) || (title !== undefined && typeof title !== 'string')) {
    throw new UsageError(`--form ${where}: \`title\` is text, \`filter\` and \`ranges\` are maps`);
  }
  return {
    size,
    seed: String(seed),
    ...(title ? { title } : {}),
    ...(filter ? { filter: filter as QtiTestForm['filter'] } : {}),
    ...(ranges ? { ranges: ranges as QtiTestForm['ranges'] } : {}),
  };
}

function blockOption(values: CliValues, io: CliIo): QtiTestForm | undefined {
  if (values.form !== undefined && values.block !== undefined) throw new UsageError('give --block or --form, not both');
  if (values.form !== undefined) return formOption(values.form, io);
  if (values.block === undefined) return undefined;
  const match = /^(\d+),(.+)$/.exec(values.block);
  const size = match ? Number(match[1]) : Number.NaN;
  if (!match || !(size >= 1)) throw new UsageError('--block takes `size,seed`, e.g. --block 40,midterm-2026');
  return { size, seed: match[2]! };
}

async function write(target: Target, dir: string, out: string, values: CliValues, io: CliIo): Promise<string> {
  const shown = path.relative(io.cwd, out);
  if (target === 'anki') {
    const previous = values.previous ? readFileSync(path.resolve(io.cwd, values.previous)) : undefined;
    const summary = await exportAnkiFromDirectory(dir, out, { previous });
    const updates = summary.updates
      ? ` (against the earlier deck: ${summary.updates.changed} changed, ${summary.updates.unchanged} unchanged, ${summary.updates.added} new)`
      : '';
    return `✔ Anki deck written to ${shown}: ${summary.notes} notes, ${summary.cards} cards, ${summary.decks.length} decks, ${summary.media} media files${updates}\n`;
  }
  if (target === 'qti') {
    const version = qtiVersion(values);
    const pkg = await exportQtiFromDirectory(dir, out, { version, block: blockOption(values, io) });
    const test = pkg.test ? `, test ${pkg.test}` : '';
    return `✔ QTI ${version} package written to ${shown}: ${pkg.items.length} items, ${pkg.assets} images${test}\n`;
  }
  const moodle = await exportMoodleFromDirectory(dir, out);
  return `✔ Moodle XML written to ${shown}: ${moodle.questions} questions in ${moodle.categories.length} categories, ${moodle.images} images\n`;
}

/** A content problem of the bundle (exit 1), or `undefined` for anything else. */
function contentProblem(error: unknown): string | undefined {
  if (error instanceof AnkiEmptyDeckError || error instanceof BundleError) {
    return `qbank: export stopped, nothing written: ${error.message}\nhint: ${error.hint}\n`;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('bundle/')) {
    return `qbank: export stopped, nothing written: ${(error as Error).message}\nhint: rebuild the bundle with \`qbank build\`.\n`;
  }
  return undefined;
}

/**
 * `qbank export anki|qti|moodle [bundle-dir] --out <file>`: write the bundle
 * (default: the config's `out`, built first when missing or stale) as an Anki
 * deck, a QTI 3.0/2.1 content package or Moodle XML.
 *
 * @param rest The target and an optional bundle directory.
 * @param values Parsed options (`--out`, `--config`, `--format-version`, `--block`, `--previous`).
 * @param io Where to read and write.
 * @returns The exit code: 0 written, 1 a content problem (nothing written), 2 usage.
 */
export async function runExport(rest: string[], values: CliValues, io: CliIo): Promise<number> {
  const [target, bundleArg, ...extra] = rest;
  if (!target || !(target in targets) || extra.length) throw new UsageError(usageLine);
  const out = path.resolve(io.cwd, values.out ?? targets[target as Target]);
  const config = configFor(values, io);
  if (config && isPathInside(config.contentRoot, out)) {
    throw new UsageError(
      `--out ${path.relative(io.cwd, out)} is inside the content folder: write exports elsewhere (the content folder holds sources only)`,
    );
  }
  const bundle = await bundleFor(bundleArg, config, values, io);
  if (bundle.failed !== undefined) return bundle.failed;
  try {
    io.stderr(await write(target as Target, bundle.dir, out, values, io));
    return 0;
  } catch (error) {
    const problem = contentProblem(error);
    if (!problem) throw error;
    io.stderr(problem);
    return 1;
  }
}
