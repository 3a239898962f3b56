import { readFileSync } from 'node:fs';
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
  type ManifestAsset,
  type ManifestItem,
} from './model.js';
import { noteBlocks, noteCards } from './blocks.js';
import { studyOrder } from './curriculum.js';
import { renderBlocks, renderInline } from './render.js';
import { diffManifests, nextRevision, tombstonesFor } from './release.js';
import { manifestTaxonomy } from './taxonomy.js';

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

/** Copy images under content-hashed names and point the image nodes at them. */
function collectAssets(items: readonly CheckedItem[], files: Map<string, Uint8Array>): ManifestAsset[] {
  const byPath = new Map<string, ManifestAsset>();
  for (const item of items) {
    for (const asset of item.assets) {
      let entry = byPath.get(asset.path);
      if (!entry) {
        const bytes = readFileSync(asset.path);
        const extension = path.extname(asset.path).toLowerCase();
        const target = `assets/${sha256(bytes).slice(0, 16)}${extension}`;
        let size: { width?: number; height?: number } = {};
        try {
          size = imageSize(bytes);
        } catch {
          // Unknown or damaged format: dimensions stay null.
        }
        entry = {
          path: target,
          mediaType: mediaTypes[extension] ?? 'application/octet-stream',
          width: size.width ?? null,
          height: size.height ?? null,
          alt: [],
        };
        byPath.set(asset.path, entry);
        files.set(target, bytes);
      }
      if (asset.alt && !entry.alt.includes(asset.alt)) entry.alt.push(asset.alt);
      asset.setUrl(entry.path);
    }
  }
  const unique = new Map([...byPath.values()].map((a) => [a.path, a]));
  return [...unique.values()].map((a) => ({ ...a, alt: [...a.alt].sort() })).sort((a, b) => (a.path < b.path ? -1 : 1));
}

function compileQuestion(q: CheckedQuestion, contentRoot: string, publishedNotes: Set<string>): BundleQuestion {
  const section = (key: string): RootContent[] | undefined => q.parsed.sections.find((s) => s.key === key)?.content;
  const answerIndex = q.parsed.choices.findIndex((c) => c.checked === true);
  const objective = section('objective');
  const references = section('references');
  return withHash({
    id: q.data.id,
    type: 'question' as const,
    source: relativeSource(contentRoot, q.parsed.file.path),
    disciplines: q.tags.disciplines,
    system: q.tags.system,
    secondarySystems: q.tags.secondarySystems,
    competency: q.tags.competency,
    difficulty: q.data.difficulty ?? null,
    tags: q.data.tags ?? [],
    notes: (q.data.notes ?? []).filter((id) => publishedNotes.has(id)),
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
  });
}

/** What a learner's recorded answer depends on: the options in order and the key. */
function keyHashOf(question: BundleQuestion): string {
  return sha256(canonicalJson({ answer: question.answer, choices: question.choices.map((c) => c.text) }));
}

function compileNote(
  n: CheckedNote,
  contentRoot: string,
  publishedNotes: Set<string>,
  backlinks: Map<string, string[]>,
): BundleNote {
  return withHash({
    id: n.data.id,
    type: 'note' as const,
    source: relativeSource(contentRoot, n.parsed.file.path),
    title: n.data.title,
    disciplines: n.tags.disciplines,
    systems: n.tags.systems,
    level: n.data.level ?? null,
    prerequisites: (n.data.prerequisites ?? []).filter((id) => publishedNotes.has(id)),
    tags: n.data.tags ?? [],
    questions: backlinks.get(n.data.id) ?? [],
    html: renderBlocks(n.parsed.body),
    blocks: noteBlocks(n.parsed.body, n.data.id),
    cards: noteCards(n.parsed.body, n.data.id),
  });
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
  const profile = options.profile ?? 'standard';
  const published = report.items.filter((item) => item.data.status === 'published');
  const questions = published.filter((i): i is CheckedQuestion => i.kind === 'question');
  const notes = published.filter((i): i is CheckedNote => i.kind === 'note');
  const publishedNotes = new Set(notes.map((n) => n.data.id));
  const backlinks = new Map<string, string[]>();
  for (const q of questions) {
    for (const id of q.data.notes ?? []) backlinks.set(id, [...(backlinks.get(id) ?? []), q.data.id]);
  }
  const files = new Map<string, Uint8Array>();
  const assets = collectAssets(published, files);
  const previousItems = new Map((options.previous?.items ?? []).map((i) => [i.id, i]));

  const chunks = new Map<string, object[]>();
  const index: ManifestItem[] = [];
  const add = (
    chunk: string,
    stored: object,
    item: BundleQuestion | BundleNote,
    entry: Omit<ManifestItem, 'chunk' | 'hash' | 'id' | 'type' | 'revision'>,
  ) => {
    chunks.set(chunk, [...(chunks.get(chunk) ?? []), stored]);
    const revision = nextRevision(previousItems.get(item.id), item.hash);
    index.push({ id: item.id, type: item.type, chunk, hash: item.hash, revision, ...entry });
  };
  for (const q of questions) {
    const compiled = compileQuestion(q, options.contentRoot, publishedNotes);
    const entry = {
      keyHash: keyHashOf(compiled),
      disciplines: compiled.disciplines,
      systems: [compiled.system, ...compiled.secondarySystems],
      competency: compiled.competency,
      difficulty: compiled.difficulty,
    };
    if (profile === 'exam') {
      const { shown, answer } = splitAnswer(compiled);
      add(`questions/${compiled.system}.json`, shown, compiled, entry);
      chunks.set(`answers/${compiled.system}.json`, [...(chunks.get(`answers/${compiled.system}.json`) ?? []), answer]);
    } else {
      add(`questions/${compiled.system}.json`, compiled, compiled, entry);
    }
  }
  for (const n of notes) {
    const compiled = compileNote(n, options.contentRoot, publishedNotes, backlinks);
    add(`notes/${compiled.systems[0]}.json`, compiled, compiled, {
      keyHash: null,
      disciplines: compiled.disciplines,
      systems: compiled.systems,
      competency: null,
      difficulty: null,
    });
  }
  for (const [chunk, items] of chunks) files.set(chunk, Buffer.from(canonicalJson({ items })));

  const retired = report.items.filter((i) => i.data.status === 'retired').map((i) => i.data.id);
  const items = index.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const tombstones = tombstonesFor(options.previous, index, new Set(retired), options.version);
  const bank = { name: options.name, version: options.version };
  const changelog = diffManifests(options.previous, { bank, items, tombstones });
  files.set('changelog.json', Buffer.from(canonicalJson(changelog, 2)));
  files.set('curriculum.json', Buffer.from(canonicalJson(studyOrder(notes), 2)));
  const manifest: BundleManifest = {
    bundleFormat: bundleFormatVersion,
    bank,
    sourceCommit: options.sourceCommit ?? null,
    buildTime: options.buildTime ?? null,
    profile,
    taxonomy: manifestTaxonomy(options.taxonomy, questions, notes),
    counts: { questions: questions.length, notes: notes.length, assets: assets.length },
    items,
    assets,
    tombstones,
    files: [...files.keys()].sort().map((p) => fileEntry(p, files.get(p)!)),
  };
  files.set('manifest.json', Buffer.from(canonicalJson(manifest, 2)));
  return { manifest, files, changelog };
}
