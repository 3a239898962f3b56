import type { Root as HastRoot } from 'hast';
import type { PhrasingContent, Root, RootContent } from 'mdast';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';

// Built once, reused for every block. Raw HTML is dropped by remark-rehype and
// whatever reaches HTML is sanitized with GitHub's rules.
const toHtml = unified().use(remarkRehype).use(rehypeSanitize).use(rehypeStringify).freeze();

/**
 * Render Markdown blocks to sanitized HTML.
 *
 * @param nodes mdast block nodes.
 * @returns HTML text; empty for no blocks.
 */
export function renderBlocks(nodes: readonly RootContent[]): string {
  if (nodes.length === 0) return '';
  const root: Root = { type: 'root', children: [...nodes] };
  const hast = toHtml.runSync(root) as HastRoot;
  return toHtml.stringify(hast).trim();
}

/**
 * Render inline Markdown (a choice label) to sanitized HTML without a `<p>`.
 *
 * @param nodes mdast phrasing nodes.
 * @returns HTML text.
 */
export function renderInline(nodes: readonly PhrasingContent[]): string {
  const html = renderBlocks([{ type: 'paragraph', children: [...nodes] }]);
  return html.replace(/^<p>/, '').replace(/<\/p>$/, '');
}
