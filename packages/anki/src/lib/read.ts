import { createHash } from 'node:crypto';
import type { BundleManifest, BundleNote, Curriculum, ManifestFile } from '@qbank/bundle';
import type { AnkiBundleSource } from './model.js';

const indexes = new WeakMap<BundleManifest, Map<string, ManifestFile>>();

/** The manifest's `files`, by path (built once per manifest). */
function fileIndex(manifest: BundleManifest): Map<string, ManifestFile> {
  let index = indexes.get(manifest);
  if (!index) indexes.set(manifest, (index = new Map(manifest.files.map((file) => [file.path, file]))));
  return index;
}

/** An error about the bundle's files, with the runtime's code for it (`bundle/integrity`). */
function integrityError(message: string): Error {
  return Object.assign(new Error(message), { code: 'bundle/integrity' });
}

/**
 * Read a file of the bundle, refusing any path the manifest does not list and
 * any bytes whose SHA-256 differs from the manifest's.
 *
 * Note: the paths come from the bundle itself (chunk paths, figure sources), so
 * checking them against `manifest.files` also keeps a crafted bundle from
 * pulling files from outside its directory into the deck.
 *
 * @param source The bundle.
 * @param path Path relative to the bundle root.
 * @returns The verified bytes.
 */
export async function readVerified(source: AnkiBundleSource, path: string): Promise<Uint8Array> {
  const entry = fileIndex(source.manifest).get(path);
  if (!entry) throw integrityError(`Unexpected file \`${path}\`, expected a file listed in the manifest's \`files\``);
  const bytes = await source.readFile(path);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== entry.sha256) {
    throw integrityError(
      `Unexpected sha256 \`${actual}\` for \`${path}\`, expected \`${entry.sha256}\` from the manifest`,
    );
  }
  return bytes;
}

function parseJson<T>(bytes: Uint8Array): T {
  return JSON.parse(new TextDecoder().decode(bytes)) as T;
}

/**
 * Load every note of a bundle from its chunks, in the manifest's order (by id).
 *
 * @param source The bundle.
 * @returns The notes.
 */
export async function loadNotes(source: AnkiBundleSource): Promise<BundleNote[]> {
  const items = source.manifest.items.filter((item) => item.type === 'note');
  const chunks = new Map<string, Map<string, BundleNote>>();
  for (const chunk of [...new Set(items.map((item) => item.chunk))].sort()) {
    const { items: notes } = parseJson<{ items: BundleNote[] }>(await readVerified(source, chunk));
    chunks.set(chunk, new Map(notes.map((note) => [note.id, note])));
  }
  return items.map((item) => {
    const note = chunks.get(item.chunk)!.get(item.id);
    if (!note) throw new Error(`Unexpected missing note \`${item.id}\`, expected it in \`${item.chunk}\``);
    return note;
  });
}

/**
 * The study order of the notes: the curriculum (prerequisites first, systems in
 * taxonomy order) when the bundle has one, then every other note by id.
 *
 * @param source The bundle.
 * @param notes The notes, by id.
 * @returns The notes in study order.
 */
export async function studyOrder(source: AnkiBundleSource, notes: readonly BundleNote[]): Promise<BundleNote[]> {
  const path = 'curriculum.json';
  if (!fileIndex(source.manifest).has(path)) return [...notes];
  const curriculum = parseJson<Curriculum>(await readVerified(source, path));
  const systems = [
    ...source.manifest.taxonomy.systems.map((system) => system.id),
    ...Object.keys(curriculum.systems).sort(),
  ];
  const rank = new Map<string, number>();
  for (const system of systems) {
    for (const id of curriculum.systems[system] ?? []) if (!rank.has(id)) rank.set(id, rank.size);
  }
  const last = Number.MAX_SAFE_INTEGER;
  // Array.prototype.sort is stable: notes outside the curriculum keep their id order.
  return [...notes].sort((a, b) => (rank.get(a.id) ?? last) - (rank.get(b.id) ?? last));
}
