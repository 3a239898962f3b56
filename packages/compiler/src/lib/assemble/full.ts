import { readFileSync } from 'node:fs';
import { canonicalJson } from '@qbank/core';
import type { CompileOptions } from '../compile.js';
import { studyOrder } from '../curriculum.js';
import { bundleGlossary } from '../terms.js';
import { fileEntry } from '../files.js';
import {
  bundleFormatVersion,
  type Bundle,
  type BundleFileContent,
  type BundleManifest,
  type BundleNote,
  type BundleProfile,
  type CompiledItem,
  type ManifestAsset,
  type ManifestFile,
  type ManifestItem,
  type NoteBody,
  type PreparedRecord,
  type QuestionSummary,
  type RecordBytes,
} from '../model.js';
import { withHash } from '../record.js';
import { diffManifests, nextRevision, tombstonesFor } from '../release.js';
import { manifestTaxonomy } from '../taxonomy.js';
import type { AssemblyMemo, PublishedNotes, QuestionRecord, QuestionSlot } from './memo.js';
import { placementOf, questionRecord, recordOf } from './placement.js';
import { changelogBytes, manifestBytes, storeChunk } from './serialise.js';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Assemble every part of the bundle (from what the memo holds where it still
 * applies), and keep it in the memo as the last bundle.
 *
 * @param compiled Every item of the bank (any status), in any order.
 * @param options Bank name, version, content root, taxonomy, previous release, profile.
 * @param memo What the last calls made.
 * @returns The bundle.
 */
export function fullBundle(compiled: readonly CompiledItem[], options: CompileOptions, memo: AssemblyMemo): Bundle {
  const lastJoined = memo.last?.published.joined;
  // Until this bundle is made, the memo's pieces may belong to neither it nor the last one.
  memo.last = undefined;
  const profile = options.profile ?? 'standard';
  const { published, questionItems, noteBodies, retired } = partition(compiled);
  const publishedNotes = publishedNotesOf(noteBodies, lastJoined);
  const { questions, prepared, notes } = records(memo, questionItems, noteBodies, publishedNotes);
  const files = new Map<string, BundleFileContent>();
  const assets = collectAssets(published, files);
  const previousItems = new Map((options.previous?.items ?? []).map((i) => [i.id, i]));
  const placed = placeAll(memo, profile, previousItems, questionItems, questions, prepared, notes);
  const entries = chunkFiles(memo, placed.chunks, files);

  const items = placed.index.sort(byId);
  const tombstones = tombstonesFor(options.previous, placed.index, new Set(retired), options.version);
  const bank = { name: options.name, version: options.version };
  const changelog = diffManifests(options.previous, { bank, items, tombstones });
  files.set('changelog.json', changelogBytes(memo, changelog));
  files.set('curriculum.json', Buffer.from(canonicalJson(studyOrder(notes), 2)));
  if (options.glossary)
    files.set('glossary.json', Buffer.from(canonicalJson(bundleGlossary(options.glossary, publishedNotes.ids))));
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
  const { slots } = placed;
  memo.last = { compiled: [...compiled], options, bundle, published: publishedNotes, slots, previousItems };
  return bundle;
}

/** The items by id: the published ones, their questions, their notes' bodies, and the retired ids. */
function partition(compiled: readonly CompiledItem[]): {
  published: CompiledItem[];
  questionItems: CompiledItem[];
  noteBodies: NoteBody[];
  retired: string[];
} {
  const published: CompiledItem[] = [];
  const questionItems: CompiledItem[] = [];
  const noteBodies: NoteBody[] = [];
  const retired: string[] = [];
  for (const item of [...compiled].sort(byId)) {
    if (item.status === 'retired') retired.push(item.id);
    const body = item.status === 'published' ? item.body : null;
    if (!body) continue;
    published.push(item);
    if (body.type === 'question') questionItems.push(item);
    else noteBodies.push(body);
  }
  return { published, questionItems, noteBodies, retired };
}

/**
 * The published notes. What each item takes from the rest of the bank decides
 * whether the memo's copy still holds: the last joined ids are kept when they
 * are the same, so that items compare them by identity.
 */
function publishedNotesOf(noteBodies: readonly NoteBody[], lastJoined: string | undefined): PublishedNotes {
  let joined = noteBodies.map((n) => n.id).join('\n');
  if (joined === lastJoined) joined = lastJoined;
  return { ids: new Set(noteBodies.map((n) => n.id)), joined };
}

/** The ids of the questions that link each note. */
function backlinksOf(questionItems: readonly CompiledItem[]): Map<string, string[]> {
  const backlinks = new Map<string, string[]>();
  for (const { body } of questionItems) {
    const q = body as QuestionSummary;
    for (const id of q.notes) {
      const list = backlinks.get(id);
      if (list) list.push(q.id);
      else backlinks.set(id, [q.id]);
    }
  }
  return backlinks;
}

/** The records of the published questions (with the prepared ones that apply) and notes, in id order. */
function records(
  memo: AssemblyMemo,
  questionItems: readonly CompiledItem[],
  noteBodies: readonly NoteBody[],
  published: PublishedNotes,
): { questions: QuestionRecord[]; prepared: Map<QuestionRecord, PreparedRecord>; notes: BundleNote[] } {
  const backlinks = backlinksOf(questionItems);
  const prepared = new Map<QuestionRecord, PreparedRecord>();
  const questions = questionItems.map((item) => {
    const { question, prepared: record } = questionRecord(memo, item, published);
    if (record) prepared.set(question, record);
    return question;
  });
  const notes = noteBodies.map((n) => {
    const prerequisites = n.prerequisites.filter((id) => published.ids.has(id));
    const questions = backlinks.get(n.id) ?? [];
    const key = `${prerequisites.join('\n')}\t${questions.join('\n')}`;
    // Backlinks change with any question: the key is compared every time.
    return recordOf(
      memo,
      n,
      `${published.joined}\t${key}`,
      () => key,
      () => withHash({ ...n, prerequisites, questions }),
    );
  });
  return { questions, prepared, notes };
}

/**
 * Every record placed, questions then notes: each chunk's serialised records
 * in order, the manifest entries, and each question's slot. Chunks are made of
 * each record's serialised form, so a record serialises once per change.
 */
function placeAll(
  memo: AssemblyMemo,
  profile: BundleProfile,
  previousItems: ReadonlyMap<string, ManifestItem>,
  questionItems: readonly CompiledItem[],
  questions: readonly QuestionRecord[],
  prepared: ReadonlyMap<QuestionRecord, PreparedRecord>,
  notes: readonly BundleNote[],
): { chunks: Map<string, RecordBytes[]>; index: ManifestItem[]; slots: Map<CompiledItem, QuestionSlot> } {
  const chunks = new Map<string, RecordBytes[]>();
  const index: ManifestItem[] = [];
  const slots = new Map<CompiledItem, QuestionSlot>();
  const push = (chunk: string, json: RecordBytes) => {
    const list = chunks.get(chunk);
    if (list) return list.push(json) - 1;
    chunks.set(chunk, [json]);
    return 0;
  };
  const place = (record: QuestionRecord | BundleNote, prepared?: PreparedRecord, item?: CompiledItem) => {
    const revision = nextRevision(previousItems.get(record.id), record.hash);
    const placement = placementOf(memo, record, profile, revision, prepared, item?.readability);
    const chunkAt = push(placement.chunk, placement.json);
    const answerAt = placement.answer ? push(placement.answer.chunk, placement.answer.json) : -1;
    index.push(placement.entry);
    return { placement, chunkAt, answerAt };
  };
  questions.forEach((record, i) => {
    const item = questionItems[i]!;
    slots.set(item, { record, ...place(record, prepared.get(record), item) });
  });
  for (const record of notes) place(record);
  return { chunks, index, slots };
}

/** Each chunk into `files`, the memo's when its parts are the same; returns their manifest entries. */
function chunkFiles(
  memo: AssemblyMemo,
  chunks: ReadonlyMap<string, RecordBytes[]>,
  files: Map<string, BundleFileContent>,
): Map<string, ManifestFile> {
  const entries = new Map<string, ManifestFile>();
  for (const [chunk, parts] of chunks) {
    const known = memo.chunks.get(chunk);
    if (known && known.parts.length === parts.length && known.parts.every((part, i) => part === parts[i])) {
      files.set(chunk, known.content);
      entries.set(chunk, known.entry);
      continue;
    }
    const { content, entry } = storeChunk(memo, chunk, parts);
    files.set(chunk, content);
    entries.set(chunk, entry);
  }
  return entries;
}

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
