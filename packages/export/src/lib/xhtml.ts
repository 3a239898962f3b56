import type { Element, ElementContent, Properties } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { el, text, type XmlAttributes, type XmlNode } from './xml.js';

/** Which XHTML profile to write. */
export type XhtmlProfile = 'qti3' | 'qti21';

/** What the conversion needs from its caller. */
export interface XhtmlContext {
  /** The profile: QTI 3.0 allows HTML5 sectioning elements and `data-*` attributes, QTI 2.1 does not. */
  profile: XhtmlProfile;
  /**
   * The `src` to write for an image of the bundle (its `src` there is `assets/...`).
   *
   * @param src The bundle path.
   * @param alt Its alt text.
   * @returns The path to write.
   */
  image(src: string, alt: string): string;
}

// The XHTML elements both QTI 2.1 and 3.0 accept in item content.
const common = new Set(
  (
    'a abbr acronym address b bdo big blockquote br caption cite code col colgroup dd dfn div dl dt em ' +
    'h1 h2 h3 h4 h5 h6 hr i img kbd li ol p pre q samp small span strong sub sup table tbody td tfoot th ' +
    'thead tr tt ul var'
  ).split(' '),
);
// QTI 3.0 adds HTML5 elements.
const qti3Only = new Set('article aside bdi figcaption figure footer header nav rp rt ruby section'.split(' '));
// Block elements a renamed element keeps as a block.
const blocks = new Set('article aside details figcaption figure footer header nav section summary'.split(' '));
// Elements whose content is dropped with them (form controls of task lists).
const dropped = new Set(['input', 'button', 'select', 'textarea', 'script', 'style', 'template']);

const attributeNames: Record<string, string> = {
  className: 'class',
  colSpan: 'colspan',
  rowSpan: 'rowspan',
  id: 'id',
  href: 'href',
  src: 'src',
  alt: 'alt',
  title: 'title',
  width: 'width',
  height: 'height',
  scope: 'scope',
  lang: 'xml:lang',
  dir: 'dir',
};

function attributesOf(properties: Properties, profile: XhtmlProfile): XmlAttributes {
  const out: XmlAttributes = {};
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined || value === null || value === false) continue;
    const written = Array.isArray(value) ? value.join(' ') : String(value);
    if (attributeNames[key]) out[attributeNames[key]] = written;
    else if (profile === 'qti3' && /^data[A-Z]/.test(key)) {
      out[
        `data-${key
          .slice(4)
          .replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
          .replace(/^-/, '')}`
      ] = written;
    }
  }
  return out;
}

function elementName(tag: string, profile: XhtmlProfile): string {
  if (common.has(tag) || (profile === 'qti3' && qti3Only.has(tag))) return tag;
  return blocks.has(tag) ? 'div' : 'span';
}

function convert(node: ElementContent, context: XhtmlContext, ids: Set<string>): XmlNode[] {
  if (node.type === 'text') return [text(node.value)];
  if (node.type !== 'element') return [];
  const element = node as Element;
  if (dropped.has(element.tagName)) return [];
  const attributes = attributesOf(element.properties, context.profile);
  // XML ids must be unique in a document: keep the first.
  if (typeof attributes.id === 'string') {
    if (ids.has(attributes.id)) delete attributes.id;
    else ids.add(attributes.id);
  }
  let name = elementName(element.tagName, context.profile);
  if (name === 'img') {
    const alt = String(element.properties.alt ?? '');
    const src = String(element.properties.src ?? '');
    attributes.src = src.startsWith('assets/') ? context.image(src, alt) : src;
    attributes.alt = alt;
  }
  // Links inside the bank (`#question/...`, `#note/...`) lead nowhere in an LMS: keep their text.
  if (name === 'a' && !/^(https?:|mailto:)/i.test(String(attributes.href ?? ''))) {
    name = 'span';
    delete attributes.href;
  }
  const children = element.children.flatMap((child) => convert(child, context, ids));
  return [el(name, attributes, children)];
}

/**
 * Turn bundle HTML (sanitized HTML5) into XHTML nodes a QTI item may hold:
 * elements outside the profile become `span` (or `div` for blocks), form
 * controls are dropped, links into the bank keep only their text, images
 * get the `src` the caller gives them and always an `alt`.
 *
 * @param html Bundle HTML.
 * @param context Profile and image mapping.
 * @param ids Ids already used in the document (updated).
 * @returns The nodes.
 */
export function htmlToXhtml(html: string, context: XhtmlContext, ids: Set<string> = new Set()): XmlNode[] {
  const root = fromHtml(html, { fragment: true });
  return root.children.flatMap((child) => convert(child as ElementContent, context, ids));
}

/**
 * Find the images a piece of bundle HTML shows: `src` and alt text of every
 * `<img>` whose `src` is a bundle asset.
 *
 * @param html Bundle HTML.
 * @returns The images, in document order.
 */
export function imagesIn(html: string): { src: string; alt: string }[] {
  const found: { src: string; alt: string }[] = [];
  const visit = (nodes: readonly ElementContent[]): void => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const src = String(node.properties.src ?? '');
      if (node.tagName === 'img' && src.startsWith('assets/'))
        found.push({ src, alt: String(node.properties.alt ?? '') });
      visit(node.children);
    }
  };
  visit(fromHtml(html, { fragment: true }).children as ElementContent[]);
  return found;
}
