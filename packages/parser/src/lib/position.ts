import type { SourceRange } from '@qbank/core';
import type { Node } from 'unist';

/**
 * The file range of an mdast node (or 1:1 when the node has no position).
 *
 * @param node Any unist node.
 * @returns Its range.
 */
export function placeOf(node: Node | undefined): SourceRange {
  const position = node?.position;
  if (!position) return { start: { line: 1, column: 1 } };
  return {
    start: { line: position.start.line, column: position.start.column },
    end: { line: position.end.line, column: position.end.column },
  };
}
