import type { SourcePoint, SourceRange } from '@qbank/core';
import type { Nodes } from 'mdast';

/**
 * The plain text of some mdast nodes with, for each character, where it is in
 * the file (`undefined` where that cannot be known: joins between blocks,
 * line breaks, characters written as entities).
 */
export interface TextMap {
  /** The text, as `mdast-util-to-string` would give it, minus HTML. */
  text: string;
  /** Start point of each character of `text`. */
  points: (SourcePoint | undefined)[];
}

const lineStartsCache = new WeakMap<object, number[]>();

/** Offsets at which each line of `source` starts, cached per file. */
function lineStarts(key: object, source: string): number[] {
  let starts = lineStartsCache.get(key);
  if (!starts) {
    starts = [0];
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts.push(i + 1);
    lineStartsCache.set(key, starts);
  }
  return starts;
}

/**
 * The line and column of an offset in a file's text.
 *
 * @param key Object to cache line offsets on (the VFile).
 * @param source The whole text of the file.
 * @param offset 0-based offset.
 * @returns Its 1-based point.
 */
export function pointAtOffset(key: object, source: string, offset: number): SourcePoint {
  return pointAt(lineStarts(key, source), offset);
}

function pointAt(starts: number[], offset: number): SourcePoint {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid]! <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/** A builder of text maps over one file's source. */
export class TextMapper {
  private readonly starts: number[];

  /**
   * @param key Object to cache line offsets on (the VFile).
   * @param source The whole text of the file.
   */
  constructor(
    key: object,
    private readonly source: string,
  ) {
    this.starts = lineStarts(key, source);
  }

  /**
   * Map nodes to text. Blocks are joined with a blank (`joiner`), HTML and
   * images are left out, a hard break reads as a space.
   *
   * @param nodes Nodes in document order.
   * @param joiner Text between top-level nodes.
   * @returns The text with points.
   */
  map(nodes: readonly Nodes[], joiner = ' '): TextMap {
    const out: TextMap = { text: '', points: [] };
    nodes.forEach((node, index) => {
      if (index > 0 && out.text !== '') this.push(out, joiner, undefined);
      this.walk(node, out);
    });
    return out;
  }

  private push(out: TextMap, text: string, points: (SourcePoint | undefined)[] | undefined): void {
    out.text += text;
    for (let i = 0; i < text.length; i++) out.points.push(points?.[i]);
  }

  private walk(node: Nodes, out: TextMap): void {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        this.push(out, node.value, this.align(node.value, node));
        return;
      case 'break':
        this.push(out, ' ', undefined);
        return;
      case 'html':
      case 'image':
      case 'imageReference':
      case 'code':
      case 'yaml':
        return;
      default:
        if ('children' in node) {
          const blocks = node.type === 'list' || node.type === 'listItem' || node.type === 'table';
          node.children.forEach((child, index) => {
            if (blocks && index > 0) this.push(out, ' ', undefined);
            this.walk(child as Nodes, out);
          });
          if (node.type === 'paragraph' || node.type === 'tableCell' || node.type === 'heading') {
            this.push(out, ' ', undefined);
          }
        }
    }
  }

  /**
   * Find each character of `value` in the source from the node's start,
   * skipping what the parser dropped (escapes, indentation).
   */
  private align(value: string, node: Nodes): (SourcePoint | undefined)[] {
    const points: (SourcePoint | undefined)[] = [];
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return points;
    let j = start;
    for (let i = 0; i < value.length; i++) {
      while (j < end && this.source[j] !== value[i]) j++;
      if (j >= end) break;
      points.push(pointAt(this.starts, j));
      j++;
    }
    return points;
  }
}

/**
 * The range of `text.slice(start, end)`, or `undefined` when its ends have no known place.
 *
 * @param map A text map.
 * @param start Index of the first character.
 * @param end Index after the last character.
 * @returns The range in the file.
 */
export function rangeIn(map: TextMap, start: number, end: number): SourceRange | undefined {
  const first = map.points[start];
  const last = map.points[end - 1];
  if (!first || !last || end <= start) return undefined;
  return { start: first, end: { line: last.line, column: last.column + 1 } };
}

/**
 * The range of the whole text without surrounding white space.
 *
 * @param map A text map.
 * @returns The range, or `undefined` when it cannot be placed.
 */
export function wholeRange(map: TextMap): SourceRange | undefined {
  const start = map.text.search(/\S/);
  if (start === -1) return undefined;
  return rangeIn(map, start, map.text.trimEnd().length);
}

/** A word with its place in a text map. */
export interface WordMatch {
  /** The word as written. */
  word: string;
  /** Index of its first character in the text. */
  index: number;
}

/**
 * Every match of a global regular expression in a text.
 *
 * @param text Text to search.
 * @param pattern A regular expression with the `g` flag.
 * @returns The matches with their indexes.
 */
function findAll(text: string, pattern: RegExp): WordMatch[] {
  return [...text.matchAll(pattern)].map((m) => ({ word: m[0], index: m.index }));
}

/**
 * The words of a text: letters and digits, with inner hyphens and apostrophes.
 *
 * @param text Any text.
 * @returns The words with their indexes.
 */
export function words(text: string): WordMatch[] {
  return findAll(text, /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu);
}

/**
 * Split text into sentences: a sentence ends at `.`, `?` or `!` followed by
 * white space and an upper-case letter or a digit.
 *
 * @param text Any text.
 * @returns The sentences with their start indexes, white space trimmed.
 */
export function sentences(text: string): WordMatch[] {
  const result: WordMatch[] = [];
  const pattern = /[.?!]["')\]]*\s+(?=[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (const m of text.matchAll(pattern)) {
    const end = m.index + m[0].trimEnd().length;
    pushTrimmed(result, text, start, end);
    start = m.index + m[0].length;
  }
  pushTrimmed(result, text, start, text.length);
  return result;
}

function pushTrimmed(result: WordMatch[], text: string, start: number, end: number): void {
  const slice = text.slice(start, end);
  const lead = slice.length - slice.trimStart().length;
  const word = slice.trim();
  if (word) result.push({ word, index: start + lead });
}
