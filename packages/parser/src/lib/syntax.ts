import type { Root } from 'mdast';
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { combineExtensions } from 'micromark-util-combine-extensions';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';

// GitHub Flavored Markdown as remark-gfm adds it, except that literal autolinks (`www.x.org`,
// `https://x.org`, `a@b.org`) are left out of files that cannot hold one. The extension is tried
// at almost every word and costs a third of the parse. A literal autolink needs `www.`, `://` or
// `@` in the text; mdast-util-gfm-autolink-literal also finds them in decoded text, where an escape
// or a character reference (`a&#64;b.org`, `www\.x.org`) can make one, so `&` and `\` count too.
// (Refusing table headers not followed by a delimiter row was tried as well: no measurable gain.)

/** Text that could hold a literal autolink. */
const autolinkTrigger = /[@&\\]|:\/\/|www\./i;

/** remark-gfm's syntax, with or without literal autolinks. */
function gfmSyntax(this: Processor, { autolinks }: { autolinks: boolean }): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(
    combineExtensions([
      ...(autolinks ? [gfmAutolinkLiteral()] : []),
      gfmFootnote(),
      gfmStrikethrough(),
      gfmTable(),
      gfmTaskListItem(),
    ]),
  );
  (data.fromMarkdownExtensions ??= []).push([
    ...(autolinks ? [gfmAutolinkLiteralFromMarkdown()] : []),
    gfmFootnoteFromMarkdown(),
    gfmStrikethroughFromMarkdown(),
    gfmTableFromMarkdown(),
    gfmTaskListItemFromMarkdown(),
  ]);
}

// Built once and frozen, then reused for every file.
const processor = (mdx: boolean, autolinks: boolean) =>
  (mdx ? unified().use(remarkParse).use(remarkMdx) : unified().use(remarkParse))
    // An options object: unified reads a bare `false` as "plugin off".
    .use(gfmSyntax, { autolinks })
    .use(remarkFrontmatter, ['yaml'])
    .freeze();
const processors = {
  md: [processor(false, false), processor(false, true)],
  mdx: [processor(true, false), processor(true, true)],
} as const;

/**
 * Parse Markdown (CommonMark + GFM + YAML frontmatter) or MDX to mdast, with
 * positions; the tree is the one remark-parse + remark-gfm (+ remark-mdx) give.
 *
 * @throws VFileMessage on an MDX syntax error.
 */
export function parseMarkdown(text: string, format: 'md' | 'mdx'): Root {
  return processors[format][autolinkTrigger.test(text) ? 1 : 0].parse(text);
}
