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
} from './model.js';
import { noteBlocks, noteCards } from './blocks.js';
import { studyOrder } from './curriculum.js';
import { renderBlocks, renderInline } from './render.js';
import { diffManifests, nextRevision, tombstonesFor, type ItemChange } from './release.js';
import { manifestTaxonomy, type TaxonomyMemo } from './taxonomy.js';

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
  const body = item.kind === 'question' ? compileQuestion(item, contentRoot) : compileNote(item, contentRoot);
  return { id: item.data.id, kind: item.kind, status, body, assets };
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
 * What `assembleBundle` keeps between calls on a bank that changes a little
 * at a time (watch mode): each item's hashed record and serialised form, and
 * each chunk's bytes. Items are matched by identity, so the compiled items
 * of unchanged files must be the same objects from call to call.
 */
export interface AssemblyMemo {
  /** Per compiled body: what it took from the bank, and the record made from it. */
  items: WeakMap<object, { key: string; item: BundleQuestion | BundleNote }>;
  /** Per stored record: its serialised form, UTF-8. */
  json: WeakMap<object, Uint8Array>;
  /** Per chunk path: its items' serialised forms, its bytes and manifest entry. */
  chunks: Map<string, { parts: Uint8Array[]; bytes: Uint8Array; entry: ManifestFile }>;
  /** Per question record: its key hash. */
  keyHashes: WeakMap<object, string>;
  /** Manifest and changelog entries by their plain JSON: their indented canonical form, UTF-8. */
  entries: Map<string, Uint8Array>;
  /** Per stored record: its manifest entry, reused while its chunk and revision hold. */
  index: WeakMap<object, ManifestItem>;
  /** Manifest entries (kept by `index`): their indented canonical form, UTF-8. */
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
    json: new WeakMap(),
    chunks: new Map(),
    keyHashes: new WeakMap(),
    entries: new Map(),
    index: new WeakMap(),
    indexTexts: new WeakMap(),
    taxonomy: new WeakMap(),
  };
}

function memoised<T extends BundleQuestion | BundleNote>(
  memo: AssemblyMemo,
  body: object,
  key: string,
  make: () => T,
): T {
  const known = memo.items.get(body);
  if (known?.key === key) return known.item as T;
  const item = make();
  memo.items.set(body, { key, item });
  return item;
}

function memoKeyHash(memo: AssemblyMemo, question: BundleQuestion): string {
  let keyHash = memo.keyHashes.get(question);
  if (keyHash === undefined) memo.keyHashes.set(question, (keyHash = keyHashOf(question)));
  return keyHash;
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

function serialised(memo: AssemblyMemo, stored: object): Uint8Array {
  let json = memo.json.get(stored);
  if (json === undefined) {
    json = Buffer.from(canonicalJson(stored).slice(0, -1));
    memo.json.set(stored, json);
  }
  return json;
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
  const questionBodies = published.flatMap((i) => (i.body?.type === 'question' ? [i.body] : []));
  const backlinks = new Map<string, string[]>();
  for (const q of questionBodies) {
    for (const id of q.notes) {
      const list = backlinks.get(id);
      if (list) list.push(q.id);
      else backlinks.set(id, [q.id]);
    }
  }
  // What each item takes from the rest of the bank decides whether the memo's copy still holds.
  const questions = questionBodies.map((q) => {
    const notes = q.notes.filter((id) => publishedNotes.has(id));
    return memoised(memo, q, notes.join('\n'), () => withHash({ ...q, notes }));
  });
  const notes = noteBodies.map((n) => {
    const prerequisites = n.prerequisites.filter((id) => publishedNotes.has(id));
    const questions = backlinks.get(n.id) ?? [];
    return memoised(memo, n, `${prerequisites.join('\n')}\t${questions.join('\n')}`, () =>
      withHash({ ...n, prerequisites, questions }),
    );
  });
  const files = new Map<string, Uint8Array>();
  const assets = collectAssets(published, files);
  const previousItems = new Map((options.previous?.items ?? []).map((i) => [i.id, i]));

  // Chunks are built from each item's serialised form, so an item serialises once per change.
  const chunks = new Map<string, Uint8Array[]>();
  const index: ManifestItem[] = [];
  const push = (chunk: string, stored: object) => {
    const json = serialised(memo, stored);
    const list = chunks.get(chunk);
    if (list) list.push(json);
    else chunks.set(chunk, [json]);
  };
  const add = (
    chunk: string,
    stored: object,
    item: BundleQuestion | BundleNote,
    entry: Omit<ManifestItem, 'chunk' | 'hash' | 'id' | 'type' | 'revision'>,
  ) => {
    push(chunk, stored);
    const revision = nextRevision(previousItems.get(item.id), item.hash);
    // The entry object is kept while the record, its chunk and revision are: its text then is too.
    let kept = memo.index.get(item);
    if (kept?.chunk !== chunk || kept.revision !== revision) {
      kept = { id: item.id, type: item.type, chunk, hash: item.hash, revision, ...entry };
      memo.index.set(item, kept);
    }
    index.push(kept);
  };
  for (const question of questions) {
    const entry = {
      keyHash: memoKeyHash(memo, question),
      disciplines: question.disciplines,
      systems: [question.system, ...question.secondarySystems],
      competency: question.competency,
      difficulty: question.difficulty,
    };
    if (profile === 'exam') {
      const { shown, answer } = splitAnswer(question);
      add(`questions/${question.system}.json`, shown, question, entry);
      push(`answers/${question.system}.json`, answer);
    } else {
      add(`questions/${question.system}.json`, question, question, entry);
    }
  }
  for (const note of notes) {
    add(`notes/${note.systems[0]}.json`, note, note, {
      keyHash: null,
      disciplines: note.disciplines,
      systems: note.systems,
      competency: null,
      difficulty: null,
    });
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
