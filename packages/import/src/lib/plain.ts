import type { Nodes, PhrasingContent, RootContent } from 'mdast';

/**
 * The text a learner reads in Markdown nodes: text as decoded, a hard break
 * as `\n`, paragraphs and other blocks separated by a blank line. This is
 * what the fidelity check compares with the source.
 *
 * @param nodes Nodes of a parsed item (a stem, a lead-in, an option label).
 * @returns Plain text.
 */
export function plainText(nodes: readonly (RootContent | PhrasingContent)[]): string {
  const blocks: string[] = [];
  let inline = '';
  for (const node of nodes) {
    if (isPhrasing(node)) {
      inline += phrasing(node);
    } else {
      if (inline) blocks.push(inline);
      inline = '';
      blocks.push(block(node));
    }
  }
  if (inline) blocks.push(inline);
  return blocks.join('\n\n');
}

function isPhrasing(node: Nodes): boolean {
  return [
    'text',
    'break',
    'emphasis',
    'strong',
    'delete',
    'inlineCode',
    'link',
    'linkReference',
    'image',
    'imageReference',
    'html',
    'footnoteReference',
  ].includes(node.type);
}

function phrasing(node: Nodes): string {
  if (node.type === 'break') return '\n';
  if (node.type === 'image' || node.type === 'imageReference') return node.alt ?? '';
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(phrasing).join('');
  return '';
}

function block(node: Nodes): string {
  if (node.type === 'paragraph' || node.type === 'heading') return node.children.map(phrasing).join('');
  if (node.type === 'table') {
    return node.children.map((row) => row.children.map((cell) => plainText(cell.children)).join('\t')).join('\n');
  }
  if ('children' in node) return plainText(node.children as RootContent[]);
  if ('value' in node && typeof node.value === 'string') return node.value;
  return '';
}
