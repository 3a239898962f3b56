import { clozeClose, clozeOpen } from '@qbank/parser';
import { componentAttributes, parseTimestamp } from '@qbank/validate';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
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
