import { clozeClose, clozeOpen } from '@qbank/parser';
import { componentAttributes, parseTimestamp } from '@qbank/validate';
import type { Element, ElementContent, Nodes, Root as HastRoot } from 'hast';
import type { PhrasingContent, Root, RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import { toString } from 'mdast-util-to-string';
import rehypeSanitize, { defaultSchema } from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import remarkRehype, { type Options as RemarkRehypeOptions } from 'remark-rehype';
import { unified } from 'unified';

type Component = MdxJsxFlowElement | MdxJsxTextElement;
type State = Parameters<NonNullable<NonNullable<RemarkRehypeOptions['handlers']>['paragraph']>>[0];

/**
 * Swap the cloze stand-ins back to braces.
 *
 * @param text Text from a `<Cloze>` element.
 * @returns The text as the author wrote it.
 */
export function restoreCloze(text: string): string {
  return text.replaceAll(clozeOpen, '{').replaceAll(clozeClose, '}');
}

const el = (tagName: string, properties: Element['properties'], children: ElementContent[]): Element => ({
  type: 'element',
  tagName,
  properties,
  children,
});
const text = (value: string): ElementContent => ({ type: 'text', value });

/** The HTML fallback of each component, for apps that render HTML rather than typed blocks. */
function componentToHast(state: State, node: Component): Element {
  const attributes = componentAttributes(node);
  const children = () => state.all(node as never) as ElementContent[];
  switch (node.name) {
    case 'Mnemonic':
      return el('div', { dataQbank: 'mnemonic' }, [
        el('p', {}, [el('strong', {}, [text(attributes.get('title') ?? '')])]),
        ...children(),
      ]);
    case 'Pearl':
    case 'Warning':
      return el('aside', { dataQbank: node.name.toLowerCase() }, children());
    case 'Flashcard':
      return el('div', { dataQbank: 'flashcard' }, [
        el('p', {}, [text(attributes.get('front') ?? '')]),
        el('p', {}, [text(attributes.get('back') ?? '')]),
      ]);
    case 'Cloze':
      return el('div', { dataQbank: 'cloze' }, [el('p', {}, [text(restoreCloze(toString(node)))])]);
    case 'Video': {
      const start = parseTimestamp(attributes.get('start') ?? '0:00') ?? 0;
      const label = `${attributes.get('title') ?? 'Video'}${start ? ` (from ${attributes.get('start')})` : ''}`;
      return el('p', { dataQbank: 'video' }, [text(`Video lesson: ${label}`)]);
    }
    case 'Figure': {
      const caption = [attributes.get('caption'), attributes.get('credit')].filter(Boolean).join(' — ');
      return el('figure', {}, [
        el('img', { src: attributes.get('src') ?? '', alt: attributes.get('alt') ?? '' }, []),
        ...(caption ? [el('figcaption', {}, [text(caption)])] : []),
      ]);
    }
    case 'QuestionRef':
    case 'NoteRef': {
      const kind = node.name === 'QuestionRef' ? 'question' : 'note';
      const id = attributes.get('id') ?? '';
      const inner = children();
      return el('a', { href: `#${kind}/${id}`, dataQbankRef: `${kind}:${id}` }, inner.length ? inner : [text(id)]);
    }
    default:
      return el('span', {}, []);
  }
}

const schema = {
  ...defaultSchema,
  // remark-rehype already prefixes the ids that content names (footnotes: `user-content-fn-1`, and
  // the links to them); a second prefix here made `user-content-user-content-fn-1`, and footnote
  // links went nowhere. Raw HTML is dropped, so content has no other way to set an id or a name.
  clobberPrefix: '',
  tagNames: [...(defaultSchema.tagNames ?? []), 'aside', 'figure', 'figcaption'],
  attributes: {
    ...defaultSchema.attributes,
    div: [...(defaultSchema.attributes?.div ?? []), 'dataQbank'],
    aside: ['dataQbank'],
    p: [...(defaultSchema.attributes?.p ?? []), 'dataQbank'],
    a: [...(defaultSchema.attributes?.a ?? []), 'dataQbankRef'],
  },
};

// Built once, reused for every block. Raw HTML is dropped by remark-rehype, components
// become plain HTML, and whatever reaches HTML is sanitized with GitHub's rules.
const toHtml = unified()
  .use(remarkRehype, {
    handlers: {
      mdxJsxFlowElement: (state: State, node: Component) => componentToHast(state, node),
      mdxJsxTextElement: (state: State, node: Component) => componentToHast(state, node),
    } as never,
  })
  .use(rehypeSanitize, schema)
  .use(rehypeStringify)
  .freeze();

/**
 * Render Markdown blocks to sanitized HTML.
 *
 * @param nodes mdast block nodes.
 * @returns HTML text; empty for no blocks.
 */
export function renderBlocks(nodes: readonly RootContent[]): string {
  return renderWithText(nodes).html;
}

/** Rendered HTML and the text a browser shows of it. */
export interface Rendered {
  /** Sanitized HTML. */
  html: string;
  /** The HTML's `textContent` once a browser has parsed it: what term ranges are offsets into. */
  text: string;
}

/** The text of a hast node: its text nodes joined, as `textContent` joins a DOM's (the sanitizer keeps no comments). */
function textOf(node: Nodes): string {
  if (node.type === 'text') return node.value;
  return 'children' in node ? node.children.map(textOf).join('') : '';
}

/**
 * Render Markdown blocks to sanitized HTML, with its text as a browser shows
 * it: the same tree gives both, trimmed as the HTML is, with line ends as an
 * HTML parser normalises them.
 *
 * @param nodes mdast block nodes.
 * @returns The HTML and its text; both empty for no blocks.
 */
export function renderWithText(nodes: readonly RootContent[]): Rendered {
  if (nodes.length === 0) return { html: '', text: '' };
  const root: Root = { type: 'root', children: [...nodes] };
  const hast = toHtml.runSync(root) as HastRoot;
  const html = toHtml.stringify(hast).trim();
  // Trimming the HTML trims the text nodes at either end of the root (block HTML starts and ends with a tag).
  const parts = hast.children.map(textOf);
  if (hast.children[0]?.type === 'text') parts[0] = parts[0]!.trimStart();
  if (hast.children.at(-1)?.type === 'text') parts[parts.length - 1] = parts.at(-1)!.trimEnd();
  return { html, text: parts.join('').replace(/\r\n?/g, '\n') };
}

/**
 * Render inline Markdown (a choice label) to sanitized HTML without a `<p>`.
 *
 * @param nodes mdast phrasing nodes.
 * @returns HTML text.
 */
export function renderInline(nodes: readonly PhrasingContent[]): string {
  return inlineHtml(renderBlocks([{ type: 'paragraph', children: [...nodes] }]));
}

/**
 * A rendered paragraph without its `<p>` wrapper (the text is the same).
 *
 * @param html A paragraph's HTML.
 * @returns Its inline HTML.
 */
export function inlineHtml(html: string): string {
  return html.replace(/^<p>/, '').replace(/<\/p>$/, '');
}
