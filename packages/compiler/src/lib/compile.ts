import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson, sha256 } from '@qbank/core';
import type { Taxonomy } from '@qbank/taxonomy';
import type { BankReport, CheckedItem, CheckedNote, CheckedQuestion } from '@qbank/validate';
import { imageSize } from 'image-size';
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { fileEntry } from './files.js';
import {
  bundleFormatVersion,
  type Bundle,
  type BundleAnswer,
  type BundleManifest,
  type BundleNote,
  type BundleProfile,
  type BundleQuestion,
  type CompiledAsset,
  type CompiledItem,
  type ManifestAsset,
  type ManifestFile,
  type NoteBody,
  type QuestionBody,
  type ManifestItem,
  type PreparedRecord,
} from './model.js';
import { noteBlocks, noteCards } from './blocks.js';
import { studyOrder } from './curriculum.js';
import { renderBlocks, renderInline } from './render.js';
import { diffManifests, nextRevision, tombstonesFor, type ItemChange } from './release.js';
import { createTaxonomyMemo, manifestTaxonomy, type TaxonomyMemo } from './taxonomy.js';

/** What the bundle says about the bank, besides its items. */
export interface CompileOptions {
  /** Bank name. */
  name: string;
  /** Content version. */
  version: string;
  /** Absolute content root (source paths are recorded relative to it). */
  contentRoot: string;
  /** The taxonomy the bank is tagged against. */
  taxonomy: Taxonomy;
  /** The previous release's manifest: revisions continue from it and its tombstones carry over. */
  previous?: BundleManifest | undefined;
  /** Git commit of the sources. */
  sourceCommit?: string | null | undefined;
  /** Build time, ISO 8601 (from SOURCE_DATE_EPOCH or the commit time; never the clock). */
  buildTime?: string | null | undefined;
  /** `exam` puts answers, rationales and explanations in separate files. */
  profile?: BundleProfile | undefined;
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const mediaTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.avif': 'image/avif',
};

function relativeSource(contentRoot: string, file: string): string {
  return path.relative(contentRoot, file).split(path.sep).join('/');
}

/** Add the content hash: of everything but the source path, so moving a file is no change. */
function withHash<T extends { source: string }>(item: T): T & { hash: string } {
  const { source: _source, ...content } = item;
  return { ...item, hash: sha256(canonicalJson(content)) };
}

interface ImageInfo {
  key: string;
  path: string;
  mediaType: string;
  width: number | null;
  height: number | null;
}

// Hashing an image once per process is enough while its size and mtime stay the same.
const images = new Map<string, ImageInfo>();

function imageInfo(file: string): ImageInfo {
  const stat = statSync(file);
  const key = `${stat.size}:${stat.mtimeMs}`;
  const known = images.get(file);
  if (known?.key === key) return known;
  const bytes = readFileSync(file);
  const extension = path.extname(file).toLowerCase();
  let size: { width?: number; height?: number } = {};
  try {
    size = imageSize(bytes);
  } catch {
    // Unknown or damaged format: dimensions stay null.
  }
  const info = {
    key,
    path: `assets/${sha256(bytes).slice(0, 16)}${extension}`,
    mediaType: mediaTypes[extension] ?? 'application/octet-stream',
    width: size.width ?? null,
    height: size.height ?? null,
  };
  images.set(file, info);
  return info;
}

/** Point the item's images at their content-hashed bundle paths. */
function compileAssets(item: CheckedItem): CompiledAsset[] {
  return item.assets.map((asset) => {
    const { key: _key, ...info } = imageInfo(asset.path);
    asset.setUrl(info.path);
    return { ...info, source: asset.path, alt: asset.alt };
  });
}

/** Every image once, with all the alt texts it is used with; the bytes go to `files`. */
function collectAssets(items: readonly CompiledItem[], files: Map<string, Uint8Array>): ManifestAsset[] {
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

function compileQuestion(q: CheckedQuestion, contentRoot: string): QuestionBody {
  const section = (key: string): RootContent[] | undefined => q.parsed.sections.find((s) => s.key === key)?.content;
  const answerIndex = q.parsed.choices.findIndex((c) => c.checked === true);
  const objective = section('objective');
  const references = section('references');
  return {
    id: q.data.id,
    type: 'question' as const,
    source: relativeSource(contentRoot, q.parsed.file.path),
    disciplines: q.tags.disciplines,
    system: q.tags.system,
    secondarySystems: q.tags.secondarySystems,
    competency: q.tags.competency,
    difficulty: q.data.difficulty ?? null,
    tags: q.data.tags ?? [],
    notes: q.data.notes ?? [],
    authors: q.data.authors ?? [],
    stem: renderBlocks(q.parsed.stem),
    leadIn: q.parsed.leadIn ? renderBlocks([q.parsed.leadIn]) : '',
    choices: q.parsed.choices.map((choice, index) => ({
      letter: letters[index]!,
      html: renderInline(choice.label),
      text: toString({ type: 'paragraph', children: choice.label }).trim(),
      rationale: choice.rationale.length ? renderBlocks(choice.rationale) : null,
    })),
    answer: letters[answerIndex]!,
    explanation: renderBlocks(section('explanation') ?? []),
    objective: objective ? renderBlocks(objective) : null,
    references: references ? renderBlocks(references) : null,
  };
}

function compileNote(n: CheckedNote, contentRoot: string): NoteBody {
  return {
    id: n.data.id,
    type: 'note' as const,
    source: relativeSource(contentRoot, n.parsed.file.path),
    title: n.data.title,
    disciplines: n.tags.disciplines,
    systems: n.tags.systems,
    level: n.data.level ?? null,
    prerequisites: n.data.prerequisites ?? [],
    tags: n.data.tags ?? [],
    questions: [],
    html: renderBlocks(n.parsed.body),
    blocks: noteBlocks(n.parsed.body, n.data.id),
    cards: noteCards(n.parsed.body, n.data.id),
  };
}

/**
 * Compile one checked item on its own: render its HTML, typed blocks and
 * cards, and name its images by content hash. Only published items get a
 * body. What depends on other items (links to unpublished notes, backlinks,
 * revisions, the content hash) is left to `assembleBundle`. The result is
 * plain data, so it can be cached and sent between threads.
 *
 * @param item A checked item without errors.
 * @param contentRoot Absolute content root (source paths are recorded relative to it).
 * @returns The compiled item.
 */
export function compileItem(item: CheckedItem, contentRoot: string): CompiledItem {
  const status = item.data.status;
  if (status !== 'published') return { id: item.data.id, kind: item.kind, status, body: null, assets: [] };
  const assets = compileAssets(item);
  if (item.kind === 'note')
    return { id: item.data.id, kind: item.kind, status, body: compileNote(item, contentRoot), assets };
  const body = compileQuestion(item, contentRoot);
  const record = withHash(body);
  const prepared = { hash: record.hash, keyHash: keyHashOf(record), json: serialiseText(record) };
  return { id: item.data.id, kind: item.kind, status, body, assets, record: prepared };
}

/** What a learner's recorded answer depends on: the options in order and the key. */
function keyHashOf(question: BundleQuestion): string {
  return sha256(canonicalJson({ answer: question.answer, choices: question.choices.map((c) => c.text) }));
}

/** Split a question into what an exam-mode front end may show and what it keeps back. */
function splitAnswer(question: BundleQuestion): { shown: object; answer: BundleAnswer } {
  const { answer, explanation, objective, references, choices, ...rest } = question;
  return {
    shown: { ...rest, choices: choices.map(({ rationale: _rationale, ...choice }) => choice) },
    answer: {
      id: question.id,
      answer,
      rationales: Object.fromEntries(choices.map((c) => [c.letter, c.rationale])),
      explanation,
      objective,
      references,
    },
  };
}

/**
 * Compile the published items of a validated bank into a bundle in memory.
 * Drafts and items in review are left out; retired items leave a tombstone.
 * The output depends only on the sources (and the previous release): no
 * clock, keys and files sorted.
 *
 * @param report The result of `validateBank` (must have no errors).
 * @param options Bank name, version, content root, taxonomy, previous release, profile.
 * @returns The bundle's files and manifest.
 */
export function compileBundle(report: BankReport, options: CompileOptions): Bundle {
  if (report.hasErrors) throw new Error('Cannot compile a bank with errors');
  return assembleBundle(
    report.items.map((item) => compileItem(item, options.contentRoot)),
    options,
  );
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

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
 * What `assembleBundle` keeps between calls on a bank that changes a little
 * at a time (watch mode): each item's hashed record, its place in the bundle
 * and serialised forms, and each chunk's bytes. Items are matched by
 * identity, so the compiled items of unchanged files must be the same
 * objects from call to call.
 */
export interface AssemblyMemo {
  /** Per compiled body: what it took from the bank (`key`, under the published notes `published`), and its record. */
  items: WeakMap<object, { key: string; published: string; item: BundleQuestion | BundleNote }>;
  /** Per record: where it goes and in what form. */
  placements: WeakMap<object, Placement>;
  /** Per chunk path: its items' serialised forms, its bytes and manifest entry. */
  chunks: Map<string, { parts: Uint8Array[]; bytes: Uint8Array; entry: ManifestFile }>;
  /** Changelog entries by their plain JSON: their indented canonical form, UTF-8. */
  entries: Map<string, Uint8Array>;
  /** Manifest entries (kept by `placements`): their indented canonical form, UTF-8. */
  indexTexts: WeakMap<object, Uint8Array>;
  /** Per item record: the taxonomy values it is counted under. */
  taxonomy: TaxonomyMemo;
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
function recordOf<T extends BundleQuestion | BundleNote>(
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

function serialiseText(value: object): string {
  return canonicalJson(value).slice(0, -1);
}

function serialise(value: object): Uint8Array {
  return Buffer.from(serialiseText(value));
}

/** Where a record goes, made once per record (and profile). */
function placementOf(
  memo: AssemblyMemo,
  record: BundleQuestion | BundleNote,
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
      facts = {
        keyHash: prepared?.keyHash ?? keyHashOf(record),
        disciplines: record.disciplines,
        systems: [record.system, ...record.secondarySystems],
        competency: record.competency,
        difficulty: record.difficulty,
      };
      if (profile === 'exam') {
        const split = splitAnswer(record);
        json = serialise(split.shown);
        answer = { chunk: `answers/${record.system}.json`, json: serialise(split.answer) };
      } else {
        json = prepared ? Buffer.from(prepared.json) : serialise(record);
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

/** Parts joined by a separator, between a head and a tail, as one buffer (no big string on the way). */
function joined(head: string, parts: readonly Uint8Array[], separator: Uint8Array, tail: string): Uint8Array {
  const list: Uint8Array[] = [Buffer.from(head)];
  parts.forEach((part, i) => {
    if (i) list.push(separator);
    list.push(part);
  });
  list.push(Buffer.from(tail));
  return Buffer.concat(list);
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
    ? joined(`${head}[\n    `, texts, entrySeparator, `\n  ]${tail}`)
    : Buffer.from(`${head}[]${tail}`);
}

/**
 * Assemble a bundle from items compiled one by one (`compileItem`): drop
 * links to notes that are not published, add backlinks and content hashes,
 * continue revisions from the previous release, and write the chunks,
 * changelog, curriculum and manifest.
 *
 * @param compiled Every item of the bank (any status), in any order.
 * @param options Bank name, version, content root, taxonomy, previous release, profile.
 * @returns The bundle's files and manifest.
 */
export function assembleBundle(
  compiled: readonly CompiledItem[],
  options: CompileOptions,
  memo: AssemblyMemo = createAssemblyMemo(),
): Bundle {
  const profile = options.profile ?? 'standard';
  const sorted = [...compiled].sort(byId);
  const published = sorted.filter((item) => item.status === 'published' && item.body);
  const noteBodies = published.flatMap((i) => (i.body?.type === 'note' ? [i.body] : []));
  const publishedNotes = new Set(noteBodies.map((n) => n.id));
  const questionItems = published.filter((i) => i.body?.type === 'question');
  const questionBodies = questionItems.map((i) => i.body as QuestionBody);
  const backlinks = new Map<string, string[]>();
  for (const q of questionBodies) {
    for (const id of q.notes) {
      const list = backlinks.get(id);
      if (list) list.push(q.id);
      else backlinks.set(id, [q.id]);
    }
  }
  // What each item takes from the rest of the bank decides whether the memo's copy still holds.
  const publishedIds = noteBodies.map((n) => n.id).join('\n');
  // A record that keeps the body's own `notes` array links only published notes: what was
  // prepared when the item was compiled holds for it.
  const prepared = new Map<BundleQuestion, PreparedRecord>();
  const questions = questionItems.map(({ body, record }) => {
    const q = body as QuestionBody;
    const question = recordOf(
      memo,
      q,
      publishedIds,
      () => q.notes.filter((id) => publishedNotes.has(id)).join('\n'),
      () => {
        const notes = q.notes.filter((id) => publishedNotes.has(id));
        return record && notes.length === q.notes.length ? { ...q, hash: record.hash } : withHash({ ...q, notes });
      },
    );
    if (record && question.notes === q.notes && question.hash === record.hash) prepared.set(question, record);
    return question;
  });
  const notes = noteBodies.map((n) => {
    const prerequisites = n.prerequisites.filter((id) => publishedNotes.has(id));
    const questions = backlinks.get(n.id) ?? [];
    const key = `${prerequisites.join('\n')}\t${questions.join('\n')}`;
    // Backlinks change with any question: the key is compared every time.
    return recordOf(
      memo,
      n,
      `${publishedIds}\t${key}`,
      () => key,
      () => withHash({ ...n, prerequisites, questions }),
    );
  });
  const files = new Map<string, Uint8Array>();
  const assets = collectAssets(published, files);
  const previousItems = new Map((options.previous?.items ?? []).map((i) => [i.id, i]));

  // Chunks are joined from each record's serialised form, so a record serialises once per change.
  const chunks = new Map<string, Uint8Array[]>();
  const index: ManifestItem[] = [];
  const push = (chunk: string, json: Uint8Array) => {
    const list = chunks.get(chunk);
    if (list) list.push(json);
    else chunks.set(chunk, [json]);
  };
  for (const record of [...questions, ...notes]) {
    const revision = nextRevision(previousItems.get(record.id), record.hash);
    const placement = placementOf(memo, record, profile, revision, prepared.get(record as BundleQuestion));
    push(placement.chunk, placement.json);
    if (placement.answer) push(placement.answer.chunk, placement.answer.json);
    index.push(placement.entry);
  }
  const entries = new Map<string, ManifestFile>();
  for (const [chunk, parts] of chunks) {
    const known = memo.chunks.get(chunk);
    if (known && known.parts.length === parts.length && known.parts.every((part, i) => part === parts[i])) {
      files.set(chunk, known.bytes);
      entries.set(chunk, known.entry);
      continue;
    }
    // The same bytes as canonicalJson({ items }): compact, keys sorted, a final newline.
    const bytes = joined('{"items":[', parts, itemSeparator, ']}\n');
    const entry = fileEntry(chunk, bytes);
    memo.chunks.set(chunk, { parts, bytes, entry });
    files.set(chunk, bytes);
    entries.set(chunk, entry);
  }

  const retired = sorted.filter((i) => i.status === 'retired').map((i) => i.id);
  const items = index.sort(byId);
  const tombstones = tombstonesFor(options.previous, index, new Set(retired), options.version);
  const bank = { name: options.name, version: options.version };
  const changelog = diffManifests(options.previous, { bank, items, tombstones });
  files.set(
    'changelog.json',
    prettyJson(memo, changelog, 'changes', {
      // Every field of an ItemChange.
      keyOf: (c: ItemChange) => `${c.id}\t${c.type}\t${c.change}\t${c.fromRevision}\t${c.toRevision}`,
    }),
  );
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
  files.set('manifest.json', prettyJson(memo, manifest, 'items', { byObject: memo.indexTexts }));
  return { manifest, files, changelog };
}
