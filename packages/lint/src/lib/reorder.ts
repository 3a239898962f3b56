import type { Fix } from '@qbank/core';
import type { CheckedQuestion } from '@qbank/validate';
import { viewOf } from './question.js';

/**
 * The fix that puts the choice list in a new order: each list item (with its
 * rationale) moves whole; the text between items stays where it was. None
 * when the list holds an HTML comment (a suppression would then point at
 * another option) or has no source offsets.
 *
 * @param question A checked question.
 * @param order For each new position, the 0-based index of the option that goes there.
 * @returns The fix, or `undefined` when the list cannot be moved safely.
 */
export function reorderFix(question: CheckedQuestion, order: readonly number[]): Fix | undefined {
  const list = question.parsed.choiceList;
  const source = viewOf(question).source;
  const items = viewOf(question).options.map((o) => o.choice.node.position);
  if (!list?.position || items.some((p) => p?.start.offset === undefined || p.end.offset === undefined))
    return undefined;
  if (list.children.some((item) => item.children.some((node) => node.type === 'html'))) return undefined;
  let text = '';
  for (let i = 0; i < items.length; i++) {
    const moved = items[order[i]!]!;
    text += source.slice(moved.start.offset, moved.end.offset);
    if (i + 1 < items.length) text += source.slice(items[i]!.end.offset, items[i + 1]!.start.offset);
  }
  const first = items[0]!;
  const last = items.at(-1)!;
  return {
    range: {
      start: { line: first.start.line, column: first.start.column },
      end: { line: last.end.line, column: last.end.column },
    },
    text,
  };
}
