import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { canonicalJson, sha256 } from '@qbank/core';
import type { RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Taxonomy } from '@qbank/taxonomy';
import type { BankReport, CheckedNote, CheckedQuestion } from '@qbank/validate';
import {
  bundleFormatVersion,
  type Bundle,
  type BundleManifest,
  type BundleNote,
  type BundleQuestion,
  type ManifestFile,
  type ManifestItem,
} from './model.js';
import { renderBlocks, renderInline } from './render.js';
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
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function relativeSource(contentRoot: string, file: string): string {
  return path.relative(contentRoot, file).split(path.sep).join('/');
}

function withHash<T extends object>(item: T): T & { hash: string } {
  return { ...item, hash: sha256(canonicalJson(item)) };
}

/** Copy images under content-hashed names and point the image nodes at them. */
function collectAssets(items: (CheckedQuestion | CheckedNote)[], files: Map<string, Uint8Array>): number {
  const byPath = new Map<string, string>();
  for (const item of items) {
    for (const asset of item.assets) {
      let target = byPath.get(asset.path);
      if (!target) {
        const bytes = readFileSync(asset.path);
        target = `assets/${sha256(bytes).slice(0, 16)}${path.extname(asset.path).toLowerCase()}`;
        byPath.set(asset.path, target);
        files.set(target, bytes);
      }
      asset.node.url = target;
    }
  }
  return new Set(byPath.values()).size;
}

function compileQuestion(q: CheckedQuestion, contentRoot: string, publishedNotes: Set<string>): BundleQuestion {
  const section = (key: string): RootContent[] | undefined => q.parsed.sections.find((s) => s.key === key)?.content;
  const answerIndex = q.parsed.choices.findIndex((c) => c.checked === true);
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
    objective: section('objective') ? renderBlocks(section('objective')!) : null,
    references: section('references') ? renderBlocks(section('references')!) : null,
  });
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
  });
}

function chunkJson(items: object[]): Uint8Array {
  return Buffer.from(canonicalJson({ items }));
}

function fileEntry(filePath: string, bytes: Uint8Array): ManifestFile {
  const digest = createHash('sha256').update(bytes).digest();
  return {
    path: filePath,
    size: bytes.byteLength,
    sha256: digest.toString('hex'),
    integrity: `sha256-${digest.toString('base64')}`,
  };
}

/**
 * Compile the published items of a validated bank into a bundle in memory.
 * Drafts, items in review and retired items are left out. The output depends
 * only on the sources: no clock, keys and files sorted.
 *
 * @param report The result of `validateBank` (must have no errors).
 * @param options Bank name, version, content root and taxonomy.
 * @returns The bundle's files and manifest.
 */
export function compileBundle(report: BankReport, options: CompileOptions): Bundle {
  if (report.hasErrors) throw new Error('Cannot compile a bank with errors');
  const published = report.items.filter((item) => item.data.status === 'published');
  const questions = published.filter((i): i is CheckedQuestion => i.kind === 'question');
  const notes = published.filter((i): i is CheckedNote => i.kind === 'note');
  const publishedNotes = new Set(notes.map((n) => n.data.id));
  const backlinks = new Map<string, string[]>();
  for (const q of questions) {
    for (const id of q.data.notes ?? []) backlinks.set(id, [...(backlinks.get(id) ?? []), q.data.id]);
  }
  const files = new Map<string, Uint8Array>();
  const assetCount = collectAssets(published, files);

  const chunks = new Map<string, object[]>();
  const index: ManifestItem[] = [];
  const add = (
    chunk: string,
    item: BundleQuestion | BundleNote,
    entry: Omit<ManifestItem, 'chunk' | 'hash' | 'id' | 'type'>,
  ) => {
    chunks.set(chunk, [...(chunks.get(chunk) ?? []), item]);
    index.push({ id: item.id, type: item.type, chunk, hash: item.hash, ...entry });
  };
  for (const q of questions) {
    const compiled = compileQuestion(q, options.contentRoot, publishedNotes);
    add(`questions/${compiled.system}.json`, compiled, {
      disciplines: compiled.disciplines,
      systems: [compiled.system, ...compiled.secondarySystems],
      competency: compiled.competency,
      difficulty: compiled.difficulty,
    });
  }
  for (const n of notes) {
    const compiled = compileNote(n, options.contentRoot, publishedNotes, backlinks);
    add(`notes/${compiled.systems[0]}.json`, compiled, {
      disciplines: compiled.disciplines,
      systems: compiled.systems,
      competency: null,
      difficulty: null,
    });
  }
  for (const [chunk, items] of chunks) files.set(chunk, chunkJson(items));

  const manifest: BundleManifest = {
    bundleFormat: bundleFormatVersion,
    bank: { name: options.name, version: options.version },
    taxonomy: manifestTaxonomy(options.taxonomy, questions, notes),
    counts: { questions: questions.length, notes: notes.length, assets: assetCount },
    items: index.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    files: [...files.keys()].sort().map((p) => fileEntry(p, files.get(p)!)),
  };
  files.set('manifest.json', Buffer.from(canonicalJson(manifest, 2)));
  return { manifest, files };
}
