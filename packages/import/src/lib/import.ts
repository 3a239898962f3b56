import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ensureDirectory, writeFileAtomic } from '@qbank/atomic-write';
import { assignIds } from './ids.js';
import type { ImportFormat, ImportProblem, ImportedQuestion, SourceInput, SourcePlace } from './model.js';
import { detectFormat, readSource } from './read.js';
import { normalisationNotes, verifyQuestion } from './verify.js';
import { renderQuestion, type ImportAxis, type TaxonomyResolver } from './write.js';

/** How to import. */
export interface ImportOptions {
  /** The source format; guessed per file when absent. */
  format?: ImportFormat | undefined;
  /** Folder the question files are written to. */
  out: string;
  /** Folder images are written to (default: `images/imported` beside `out`). */
  assetsDir?: string | undefined;
  /** Write nothing; report what would be written. */
  dryRun?: boolean | undefined;
  /** Places source categories and columns on the taxonomy. */
  resolve?: TaxonomyResolver | undefined;
}

/** What happened to one source item. */
export interface ItemOutcome {
  /** Where the item is in the source. */
  place: SourcePlace;
  /** `imported` (written), `unchanged` (the same file was there), `kept` (a different file was there: not overwritten), `skipped` (not imported). */
  status: 'imported' | 'unchanged' | 'kept' | 'skipped';
  /** The item's id. */
  id?: string | undefined;
  /** The file written, or that would be. */
  path?: string | undefined;
  /** Why it was skipped or kept. */
  reason?: string | undefined;
  /** What was changed or dropped on the way. */
  lossy: string[];
  /** Source values left for the author (not on the taxonomy). */
  unresolved: string[];
  /** Required taxonomy fields not written, which `qbank validate` reports until the author fills them in. */
  missing: ImportAxis[];
}

/** The result of an import. */
export interface ImportReport {
  /** One outcome per item read, in source order. */
  outcomes: ItemOutcome[];
  /** Problems with whole sources (nothing was imported from them). */
  problems: ImportProblem[];
}

function blank(text: ImportedQuestion['leadIn']): boolean {
  return !/\S/.test('text' in text ? text.text : text.markdown);
}

/** Why an item read from a source cannot be written as a valid question, if it cannot. */
function unwritable(item: ImportedQuestion): string | undefined {
  if (item.choices.length < 2) return 'fewer than two options';
  if (item.choices.length > 26) return `${item.choices.length} options, more than 26`;
  if (item.choices.filter((choice) => choice.correct).length !== 1) return 'not exactly one right option';
  const empty = item.choices.findIndex((choice) => blank(choice.text));
  if (empty !== -1) return `option ${String.fromCharCode(65 + empty)} is empty`;
  if (blank(item.leadIn)) return 'no question text';
  return undefined;
}

async function existing(file: string): Promise<Buffer | undefined> {
  return readFile(file).catch(() => undefined);
}

/** Write an item's images that are not there yet, each whole or not at all (one already there is kept). */
async function writeAssets(item: ImportedQuestion, dir: string, dryRun: boolean): Promise<void> {
  for (const asset of item.assets ?? []) {
    const target = path.join(dir, path.basename(asset.name));
    if (dryRun || (await existing(target))) continue;
    await ensureDirectory(dir);
    await writeFileAtomic(target, asset.bytes, { exclusive: true }).catch((error: NodeJS.ErrnoException) => {
      // Another item of this import (or another run) wrote the same image first.
      if (error.code !== 'EEXIST') throw error;
    });
  }
}

async function place(
  item: ImportedQuestion,
  id: string,
  options: ImportOptions,
  assetsDir: string,
): Promise<ItemOutcome> {
  const file = path.join(options.out, `${id}.md`);
  const assetsPath = path.relative(options.out, assetsDir).split(path.sep).join('/');
  const rendered = renderQuestion(item, { id, resolve: options.resolve, assetsPath });
  const lossy = [...normalisationNotes(item), ...(item.lossy ?? []), ...verifyQuestion(item, rendered.text)];
  const outcome: ItemOutcome = {
    place: item.place,
    status: 'imported',
    id,
    path: file,
    lossy,
    unresolved: rendered.unresolved,
    missing: rendered.missing,
  };
  const before = await existing(file);
  if (before) {
    const same = before.equals(Buffer.from(rendered.text));
    return same
      ? { ...outcome, status: 'unchanged' }
      : {
          ...outcome,
          status: 'kept',
          reason: 'a different file with this id is there (edited since the last import?): not overwritten',
        };
  }
  // The images first: a question file is never there without the images it shows.
  await writeAssets(item, assetsDir, options.dryRun ?? false);
  if (!options.dryRun) await writeFileAtomic(file, rendered.text, { exclusive: true });
  return outcome;
}

/**
 * Import sources into a bank: read each with its format's reader, write one
 * authoring-format Markdown file per question (`<out>/<id>.md`), never
 * overwriting a file that differs, and report every item. A source with a
 * problem (unreadable, malformed) has nothing written.
 *
 * @param inputs The sources.
 * @param options Where to write and how.
 * @returns Per-item outcomes and per-source problems.
 */
export async function importSources(inputs: readonly SourceInput[], options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { outcomes: [], problems: [] };
  const assetsDir = options.assetsDir ?? path.join(path.dirname(options.out), 'images', 'imported');
  for (const input of inputs) {
    const format = options.format ?? detectFormat(input);
    if (!format) {
      report.problems.push({
        place: { file: input.name },
        ruleId: 'import/unknown-format',
        message: 'Unexpected file whose format cannot be told from its name or content',
        hint: 'Give the format with `--from gift|aiken|moodle-xml|qti|csv|xlsx|docx|jsonl`.',
      });
      continue;
    }
    const read = await readSource(input, format);
    if (read.problems.length) {
      report.problems.push(...read.problems);
      continue;
    }
    const ids = assignIds(read.items, input.name);
    if (!options.dryRun && read.items.length) await ensureDirectory(options.out);
    const outcomes = [];
    for (const [index, item] of read.items.entries()) {
      const why = unwritable(item);
      outcomes.push(
        why
          ? { place: item.place, status: 'skipped' as const, reason: why, lossy: [], unresolved: [], missing: [] }
          : await place(item, ids[index]!, options, assetsDir),
      );
    }
    for (const skipped of read.skipped) {
      outcomes.push({
        place: skipped.place,
        status: 'skipped' as const,
        reason: skipped.reason,
        lossy: [],
        unresolved: [],
        missing: [],
      });
    }
    outcomes.sort((a, b) => (a.place.line ?? 0) - (b.place.line ?? 0));
    report.outcomes.push(...outcomes);
  }
  return report;
}
