import type { Element, Root as HastRoot, Nodes as HastNodes } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { defaultSchema, sanitize } from 'hast-util-sanitize';
import { toMdast } from 'hast-util-to-mdast';
import type { Paragraph, Root, RootContent } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { toMarkdown } from 'mdast-util-to-markdown';
import { splitLeadIn } from './split.js';

/** What converting HTML gives: the Markdown tree and what could not be kept. */
export interface HtmlConversion {
  /** The Markdown tree. */
  tree: Root;
  /** What was dropped or changed, in plain words. */
  lossy: string[];
}

/** Rewrites an image source; `undefined` drops the image. */
export type ImageResolver = (src: string, alt: string) => string | undefined;

function visitImages(node: HastNodes, visit: (element: Element) => void): void {
  if (node.type === 'element' && node.tagName === 'img') visit(node);
  if ('children' in node) for (const child of node.children) visitImages(child as HastNodes, visit);
}

/**
 * Convert HTML from Moodle or QTI to a Markdown tree: parsed as HTML5,
 * sanitized (GitHub's schema: no scripts, styles, event handlers or
 * `javascript:` URLs), then converted with hast-util-to-mdast.
 *
 * @param html The HTML fragment.
 * @param resolveImage Where each image's file is in the bank (by default images are dropped).
 * @returns The tree and what was lost.
 */
export function htmlToMdast(html: string, resolveImage?: ImageResolver): HtmlConversion {
  return hastToMdast(fromHtml(html, { fragment: true }), resolveImage);
}

/**
 * Convert an HTML tree (hast) to a Markdown tree, sanitized as `htmlToMdast` does.
 *
 * @param tree The HTML tree.
 * @param resolveImage Where each image's file is in the bank (by default images are dropped).
 * @returns The tree and what was lost.
 */
export function hastToMdast(tree: HastRoot, resolveImage?: ImageResolver): HtmlConversion {
  const lossy: string[] = [];
  const hast = sanitize(tree, {
    ...defaultSchema,
    // Moodle's `@@PLUGINFILE@@/x.png` has no protocol: it is kept as a relative URL.
    protocols: { ...defaultSchema.protocols, src: ['http', 'https'] },
  }) as HastRoot;
  visitImages(hast, (element) => {
    const src = String(element.properties.src ?? '');
    const alt = String(element.properties.alt ?? '');
    const resolved = src && resolveImage ? resolveImage(src, alt) : undefined;
    if (resolved === undefined) {
      lossy.push(`image \`${src || '(no source)'}\` dropped: its file is not in the source`);
      element.tagName = 'span';
      element.properties = {};
    } else {
      element.properties.src = resolved;
    }
  });
  return { tree: toMdast(hast) as Root, lossy };
}

/**
 * Write Markdown nodes as text (GFM: tables, strikethrough), escaped by
 * mdast-util-to-markdown wherever the text would otherwise read as syntax.
 *
 * @param nodes Markdown nodes.
 * @returns Markdown without a trailing line break.
 */
export function mdastToMarkdown(nodes: RootContent[]): string {
  if (!nodes.length) return '';
  return toMarkdown(
    { type: 'root', children: nodes },
    { extensions: [gfmToMarkdown()], bullet: '-', emphasis: '_' },
  ).replace(/\n+$/, '');
}

/**
 * Split converted HTML into stem blocks and the lead-in paragraph (the last
 * paragraph). A single paragraph is all lead-in.
 *
 * @param tree The Markdown tree of the question text.
 * @returns The stem's blocks and the lead-in, when the last block is a paragraph.
 */
export function splitHtmlQuestion(tree: Root): { stem: RootContent[]; leadIn: Paragraph | undefined } {
  const blocks = tree.children.filter(
    (node) => !(node.type === 'html' || (node.type === 'paragraph' && !node.children.length)),
  );
  const last = blocks.at(-1);
  if (last?.type !== 'paragraph') return { stem: blocks, leadIn: undefined };
  if (blocks.length === 1) {
    const split = splitParagraph(last);
    if (split) return { stem: [split[0]], leadIn: split[1] };
  }
  return { stem: blocks.slice(0, -1), leadIn: last };
}

/**
 * Split a one-paragraph question at its last sentence, where that sentence
 * starts in the paragraph's last plain text node (`<p>... <b>x</b>. Which ...?</p>`).
 */
function splitParagraph(paragraph: Paragraph): [Paragraph, Paragraph] | undefined {
  const index = paragraph.children.findLastIndex((child) => child.type === 'text');
  const node = paragraph.children[index];
  if (node?.type !== 'text') return undefined;
  const { stem, leadIn } = splitLeadIn(node.value);
  if (!stem.trim() || !leadIn.trim()) return undefined;
  const before = [...paragraph.children.slice(0, index), { type: 'text' as const, value: stem }];
  const after = [{ type: 'text' as const, value: leadIn }, ...paragraph.children.slice(index + 1)];
  return [
    { type: 'paragraph', children: before },
    { type: 'paragraph', children: after },
  ];
}
