import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256, type Glossary } from '@qbank/core';
import type { Taxonomy } from '@qbank/taxonomy';
import type { BankReport, CheckedItem, CheckedNote, CheckedQuestion } from '@qbank/validate';
import { imageSize } from 'image-size';
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { assembleBundle } from './assemble.js';
import { keyHashOf, serialiseText, withHash } from './record.js';
import type {
  Bundle,
  BundleManifest,
  BundleProfile,
  CompiledAsset,
  CompiledItem,
  NoteBody,
  QuestionBody,
} from './model.js';
import { noteBlocks, noteCards } from './blocks.js';
import { inlineHtml, renderBlocks, renderWithText } from './render.js';
import { questionReadability, questionTerms, type QuestionTexts } from './terms.js';

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
  /**
   * The bank's glossary: written to `glossary.json`, and the questions get
   * their term ranges (when their items were compiled with it, see `compileItem`).
   */
  glossary?: Glossary | undefined;
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const encoder = new TextEncoder();
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

function compileQuestion(q: CheckedQuestion, contentRoot: string): { body: QuestionBody; texts: QuestionTexts } {
  const section = (key: string): RootContent[] | undefined => q.parsed.sections.find((s) => s.key === key)?.content;
  const answerIndex = q.parsed.choices.findIndex((c) => c.checked === true);
  const objective = section('objective');
  const references = section('references');
  const stem = renderWithText(q.parsed.stem);
  const leadIn = q.parsed.leadIn ? renderWithText([q.parsed.leadIn]) : { html: '', text: '' };
  const labels = q.parsed.choices.map((choice) => renderWithText([{ type: 'paragraph', children: choice.label }]));
  const texts = { stem: stem.text, leadIn: leadIn.text, choices: labels.map((label) => label.text) };
  const body: QuestionBody = {
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
    stem: stem.html,
    leadIn: leadIn.html,
    choices: q.parsed.choices.map((choice, index) => ({
      letter: letters[index]!,
      html: inlineHtml(labels[index]!.html),
      text: toString({ type: 'paragraph', children: choice.label }).trim(),
      rationale: choice.rationale.length ? renderBlocks(choice.rationale) : null,
    })),
    answer: letters[answerIndex]!,
    explanation: renderBlocks(section('explanation') ?? []),
    objective: objective ? renderBlocks(objective) : null,
    references: references ? renderBlocks(references) : null,
  };
  return { body, texts };
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
 * A question also gets its readability figures (for the manifest) and, with
 * a glossary, its term ranges (`terms`, left out of its content hash).
 *
 * @param item A checked item without errors.
 * @param contentRoot Absolute content root (source paths are recorded relative to it).
 * @param glossary The bank's glossary, when it has one.
 * @returns The compiled item.
 */
export function compileItem(item: CheckedItem, contentRoot: string, glossary?: Glossary): CompiledItem {
  const status = item.data.status;
  if (status !== 'published') return { id: item.data.id, kind: item.kind, status, body: null, assets: [] };
  const assets = compileAssets(item);
  if (item.kind === 'note')
    return { id: item.data.id, kind: item.kind, status, body: compileNote(item, contentRoot), assets };
  const { body, texts } = compileQuestion(item, contentRoot);
  if (glossary) body.terms = questionTerms(texts, glossary);
  const readability = questionReadability(texts);
  const record = withHash(body);
  // Encoded to a buffer of its own (not a slice of Buffer's shared pool): it is sent between threads.
  const prepared = { hash: record.hash, keyHash: keyHashOf(record), json: encoder.encode(serialiseText(record)) };
  return { id: item.data.id, kind: item.kind, status, body, assets, record: prepared, readability };
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
    report.items.map((item) => compileItem(item, options.contentRoot, options.glossary)),
    options,
  );
}
