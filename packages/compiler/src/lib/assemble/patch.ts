import type { CompileOptions } from '../compile.js';
import { fileEntry } from '../files.js';
import type { Bundle, CompiledItem, ManifestFile, ManifestItem, RecordBytes } from '../model.js';
import { diffManifests, itemChange, nextRevision, type ItemChange } from '../release.js';
import type { AssemblyMemo, LastAssembly } from './memo.js';
import { placementOf, questionRecord } from './placement.js';
import { changelogBytes, manifestBytes, storeChunk } from './serialise.js';

/** More changed items than this are assembled in full: patching pays off for a few. */
const maxPatched = 32;

/**
 * The last bundle with a few edited questions put in, when nothing else can
 * have changed; `undefined` when a full assembly is needed.
 *
 * @param last The last bundle assembled with this memo.
 * @param compiled Every item of the bank, in the order of the last call.
 * @param options Bank name, version, content root, taxonomy, previous release, profile.
 * @param memo What the last calls made.
 * @returns The patched bundle, or `undefined`.
 */
export function patchBundle(
  last: LastAssembly,
  compiled: readonly CompiledItem[],
  options: CompileOptions,
  memo: AssemblyMemo,
): Bundle | undefined {
  const edited = editedQuestions(last, compiled, options);
  if (!edited) return undefined;
  if (!edited.length) {
    memo.last = { ...last, compiled: [...compiled], options };
    return last.bundle;
  }
  const previous = last.bundle.manifest;
  const { items, chunks, sameChanges } = putEdits(last, compiled, options, memo, edited);
  const files = new Map(last.bundle.files);
  const entries = new Map<string, ManifestFile>();
  for (const [chunk, parts] of chunks) {
    const { content, entry } = storeChunk(memo, chunk, parts);
    files.set(chunk, content);
    entries.set(chunk, entry);
  }
  let changelog = last.bundle.changelog;
  if (!sameChanges) {
    changelog = diffManifests(options.previous, { bank: previous.bank, items, tombstones: previous.tombstones });
    const bytes = changelogBytes(memo, changelog);
    files.set('changelog.json', bytes);
    entries.set('changelog.json', fileEntry('changelog.json', bytes));
  }
  const manifest = { ...previous, items, files: previous.files.map((file) => entries.get(file.path) ?? file) };
  files.set('manifest.json', manifestBytes(memo, manifest));
  const bundle = { manifest, files, changelog };
  memo.last = { ...last, compiled: [...compiled], options, bundle };
  return bundle;
}

/**
 * The indexes of the items edited in a way the bundle shows, when each can be
 * patched in; `undefined` when a full assembly is needed (other options, other
 * items, too many changes or a change beyond a question's own record).
 */
function editedQuestions(
  last: LastAssembly,
  compiled: readonly CompiledItem[],
  options: CompileOptions,
): number[] | undefined {
  if (compiled.length !== last.compiled.length || !sameOptions(last.options, options)) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < compiled.length; i++) {
    if (compiled[i] !== last.compiled[i] && changed.push(i) > maxPatched) return undefined;
  }
  // A draft or an item in review edited and still not published or retired is not in the bundle.
  const edited = changed.filter((i) => !(inert(last.compiled[i]!) && inert(compiled[i]!)));
  if (!edited.every((i) => patchable(last, last.compiled[i]!, compiled[i]!))) return undefined;
  return edited;
}

/**
 * Each edited question's new record put in its place: the manifest's items
 * with their new entries, the chunks that changed with their new parts, and
 * whether every change class stayed the same (then the changelog does too).
 * The slots of `last` move to the new compiled items.
 */
function putEdits(
  last: LastAssembly,
  compiled: readonly CompiledItem[],
  options: CompileOptions,
  memo: AssemblyMemo,
  edited: readonly number[],
): { items: ManifestItem[]; chunks: Map<string, RecordBytes[]>; sameChanges: boolean } {
  const profile = options.profile ?? 'standard';
  const items = last.bundle.manifest.items.slice();
  const chunks = new Map<string, RecordBytes[]>();
  const partsOf = (chunk: string) => {
    let parts = chunks.get(chunk);
    if (!parts) chunks.set(chunk, (parts = [...memo.chunks.get(chunk)!.parts]));
    return parts;
  };
  let sameChanges = true;
  for (const i of edited) {
    const [before, after] = [last.compiled[i]!, compiled[i]!];
    const slot = last.slots.get(before)!;
    const { question, prepared } = questionRecord(memo, after, last.published);
    const revision = nextRevision(last.previousItems.get(question.id), question.hash);
    const placement = placementOf(memo, question, profile, revision, prepared, after.readability);
    partsOf(placement.chunk)[slot.chunkAt] = placement.json;
    if (placement.answer) partsOf(placement.answer.chunk)[slot.answerAt] = placement.answer.json;
    const at = indexOfId(items, question.id);
    const old = last.previousItems.get(question.id);
    sameChanges &&= sameChange(itemChange(old, items[at]!), itemChange(old, placement.entry));
    items[at] = placement.entry;
    last.slots.delete(before);
    last.slots.set(after, { ...slot, record: question, placement });
  }
  return { items, chunks, sameChanges };
}

/** Whether two calls describe the same bank and release (the previous release as the same object). */
function sameOptions(a: CompileOptions, b: CompileOptions): boolean {
  return (
    a.name === b.name &&
    a.version === b.version &&
    a.contentRoot === b.contentRoot &&
    a.taxonomy === b.taxonomy &&
    a.previous === b.previous &&
    a.glossary === b.glossary &&
    (a.sourceCommit ?? null) === (b.sourceCommit ?? null) &&
    (a.buildTime ?? null) === (b.buildTime ?? null) &&
    (a.profile ?? 'standard') === (b.profile ?? 'standard')
  );
}

/**
 * Whether an edit leaves everything but the question's own record, chunk and
 * manifest entry as it was: still a published question with the same id, in
 * the same chunk, linking the same notes (backlinks), counted under the same
 * taxonomy values and showing the same images.
 */
function patchable(last: LastAssembly, before: CompiledItem, after: CompiledItem): boolean {
  const [a, b] = [before.body, after.body];
  return (
    last.slots.has(before) &&
    after.status === 'published' &&
    after.id === before.id &&
    a?.type === 'question' &&
    b?.type === 'question' &&
    a.system === b.system &&
    a.competency === b.competency &&
    sameStrings(a.notes, b.notes) &&
    sameStrings(a.disciplines, b.disciplines) &&
    sameStrings(a.tags, b.tags) &&
    JSON.stringify(before.assets) === JSON.stringify(after.assets)
  );
}

/** An item the bundle leaves out altogether (neither published nor retired: no record, no tombstone). */
function inert(item: CompiledItem): boolean {
  return item.status !== 'published' && item.status !== 'retired';
}

/** Whether two lists hold the same strings in the same order. */
function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Whether two change classes of an item are the same. */
function sameChange(a: ItemChange | null, b: ItemChange | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The index of an id in items sorted by id (it is there). */
function indexOfId(items: readonly ManifestItem[], id: string): number {
  let [low, high] = [0, items.length - 1];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (items[middle]!.id < id) low = middle + 1;
    else high = middle;
  }
  return low;
}
