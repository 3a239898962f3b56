import type { CheckedQuestion } from '@qbank/validate';
import type { Html } from 'mdast';
import { visit } from 'unist-util-visit';
import type { SuppressionComment } from './model.js';
import { pointAtOffset } from './text.js';

/** A suppression comment while reports are matched against it. */
export interface Suppression extends SuppressionComment {
  /** The rule ids whose diagnostics it suppressed. */
  used: Set<string>;
}

const directive = /<!--\s*qbank-disable(-next-line)?(?=\s|-->)([\s\S]*?)-->/g;

function nextContentLine(source: string, afterLine: number): number | undefined {
  const lines = source.split('\n');
  for (let i = afterLine; i < lines.length; i++) if (lines[i]!.trim() !== '') return i + 1;
  return undefined;
}

/**
 * Every suppression comment in a question: HTML comments anywhere in the
 * body, in list items (under a choice) and inline in paragraphs included.
 *
 * @param question A checked question.
 * @returns The suppressions in document order.
 */
export function findSuppressions(question: CheckedQuestion): SuppressionComment[] {
  const { tree, file } = question.parsed;
  const source = String(file.value ?? '');
  const found: SuppressionComment[] = [];
  if (!tree) return found;
  visit(tree, 'html', (node: Html) => {
    const offset = node.position?.start.offset;
    const endOffset = node.position?.end.offset;
    if (offset === undefined || endOffset === undefined) return;
    // The source, not `node.value`: inside a list item the value lacks the indentation.
    for (const m of source.slice(offset, endOffset).matchAll(directive)) {
      const start = pointAtOffset(file, source, offset + m.index);
      const end = pointAtOffset(file, source, offset + m.index + m[0].length);
      const body = m[2]!;
      const cut = body.search(/(?:^|\s)--(?:\s|$)/);
      const names = cut === -1 ? body : body.slice(0, cut);
      const reason = cut === -1 ? '' : body.slice(cut).trim().replace(/^--/, '').trim();
      const kind = m[1] ? 'next-line' : 'file';
      found.push({
        kind,
        rules: [...new Set(names.split(/[\s,]+/).filter(Boolean))],
        reason: reason || undefined,
        place: { start, end },
        line: kind === 'next-line' ? nextContentLine(source, end.line) : undefined,
      });
    }
  });
  return found;
}

/**
 * Whether a diagnostic is suppressed; every suppression that covers it is marked used.
 *
 * @param suppressions The file's suppressions.
 * @param ruleId The diagnostic's rule.
 * @param line The diagnostic's start line.
 * @returns Whether the diagnostic is suppressed.
 */
export function suppress(suppressions: readonly Suppression[], ruleId: string, line: number): boolean {
  let suppressed = false;
  for (const s of suppressions) {
    if ((s.rules.length === 0 || s.rules.includes(ruleId)) && (s.kind === 'file' || s.line === line)) {
      s.used.add(ruleId);
      suppressed = true;
    }
  }
  return suppressed;
}
