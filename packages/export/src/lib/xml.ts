import { XMLBuilder } from 'fast-xml-parser';

/**
 * One node in fast-xml-parser's ordered form: an element `{ name: children,
 * ':@': attributes }` or a text node `{ '#text': value }`.
 */
export type XmlNode = Record<string, unknown>;

/** Attribute values; `undefined` and `null` leave the attribute out. */
export type XmlAttributes = Record<string, string | number | boolean | null | undefined>;

// Characters XML 1.0 cannot hold (C0 controls but tab, line feed and carriage return; U+FFFE, U+FFFF;
// lone surrogates): a file with one is not well-formed and a platform refuses the whole package.
const notXml =
  // eslint-disable-next-line no-control-regex -- these are the characters to find
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as XML 1.0 can hold it: each character it cannot hold becomes U+FFFD,
 * the replacement character (as an HTML parser does with a NUL).
 *
 * @param value Any text.
 * @returns The text with only characters XML allows.
 */
export function xmlSafe(value: string): string {
  return value.replace(notXml, '\uFFFD');
}

/**
 * An element node.
 *
 * @param name Element name (with its prefix, if any).
 * @param attributes Attributes in the order they are written.
 * @param children Child nodes.
 * @returns The node.
 */
export function el(name: string, attributes: XmlAttributes = {}, children: XmlNode[] = []): XmlNode {
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) attrs[`@_${key}`] = xmlSafe(String(value));
  }
  return Object.keys(attrs).length ? { [name]: children, ':@': attrs } : { [name]: children };
}

/**
 * A text node (escaped when written).
 *
 * @param value The text.
 * @returns The node.
 */
export function text(value: string): XmlNode {
  return { '#text': xmlSafe(value) };
}

/**
 * An element holding only text.
 *
 * @param name Element name.
 * @param value The text.
 * @param attributes Attributes.
 * @returns The node.
 */
export function textEl(name: string, value: string | number, attributes: XmlAttributes = {}): XmlNode {
  return el(name, attributes, [text(String(value))]);
}

const options = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  processEntities: true,
} as const;

// Built once each, reused for every document.
const compact = new XMLBuilder({ ...options, format: false });
const indented = new XMLBuilder({ ...options, format: true, indentBy: '  ' });

/**
 * Write an XML document: the declaration, then the root element, UTF-8, with
 * a final newline. Text and attribute values are escaped by fast-xml-parser.
 *
 * Note: `indent` adds whitespace between elements, which changes mixed
 * content (HTML inside QTI items): only documents without mixed content (a
 * manifest, Moodle XML whose HTML is text) are indented.
 *
 * @param root The root element.
 * @param indent Indent by two spaces per level.
 * @returns The document.
 */
export function writeXml(root: XmlNode, indent = false): string {
  const body = (indent ? indented : compact).build([root]) as string;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body.trim()}\n`;
}
