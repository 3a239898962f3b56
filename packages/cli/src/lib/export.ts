import { existsSync } from 'node:fs';
import path from 'node:path';
import { exportAnkiFromDirectory } from '@qbank/anki';
import { findConfigFile, loadConfig } from '@qbank/project';
import type { CliIo, CliValues } from './cli.js';
import { UsageError } from './errors.js';

/**
 * `qbank export anki [bundle-dir] --out deck.apkg`: write the bundle's
 * flashcards and cloze cards as an Anki deck (default bundle: the config's `out`).
 *
 * @param rest `anki` and an optional bundle directory.
 * @param values Parsed options (`--out`, `--config`).
 * @param io Where to read and write.
 * @returns The exit code.
 */
export async function runExport(rest: string[], values: CliValues, io: CliIo): Promise<number> {
  const [target, bundleArg, ...extra] = rest;
  if (target !== 'anki' || extra.length)
    throw new UsageError('export takes `anki`: qbank export anki [bundle-dir] --out deck.apkg');
  let bundleDir = bundleArg ? path.resolve(io.cwd, bundleArg) : undefined;
  if (!bundleDir) {
    const configPath = values.config ? path.resolve(io.cwd, values.config) : findConfigFile(io.cwd);
    const config = configPath ? loadConfig(configPath, io.cwd).config : undefined;
    bundleDir = config?.out ?? path.resolve(io.cwd, 'dist/bundle');
  }
  if (!existsSync(path.join(bundleDir, 'manifest.json'))) {
    throw new UsageError(`no bundle at ${path.relative(io.cwd, bundleDir) || '.'}: run \`qbank build\` first`);
  }
  const out = path.resolve(io.cwd, values.out ?? 'deck.apkg');
  const summary = await exportAnkiFromDirectory(bundleDir, out);
  io.stderr(
    `✔ Anki deck written to ${path.relative(io.cwd, out)}: ${summary.notes} notes, ${summary.cards} cards, ${summary.decks.length} decks, ${summary.media} media files\n`,
  );
  return 0;
}
