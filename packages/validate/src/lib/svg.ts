import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Elements a published SVG may hold: shapes, text, grouping, paint servers, clipping, masking and
 * filters. Not here, so refused: `script`, `foreignObject` (HTML inside SVG), `a`, `image`,
 * `iframe`, `animate`, `set` and the other animation elements (they can rewrite an `href` to
 * `javascript:`), `use` of another file, and the metadata of editors (`sodipodi:*`, `inkscape:*`).
 */
const elements = new Set(
  [
    'svg',
    'g',
    'defs',
    'title',
    'desc',
    'symbol',
    'use',
    'switch',
    'path',
    'rect',
    'circle',
    'ellipse',
    'line',
    'polyline',
    'polygon',
    'text',
    'tspan',
    'textPath',
    'marker',
    'clipPath',
    'mask',
    'pattern',
    'linearGradient',
    'radialGradient',
    'stop',
    'style',
    'filter',
    'feBlend',
    'feColorMatrix',
    'feComponentTransfer',
    'feComposite',
    'feDropShadow',
    'feFlood',
    'feFuncA',
    'feFuncB',
    'feFuncG',
    'feFuncR',
    'feGaussianBlur',
    'feMerge',
    'feMergeNode',
    'feMorphology',
    'feOffset',
  ].map((name) => name.toLowerCase()),
);

/** Attributes a published SVG may hold: geometry, presentation, text, accessibility. */
const attributes = new Set(
  [
    'id',
    'class',
    'style',
    'transform',
    'viewBox',
    'preserveAspectRatio',
    'version',
    'baseProfile',
    'width',
    'height',
    'x',
    'y',
    'x1',
    'y1',
    'x2',
    'y2',
    'cx',
    'cy',
    'r',
    'rx',
    'ry',
    'fx',
    'fy',
    'fr',
    'd',
    'points',
    'pathLength',
    'fill',
    'fill-opacity',
    'fill-rule',
    'stroke',
    'stroke-width',
    'stroke-opacity',
    'stroke-linecap',
    'stroke-linejoin',
    'stroke-miterlimit',
    'stroke-dasharray',
    'stroke-dashoffset',
    'opacity',
    'color',
    'display',
    'visibility',
    'overflow',
    'clip-path',
    'clip-rule',
    'clipPathUnits',
    'mask',
    'maskUnits',
    'maskContentUnits',
    'marker-start',
    'marker-mid',
    'marker-end',
    'markerWidth',
    'markerHeight',
    'markerUnits',
    'refX',
    'refY',
    'orient',
    'font-family',
    'font-size',
    'font-weight',
    'font-style',
    'font-variant',
    'font-stretch',
    'text-anchor',
    'dominant-baseline',
    'alignment-baseline',
    'baseline-shift',
    'letter-spacing',
    'word-spacing',
    'text-decoration',
    'writing-mode',
    'dx',
    'dy',
    'rotate',
    'textLength',
    'lengthAdjust',
    'startOffset',
    'method',
    'spacing',
    'side',
    'offset',
    'stop-color',
    'stop-opacity',
    'gradientUnits',
    'gradientTransform',
    'spreadMethod',
    'patternUnits',
    'patternContentUnits',
    'patternTransform',
    'filter',
    'filterUnits',
    'primitiveUnits',
    'in',
    'in2',
    'result',
    'stdDeviation',
    'mode',
    'operator',
    'k1',
    'k2',
    'k3',
    'k4',
    'values',
    'type',
    'tableValues',
    'slope',
    'intercept',
    'amplitude',
    'exponent',
    'flood-color',
    'flood-opacity',
    'radius',
    'vector-effect',
    'shape-rendering',
    'text-rendering',
    'image-rendering',
    'color-interpolation',
    'color-interpolation-filters',
    'paint-order',
    'mix-blend-mode',
    'isolation',
    'role',
    'focusable',
    'lang',
    'xml:lang',
    'xml:space',
    'xmlns',
    'xmlns:xlink',
    'href',
    'xlink:href',
    'xlink:title',
  ].map((name) => name.toLowerCase()),
);

const namespaces: Record<string, string> = {
  xmlns: 'http://www.w3.org/2000/svg',
  'xmlns:xlink': 'http://www.w3.org/1999/xlink',
};

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
});

type XmlNode = Record<string, unknown> & { ':@'?: Record<string, unknown> };

/**
 * Why an SVG may not be published, or `undefined` when it holds only allow-listed elements and
 * attributes, refers to nothing outside itself, and declares no document type or entities.
 *
 * @param text The SVG file's text.
 * @returns What was found that is not allowed, in a few words (`element <script>`), or `undefined`.
 */
export function unsafeSvgReason(text: string): string | undefined {
  // Entities can expand a few bytes into gigabytes, or pull in other files: no DTD at all.
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) return 'a <!DOCTYPE> or <!ENTITY> declaration';
  if (/<\?xml-stylesheet/i.test(text)) return 'an <?xml-stylesheet?> reference';
  if (XMLValidator.validate(text, { allowBooleanAttributes: true }) !== true) return 'XML that does not parse';
  const nodes = parser.parse(text) as XmlNode[];
  const roots = nodes.filter((node) => elementName(node) !== undefined);
  if (roots.length !== 1 || elementName(roots[0]!) !== 'svg') return 'a root element other than one <svg>';
  return checkNodes(nodes);
}

function elementName(node: XmlNode): string | undefined {
  const name = Object.keys(node).find((key) => key !== ':@');
  return name === undefined || name.startsWith('#') || name.startsWith('?') ? undefined : name;
}

function checkNodes(nodes: readonly XmlNode[]): string | undefined {
  for (const node of nodes) {
    const name = elementName(node);
    if (name === undefined) continue;
    if (!elements.has(name.toLowerCase())) return `element <${name}>`;
    const attributeProblem = checkAttributes(name, node[':@'] ?? {});
    if (attributeProblem) return attributeProblem;
    const children = (node[name] as XmlNode[] | undefined) ?? [];
    if (name.toLowerCase() === 'style') {
      const css = children.map((child) => String(child['#text'] ?? textOf(child['#cdata']))).join('');
      if (!safeCss(css)) return 'a <style> that loads or runs something';
    }
    const inner = checkNodes(children);
    if (inner) return inner;
  }
  return undefined;
}

function textOf(value: unknown): string {
  return Array.isArray(value) ? value.map((part: XmlNode) => String(part['#text'] ?? '')).join('') : '';
}

function checkAttributes(element: string, attrs: Record<string, unknown>): string | undefined {
  for (const [name, raw] of Object.entries(attrs)) {
    const key = name.toLowerCase();
    const value = String(raw);
    if (!attributes.has(key) && !key.startsWith('aria-') && !key.startsWith('data-')) {
      return `attribute ${name} on <${element}>`;
    }
    if (key in namespaces && value !== namespaces[key]) return `namespace ${name}="${value}"`;
    if ((key === 'href' || key === 'xlink:href') && !/^#[\w.:-]*$/.test(value.trim())) {
      return `a reference ${name}="${value.slice(0, 60)}" to something outside the file`;
    }
    if (key === 'style' ? !safeCss(value) : !safeValue(value)) return `attribute ${name}="${value.slice(0, 60)}"`;
  }
  return undefined;
}

/**
 * A value may name a fragment of this file (`url(#grad)`), nothing else. Character references
 * (`&#x75;rl(`) and CSS escapes (`u\\72l(`) could spell anything once decoded: none is allowed.
 */
function safeValue(value: string): boolean {
  if (value.includes('\\') || value.includes('&#')) return false;
  const plain = value.toLowerCase();
  if (/javascript:|vbscript:/.test(plain.replace(/\s+/g, ''))) return false;
  return [...plain.matchAll(/url\s*\(\s*(['"]?)([^)]*)\)/g)].every((match) => match[2]!.trim().startsWith('#'));
}

function safeCss(css: string): boolean {
  const plain = css.replace(/\/\*[\s\S]*?\*\//g, '').toLowerCase();
  return !/@import|expression\s*\(|behavior\s*:|-moz-binding/.test(plain) && safeValue(plain);
}
