import MiniSearch from 'minisearch';
import { htmlToText } from './html.js';
import type { LoadedBundle } from './open.js';
import { filterIndex, type IndexFilter } from './query.js';
import type { BundleNote, QuestionChunk } from './types.js';

/** One search result. */
export interface SearchHit {
  /** Item id. */
  id: string;
  /** Question or note. */
  type: 'question' | 'note';
  /** Relevance (higher is better); hits are sorted by it. */
  score: number;
  /** The document terms that matched (after prefix and fuzzy matching). */
  terms: string[];
  /** A note's title, or the start of a question's stem, as plain text. */
  title: string;
}

/** Options of {@link searchBundle}. */
export interface SearchOptions {
  /** Only hits that pass this index filter. */
  filter?: IndexFilter;
  /** At most this many hits. @default 50 */
  limit?: number;
  /** `AND`: every word must match; `OR`: any word. @default 'AND' */
  combineWith?: 'AND' | 'OR';
  /** Fuzzy matching as a share of the term length (0 turns it off). @default 0.2 */
  fuzzy?: number;
}

interface Doc {
  id: string;
  type: 'question' | 'note';
  title: string;
  text: string;
}

const indexes = new WeakMap<LoadedBundle, Promise<MiniSearch<Doc>>>();
const previewLength = 120;

function preview(text: string): string {
  return text.length <= previewLength ? text : `${text.slice(0, previewLength).replace(/\s+\S*$/, '')}…`;
}

async function buildIndex(bundle: LoadedBundle): Promise<MiniSearch<Doc>> {
  const chunks = [...new Set(bundle.items.filter((i) => i.type === 'question').map((i) => i.chunk))];
  // Question chunks are read as they are (in the exam profile no answer file is read):
  // stems, lead-ins and options are indexed, explanations are not, so search never gives answers away.
  const [questionChunks, notes] = await Promise.all([
    Promise.all(chunks.map((path) => bundle.readJson<QuestionChunk>(path))),
    bundle.notes(),
  ]);
  const docs: Doc[] = questionChunks.flatMap((chunk) =>
    chunk.items.map((q) => {
      const stem = htmlToText(q.stem);
      const text = [stem, htmlToText(q.leadIn), ...q.choices.map((c) => c.text)].join(' ');
      return { id: q.id, type: 'question' as const, title: preview(stem), text };
    }),
  );
  docs.push(
    ...notes.map((n: BundleNote) => ({ id: n.id, type: 'note' as const, title: n.title, text: htmlToText(n.html) })),
  );
  const index = new MiniSearch<Doc>({
    fields: ['title', 'text'],
    storeFields: ['type', 'title'],
    searchOptions: { boost: { title: 2 }, prefix: true },
  });
  index.addAll(docs);
  return index;
}

/**
 * Make sure the search index is built: loads every question and note chunk
 * (verified) and indexes question stems, lead-ins and options and note titles
 * and bodies. {@link searchBundle} calls it on first use; call it yourself to
 * build the index ahead of time (after the first screen is shown, say).
 *
 * @param bundle The opened bundle.
 * @returns Resolves when the index is ready.
 */
export async function prepareSearch(bundle: LoadedBundle): Promise<void> {
  let pending = indexes.get(bundle);
  if (!pending) {
    pending = buildIndex(bundle);
    pending.catch(() => indexes.delete(bundle));
    indexes.set(bundle, pending);
  }
  await pending;
}

/**
 * Full-text search over question stems and notes (MiniSearch: prefix and fuzzy
 * matching, titles boosted). The index is built on the first search.
 *
 * @param bundle The opened bundle.
 * @param text What the learner typed.
 * @param options Filter, limit and matching options.
 * @returns Hits, best first.
 * @example
 * ```ts
 * const hits = await searchBundle(bundle, 'troponin', { filter: { type: 'question' } });
 * ```
 */
export async function searchBundle(
  bundle: LoadedBundle,
  text: string,
  options: SearchOptions = {},
): Promise<SearchHit[]> {
  await prepareSearch(bundle);
  const index = await indexes.get(bundle)!;
  const allowed = options.filter ? new Set(filterIndex(bundle.manifest, options.filter).map((i) => i.id)) : null;
  const results = index.search(text, {
    combineWith: options.combineWith ?? 'AND',
    fuzzy: options.fuzzy ?? 0.2,
    ...(allowed ? { filter: (result) => allowed.has(result.id as string) } : {}),
  });
  return results.slice(0, options.limit ?? 50).map((r) => ({
    id: r.id as string,
    type: r['type'] as 'question' | 'note',
    score: r.score,
    terms: r.terms,
    title: r['title'] as string,
  }));
}
