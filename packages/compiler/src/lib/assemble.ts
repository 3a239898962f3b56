import { readFileSync } from 'node:fs';
import { canonicalJson } from '@qbank/core';
import type { CompileOptions } from './compile.js';
import { studyOrder } from './curriculum.js';
import { fileEntry } from './files.js';
import {
  bundleFormatVersion,
  type Bundle,
  type BundleFileContent,
  type BundleManifest,
  type BundleNote,
  type BundleProfile,
  type BundleQuestion,
  type CompiledItem,
  type ManifestAsset,
  type ManifestFile,
  type ManifestItem,
  type NoteBody,
  type PreparedRecord,
  type QuestionSummary,
} from './model.js';
import { keyHashOf, parseRecord, serialise, splitAnswer, wholeQuestion, withHash } from './record.js';
import { diffManifests, itemChange, nextRevision, tombstonesFor, type ItemChange } from './release.js';
import { createTaxonomyMemo, manifestTaxonomy, type TaxonomyMemo } from './taxonomy.js';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every image once, with all the alt texts it is used with; the bytes go to `files`. */
function collectAssets(items: readonly CompiledItem[], files: Map<string, BundleFileContent>): ManifestAsset[] {
  const byPath = new Map<string, ManifestAsset>();
  for (const item of items) {
    for (const asset of item.assets) {
      let entry = byPath.get(asset.path);
      if (!entry) {
        const { source, alt: _alt, ...rest } = asset;
        entry = { ...rest, alt: [] };
        byPath.set(asset.path, entry);
        files.set(asset.path, readFileSync(source));
      }
      if (asset.alt && !entry.alt.includes(asset.alt)) entry.alt.push(asset.alt);
    }
  }
  return [...byPath.values()].map((a) => ({ ...a, alt: [...a.alt].sort() })).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * Where one item record goes in a bundle: its chunk, its serialised form
 * there, and its manifest entry (kept while its revision is the same).
 */
interface Placement {
  /** The profile it was made for. */
  profile: BundleProfile;
  /** Chunk path. */
  chunk: string;
  /** The record as its chunk holds it, UTF-8. */
  json: Uint8Array;
  /** Exam profile: the answer part's chunk and serialised form. */
  answer: { chunk: string; json: Uint8Array } | null;
  /** Its manifest entry for the last revision asked for. */
  entry: ManifestItem;
}

/**
 * A question's record in assembly: whole, or its summary with its hash when
 * the record prepared at compile time (`CompiledItem.record`) holds the rest.
 */
type QuestionRecord = BundleQuestion | (QuestionSummary & { hash: string });

/** The published notes, by id, and their ids joined (what a record's links are filtered by). */
interface PublishedNotes {
  ids: ReadonlySet<string>;
  joined: string;
}

/** A published question in the last bundle: its record, placement and places in its chunks. */
interface QuestionSlot {
  record: QuestionRecord;
  placement: Placement;
  /** Index of its record among its chunk's parts. */
  chunkAt: number;
  /** Exam profile: index of its answer part among the answer chunk's parts. */
  answerAt: number;
}

/** The last bundle assembled, and what patching it for a few edited questions needs. */
interface LastAssembly {
  /** The compiled items it was made from, in the order given. */
  compiled: readonly CompiledItem[];
  options: CompileOptions;
  bundle: Bundle;
  published: PublishedNotes;
  /** Per compiled published question. */
  slots: Map<CompiledItem, QuestionSlot>;
  /** The previous release's items by id. */
  previousItems: ReadonlyMap<string, ManifestItem>;
}

/**
 * What `assembleBundle` keeps between calls on a bank that changes a little
 * at a time (watch mode): each item's hashed record, its place in the bundle
 * and serialised forms, each chunk's bytes, and the last bundle. Items are
 * matched by identity, so the compiled items of unchanged files must be the
 * same objects from call to call.
 */
export interface AssemblyMemo {
  /** Per compiled body: what it took from the bank (`key`, under the published notes `published`), and its record. */
  items: WeakMap<object, { key: string; published: string; item: QuestionRecord | BundleNote }>;
  /** Per record: where it goes and in what form. */
  placements: WeakMap<object, Placement>;
  /** Per chunk path: its items' serialised forms, its content (those and separators) and manifest entry. */
  chunks: Map<string, { parts: Uint8Array[]; content: readonly Uint8Array[]; entry: ManifestFile }>;
  /** Changelog entries by their plain JSON: their indented canonical form, UTF-8. */
  entries: Map<string, Uint8Array>;
  /** Manifest entries (kept by `placements`): their indented canonical form, UTF-8. */
  indexTexts: WeakMap<object, Uint8Array>;
  /** Per item record: the taxonomy values it is counted under. */
  taxonomy: TaxonomyMemo;
  /** The last bundle made with this memo. */
  last?: LastAssembly | undefined;
}

/**
 * An empty memo for `assembleBundle`.
 *
 * @returns A memo to pass to every call.
 */
export function createAssemblyMemo(): AssemblyMemo {
  return {
    items: new WeakMap(),
    placements: new WeakMap(),
    chunks: new Map(),
    entries: new Map(),
    indexTexts: new WeakMap(),
    taxonomy: createTaxonomyMemo(),
  };
}

/**
 * The record of a compiled body: its links to notes that are not published
 * dropped, its content hash added. The filter runs again only when the
 * published notes (`published`, their ids joined) change.
 */
function recordOf<T extends QuestionRecord | BundleNote>(
  memo: AssemblyMemo,
  body: object,
  published: string,
  keyOf: () => string,
  make: () => T,
): T {
  const known = memo.items.get(body);
  if (known?.published === published) return known.item as T;
  const key = keyOf();
  if (known?.key === key) {
    known.published = published;
    return known.item as T;
  }
  const item = make();
  memo.items.set(body, { key, published, item });
  return item;
}

/**
 * A published question's record, and the record prepared when it was compiled
 * when that still holds: its `notes` are the body's own (every linked note is
 * published). Otherwise the record is made from the whole body.
 */
function questionRecord(
  memo: AssemblyMemo,
  item: CompiledItem,
  published: PublishedNotes,
): { question: QuestionRecord; prepared: PreparedRecord | undefined } {
  const { record } = item;
  const q = item.body as QuestionSummary;
  const question = recordOf<QuestionRecord>(
    memo,
    q,
    published.joined,
    () => q.notes.filter((id) => published.ids.has(id)).join('\n'),
    () => {
      const notes = q.notes.filter((id) => published.ids.has(id));
      if (record && notes.length === q.notes.length) return { ...q, hash: record.hash };
      return withHash({ ...wholeQuestion(item), notes });
    },
  );
  const prepared = record && question.notes === q.notes && question.hash === record.hash ? record : undefined;
  return { question, prepared };
}

/** Where a record goes, made once per record (and profile). */
function placementOf(
  memo: AssemblyMemo,
  record: QuestionRecord | BundleNote,
  profile: BundleProfile,
  revision: number,
  prepared: PreparedRecord | undefined,
): Placement {
  let placement = memo.placements.get(record);
  if (placement?.profile !== profile) {
    let chunk: string;
    let json: Uint8Array;
    let answer: Placement['answer'] = null;
    let facts: Omit<ManifestItem, 'id' | 'type' | 'chunk' | 'hash' | 'revision'>;
    if (record.type === 'question') {
      chunk = `questions/${record.system}.json`;
      // Without a prepared record, the record was made whole from the body.
      const whole = () => (prepared ? parseRecord(prepared.json) : (record as BundleQuestion));
      facts = {
        keyHash: prepared?.keyHash ?? keyHashOf(whole()),
        disciplines: record.disciplines,
        systems: [record.system, ...record.secondarySystems],
        competency: record.competency,
        difficulty: record.difficulty,
      };
      if (profile === 'exam') {
        const split = splitAnswer(whole());
        json = serialise(split.shown);
        answer = { chunk: `answers/${record.system}.json`, json: serialise(split.answer) };
      } else {
        json = prepared ? prepared.json : serialise(whole());
      }
    } else {
      chunk = `notes/${record.systems[0]}.json`;
      facts = {
        keyHash: null,
        disciplines: record.disciplines,
        systems: record.systems,
        competency: null,
        difficulty: null,
      };
      json = serialise(record);
    }
    const entry = { id: record.id, type: record.type, chunk, hash: record.hash, revision, ...facts };
    placement = { profile, chunk, json, answer, entry };
    memo.placements.set(record, placement);
  } else if (placement.entry.revision !== revision) {
    placement.entry = { ...placement.entry, revision };
  }
  return placement;
}

const placeholder = '\u0000qbank-array\u0000';
const entrySeparator = Buffer.from(',\n    ');
const itemSeparator = Buffer.from(',');

/** Parts with a separator between each two, after a head and before a tail: the pieces of one file. */
function separated(
  head: Uint8Array,
  parts: readonly Uint8Array[],
  separator: Uint8Array,
  tail: Uint8Array,
): Uint8Array[] {
  const pieces: Uint8Array[] = [head];
  parts.forEach((part, i) => {
    if (i) pieces.push(separator);
    pieces.push(part);
  });
  pieces.push(tail);
  return pieces;
}

const chunkHead = Buffer.from('{"items":[');
const chunkTail = Buffer.from(']}\n');

/**
 * A chunk's content: the bytes of canonicalJson({ items }) of its records
 * (compact, keys sorted, a final newline) as the pieces they are made of,
 * their serialised forms and the separators, never joined into one buffer
 * (a chunk is hashed and written from its pieces).
 */
function chunkContent(parts: readonly Uint8Array[]): Uint8Array[] {
  return separated(chunkHead, parts, itemSeparator, chunkTail);
}

/**
 * The UTF-8 bytes of `canonicalJson(value, 2)`, with the entries of its
 * largest array (`value[key]`, at depth 1) serialised one by one and
 * remembered: in watch mode only the entries that changed are serialised.
 * Entries are known by identity when they are kept objects (`byObject`), else
 * by `keyOf`, a text that differs whenever their content does.
 */
function prettyJson<T extends object>(
  memo: AssemblyMemo,
  value: T,
  key: keyof T & string,
  known: { byObject: WeakMap<object, Uint8Array> } | { keyOf: (entry: never) => string },
): Uint8Array {
  const entries = value[key] as unknown as object[];
  // An entry at depth 2 of a two-space indented document: its inner lines move in by four.
  const pretty = (entry: object) => Buffer.from(canonicalJson(entry, 2).slice(0, -1).replace(/\n/g, '\n    '));
  const texts = entries.map((entry) => {
    if ('byObject' in known) {
      let text = known.byObject.get(entry);
      if (text === undefined) known.byObject.set(entry, (text = pretty(entry)));
      return text;
    }
    const plain = known.keyOf(entry as never);
    let text = memo.entries.get(plain);
    if (text === undefined) memo.entries.set(plain, (text = pretty(entry)));
    return text;
  });
  const [head, tail] = canonicalJson({ ...value, [key]: placeholder }, 2).split(JSON.stringify(placeholder)) as [
    string,
    string,
  ];
  return texts.length
    ? Buffer.concat(separated(Buffer.from(`${head}[\n    `), texts, entrySeparator, Buffer.from(`\n  ]${tail}`)))
    : Buffer.from(`${head}[]${tail}`);
}

/** `changelog.json`: its entries serialised once per content. */
function changelogBytes(memo: AssemblyMemo, changelog: Bundle['changelog']): Uint8Array {
  return prettyJson(memo, changelog, 'changes', {
    // Every field of an ItemChange.
    keyOf: (c: ItemChange) => `${c.id}\t${c.type}\t${c.change}\t${c.fromRevision}\t${c.toRevision}`,
  });
}

/** `manifest.json`: its item entries serialised once per entry object. */
function manifestBytes(memo: AssemblyMemo, manifest: BundleManifest): Uint8Array {
  return prettyJson(memo, manifest, 'items', { byObject: memo.indexTexts });
}

/**
 * Assemble a bundle from items compiled one by one (`compileItem`): drop
 * links to notes that are not published, add backlinks and content hashes,
 * continue revisions from the previous release, and write the chunks,
 * changelog, curriculum and manifest.
 *
 * With a memo that made the last bundle, a call in which only a few
 * published questions changed in place (same id, system, notes, taxonomy
 * tags and images) patches that bundle: only their chunks, the manifest and,
 * when their change class moved, the changelog are made again. The bytes are
 * those a full assembly gives.
 *
 * @param compiled Every item of the bank (any status), in any order.
 * @param options Bank name, version, content root, taxonomy, previous release, profile.
 * @param memo What the last calls made (watch mode); none: everything is made afresh.
 * @returns The bundle's files and manifest. With a memo, the next call builds on them: treat them
 *   as read-only.
 */
export function assembleBundle(
  compiled: readonly CompiledItem[],
  options: CompileOptions,
  memo: AssemblyMemo = createAssemblyMemo(),
): Bundle {
  return (memo.last && patchBundle(memo.last, compiled, options, memo)) ?? fullBundle(compiled, options, memo);
}

/** Assemble every part of the bundle (from what the memo holds where it still applies). */
function fullBundle(compiled: readonly CompiledItem[], options: CompileOptions, memo: AssemblyMemo): Bundle {
  const lastJoined = memo.last?.published.joined;
  // Until this bundle is made, the memo's pieces may belong to neither it nor the last one.
  memo.last = undefined;
  const profile = options.profile ?? 'standard';
  const sorted = [...compiled].sort(byId);
  const published: CompiledItem[] = [];
  const questionItems: CompiledItem[] = [];
  const noteBodies: NoteBody[] = [];
  const retired: string[] = [];
  for (const item of sorted) {
    if (item.status === 'retired') retired.push(item.id);
    const body = item.status === 'published' ? item.body : null;
    if (!body) continue;
    published.push(item);
    if (body.type === 'question') questionItems.push(item);
    else noteBodies.push(body);
  }
  const backlinks = new Map<string, string[]>();
  for (const { body } of questionItems) {
    const q = body as QuestionSummary;
    for (const id of q.notes) {
      const list = backlinks.get(id);
      if (list) list.push(q.id);
      else backlinks.set(id, [q.id]);
    }
  }
  // What each item takes from the rest of the bank decides whether the memo's copy still holds.
  // The last joined ids are kept when they are the same, so that items compare them by identity.
  let joinedIds = noteBodies.map((n) => n.id).join('\n');
  if (joinedIds === lastJoined) joinedIds = lastJoined;
  const publishedNotes: PublishedNotes = { ids: new Set(noteBodies.map((n) => n.id)), joined: joinedIds };
  const slots = new Map<CompiledItem, QuestionSlot>();
  const prepared = new Map<QuestionRecord, PreparedRecord>();
  const questions = questionItems.map((item) => {
    const { question, prepared: record } = questionRecord(memo, item, publishedNotes);
    if (record) prepared.set(question, record);
    return question;
  });
  const notes = noteBodies.map((n) => {
    const prerequisites = n.prerequisites.filter((id) => publishedNotes.ids.has(id));
    const questions = backlinks.get(n.id) ?? [];
    const key = `${prerequisites.join('\n')}\t${questions.join('\n')}`;
    // Backlinks change with any question: the key is compared every time.
    return recordOf(
      memo,
      n,
      `${joinedIds}\t${key}`,
      () => key,
      () => withHash({ ...n, prerequisites, questions }),
    );
  });
  const files = new Map<string, BundleFileContent>();
  const assets = collectAssets(published, files);
  const previousItems = new Map((options.previous?.items ?? []).map((i) => [i.id, i]));

  // Chunks are made of each record's serialised form, so a record serialises once per change.
  const chunks = new Map<string, Uint8Array[]>();
  const index: ManifestItem[] = [];
  const push = (chunk: string, json: Uint8Array) => {
    const list = chunks.get(chunk);
    if (list) return list.push(json) - 1;
    chunks.set(chunk, [json]);
    return 0;
  };
  const place = (record: QuestionRecord | BundleNote, prepared?: PreparedRecord) => {
    const revision = nextRevision(previousItems.get(record.id), record.hash);
    const placement = placementOf(memo, record, profile, revision, prepared);
    const chunkAt = push(placement.chunk, placement.json);
    const answerAt = placement.answer ? push(placement.answer.chunk, placement.answer.json) : -1;
    index.push(placement.entry);
    return { placement, chunkAt, answerAt };
  };
  questions.forEach((record, i) => slots.set(questionItems[i]!, { record, ...place(record, prepared.get(record)) }));
  for (const record of notes) place(record);
  const entries = new Map<string, ManifestFile>();
  for (const [chunk, parts] of chunks) {
    const known = memo.chunks.get(chunk);
    if (known && known.parts.length === parts.length && known.parts.every((part, i) => part === parts[i])) {
      files.set(chunk, known.content);
      entries.set(chunk, known.entry);
      continue;
    }
    const content = chunkContent(parts);
    const entry = fileEntry(chunk, content);
    memo.chunks.set(chunk, { parts, content, entry });
    files.set(chunk, content);
    entries.set(chunk, entry);
  }

  const items = index.sort(byId);
  const tombstones = tombstonesFor(options.previous, index, new Set(retired), options.version);
  const bank = { name: options.name, version: options.version };
  const changelog = diffManifests(options.previous, { bank, items, tombstones });
  files.set('changelog.json', changelogBytes(memo, changelog));
  files.set('curriculum.json', Buffer.from(canonicalJson(studyOrder(notes), 2)));
  const manifest: BundleManifest = {
    bundleFormat: bundleFormatVersion,
    bank,
    sourceCommit: options.sourceCommit ?? null,
    buildTime: options.buildTime ?? null,
    profile,
    taxonomy: manifestTaxonomy(options.taxonomy, questions, notes, memo.taxonomy),
    counts: { questions: questions.length, notes: notes.length, assets: assets.length },
    items,
    assets,
    tombstones,
    files: [...files.keys()].sort().map((p) => entries.get(p) ?? fileEntry(p, files.get(p)!)),
  };
  files.set('manifest.json', manifestBytes(memo, manifest));
  const bundle = { manifest, files, changelog };
  memo.last = { compiled: [...compiled], options, bundle, published: publishedNotes, slots, previousItems };
  return bundle;
}

/** More changed items than this are assembled in full: patching pays off for a few. */
const maxPatched = 32;

/**
 * The last bundle with a few edited questions put in, when nothing else can
 * have changed; `undefined` when a full assembly is needed.
 */
function patchBundle(
  last: LastAssembly,
  compiled: readonly CompiledItem[],
  options: CompileOptions,
  memo: AssemblyMemo,
): Bundle | undefined {
  if (compiled.length !== last.compiled.length || !sameOptions(last.options, options)) return undefined;
  const changed: number[] = [];
  for (let i = 0; i < compiled.length; i++) {
    if (compiled[i] !== last.compiled[i] && changed.push(i) > maxPatched) return undefined;
  }
  // A draft or an item in review edited and still not published or retired is not in the bundle.
  const edited = changed.filter((i) => !(inert(last.compiled[i]!) && inert(compiled[i]!)));
  if (!edited.every((i) => patchable(last, last.compiled[i]!, compiled[i]!))) return undefined;
  if (!edited.length) {
    memo.last = { ...last, compiled: [...compiled], options };
    return last.bundle;
  }

  const profile = options.profile ?? 'standard';
  const previous = last.bundle.manifest;
  const items = previous.items.slice();
  const chunks = new Map<string, Uint8Array[]>();
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
    const placement = placementOf(memo, question, profile, revision, prepared);
    partsOf(placement.chunk)[slot.chunkAt] = placement.json;
    if (placement.answer) partsOf(placement.answer.chunk)[slot.answerAt] = placement.answer.json;
    const at = indexOfId(items, question.id);
    const old = last.previousItems.get(question.id);
    sameChanges &&= sameChange(itemChange(old, items[at]!), itemChange(old, placement.entry));
    items[at] = placement.entry;
    last.slots.delete(before);
    last.slots.set(after, { ...slot, record: question, placement });
  }
  const files = new Map(last.bundle.files);
  const entries = new Map<string, ManifestFile>();
  for (const [chunk, parts] of chunks) {
    const content = chunkContent(parts);
    const entry = fileEntry(chunk, content);
    memo.chunks.set(chunk, { parts, content, entry });
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

/** Whether two calls describe the same bank and release (the previous release as the same object). */
function sameOptions(a: CompileOptions, b: CompileOptions): boolean {
  return (
    a.name === b.name &&
    a.version === b.version &&
    a.contentRoot === b.contentRoot &&
    a.taxonomy === b.taxonomy &&
    a.previous === b.previous &&
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

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

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
