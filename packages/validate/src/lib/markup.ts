import { reportDiagnostic } from '@qbank/core';
import { placeOf, type ParsedItem } from '@qbank/parser';
import type { Nodes } from 'mdast';
import type {} from 'mdast-util-mdx';
import { visit } from 'unist-util-visit';

/**
 * Reject what would run code or vanish silently: MDX imports, exports and
 * expressions, and raw HTML in Markdown (the bundle strips it).
 *
 * @param item A parsed question or note.
 */
export function checkMarkup(item: ParsedItem): void {
  if (!item.tree) return;
  const { file } = item;
  visit(item.tree, (node: Nodes) => {
    switch (node.type) {
      case 'mdxjsEsm':
        reportDiagnostic(file, {
          ruleId: 'mdx/no-esm',
          message: 'Unexpected `import`/`export` statement: content never runs code',
          hint: 'Remove it. Components you may use need no import.',
          place: placeOf(node),
        });
        return 'skip';
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        reportDiagnostic(file, {
          ruleId: 'mdx/no-expression',
          message: 'Unexpected `{...}` expression: content never runs code',
          hint: 'Write the text itself, or escape a literal brace as `\\{`.',
          place: placeOf(node),
        });
        return 'skip';
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement': {
        // Which components and attributes are allowed is checked in components.ts.
        for (const attribute of node.attributes) {
          if (
            attribute.type === 'mdxJsxExpressionAttribute' ||
            (attribute.value !== null && typeof attribute.value === 'object')
          ) {
            reportDiagnostic(file, {
              ruleId: 'mdx/no-expression',
              message: 'Unexpected `{...}` attribute value: content never runs code',
              hint: 'Give attributes literal values in quotes, for example `title="Heart sounds"`.',
              place: placeOf(node).start,
            });
          }
        }
        return undefined;
      }
      case 'html':
        if (!/^<!--[\s\S]*-->$/.test(node.value.trim())) {
          reportDiagnostic(file, {
            ruleId: 'markdown/html',
            severity: 'warning',
            message: 'Unexpected raw HTML: it is removed from the bundle',
            hint: 'Write Markdown instead (tables, emphasis and images all have Markdown forms).',
            place: placeOf(node),
          });
        }
        return undefined;
      default:
        return undefined;
    }
  });
}
