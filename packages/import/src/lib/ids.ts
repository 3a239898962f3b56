import { createHash } from 'node:crypto';
import type { ImportedQuestion, ImportText } from './model.js';

/**
 * A piece of an id: lowercase letters and digits joined by single hyphens.
 *
 * @param text Any text.
 * @param max Longest result.
 * @returns The slug (may be empty).
 */
export function slugify(text: string, max = 40): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, max)
    .replace(/^-+|-+$/g, '');
}

function textOf(part: ImportText | undefined): string {
  if (!part) return '';
  return 'text' in part ? part.text : part.markdown;
}

/**
 * A short hash of what an item says (stem, lead-in, options, key): the same
 * item gives the same hash in every import.
 *
 * @param item The item.
 * @returns 10 hex digits.
 */
export function contentHash(item: ImportedQuestion): string {
  const canonical = JSON.stringify([
    textOf(item.stem),
    textOf(item.leadIn),
    item.choices.map((choice) => [textOf(choice.text), choice.correct]),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 10);
}

/**
 * Stable ids for the items of one source: a bundle's own id as it is,
 * `<file>-<source id>` where the source names its items, `<file>-<content
 * hash>` where it does not; repeats
 * get `-2`, `-3`... in source order.
 *
 * @param items Items in source order.
 * @param sourceName The source file's name (its base name, without extension, is the prefix).
 * @returns One id per item.
 */
export function assignIds(items: readonly ImportedQuestion[], sourceName: string): string[] {
  const base = sourceName.replace(/\\/g, '/').split('/').pop() ?? '';
  const prefix = slugify(base.replace(/\.[^.]*$/, ''), 30) || 'import';
  const seen = new Map<string, number>();
  return items.map((item) => {
    const own = item.sourceId ? slugify(item.sourceId, 40) : '';
    let id =
      item.qbankId && /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(item.qbankId) && item.qbankId.length <= 76
        ? item.qbankId
        : `${prefix}-${own || contentHash(item)}`;
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    if (count > 1) id = `${id}-${count}`;
    return id;
  });
}
