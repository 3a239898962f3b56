import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '@qbank/atomic-write';
import type { BundleManifest } from '@qbank/bundle';
import type { AnkiBundleSource, AnkiExportOptions, AnkiExportSummary } from './model.js';
import { packDeck } from './package.js';
import { planDeck } from './plan.js';

/** The bundle's manifest; one that is not JSON is the runtime's `bundle/format-invalid` problem. */
async function readManifest(bundleDir: string): Promise<BundleManifest> {
  const text = await readFile(path.join(bundleDir, 'manifest.json'), 'utf8');
  try {
    return JSON.parse(text) as BundleManifest;
  } catch {
    throw Object.assign(new Error('Unexpected manifest.json that is not JSON, expected a bundle manifest'), {
      code: 'bundle/format-invalid',
    });
  }
}

/**
 * Export a bundle directory (as `qbank build` writes it) to an Anki `.apkg`
 * file; see {@link buildAnkiPackage} for what the deck holds. The file is
 * written whole or not at all (`writeFileAtomic` of `@qbank/atomic-write`),
 * so a failed export leaves an earlier file as it was. A deck already at `outFile` is the
 * earlier export the notes' `mod` times are compared with (see
 * {@link AnkiExportOptions.previous}). On a failed write (disk full,
 * read-only) the error names `outFile` (`error.path`).
 *
 * @param bundleDir The bundle directory (holding `manifest.json`).
 * @param outFile The `.apkg` file to write.
 * @param options Export options.
 * @returns What was written.
 * @example
 * const summary = await exportAnkiFromDirectory('dist/bundle', 'dist/bank.apkg');
 * console.log(`${summary.notes} notes, ${summary.cards} cards`);
 */
export async function exportAnkiFromDirectory(
  bundleDir: string,
  outFile: string,
  options: AnkiExportOptions = {},
): Promise<AnkiExportSummary> {
  const manifest = await readManifest(bundleDir);
  // Paths are checked against the manifest before this reads them (see readVerified).
  const source: AnkiBundleSource = { manifest, readFile: (file) => readFile(path.join(bundleDir, file)) };
  // The deck this export replaces: unchanged notes keep their `mod`, changed ones get a greater one.
  const previous = options.previous ?? (await readFile(outFile).catch(() => undefined));
  const plan = await planDeck(source, { ...options, previous });
  const bytes = await packDeck(plan);
  await writeFileAtomic(outFile, bytes);
  const decks = new Set(plan.notes.map((note) => note.deckId));
  return {
    file: outFile,
    notes: plan.notes.length,
    cards: plan.notes.reduce((sum, note) => sum + note.cards.length, 0),
    decks: [plan.top, ...plan.subdecks]
      .filter((deck) => decks.has(deck.id))
      .map((deck) => deck.name)
      .sort(),
    media: plan.media.length,
    updates: plan.updates,
  };
}
