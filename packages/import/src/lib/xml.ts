import { EntityDecoder } from '@nodable/entities';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ImportProblem } from './model.js';

/** A parsed XML node as fast-xml-parser gives it. */
export type XmlNode = Record<string, unknown>;

/**
 * Parse XML safely: a document that declares entities (`<!ENTITY`, the
 * "billion laughs" attack) or is not well formed is refused with its line.
 * What is left are XML's five predefined entities and numeric character
 * references (`&#233;`), each decoded to its one character: nothing can
 * expand, so a large export needs no expansion limit, and nothing is fetched.
 *
 * @param text The XML.
 * @param file The source's name, for the problem's place.
 * @param arrays Element names that are always arrays.
 * @returns The document, or the problem.
 */
export function parseXml(
  text: string,
  file: string,
  arrays: readonly string[],
): { doc: XmlNode } | { problem: ImportProblem } {
  const entity = /<!ENTITY/i.exec(text);
  if (entity) {
    return {
      problem: {
        place: { file, line: lineAt(text, entity.index) },
        ruleId: 'import/xml-entity',
        message: 'Unexpected entity declaration (`<!ENTITY`), expected an export without a DTD',
        hint: 'Moodle and QTI exports declare no entities; a file that does may be an entity-expansion attack.',
      },
    };
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    return {
      problem: {
        place: { file, line: valid.err.line },
        ruleId: 'import/xml-syntax',
        message: `Unexpected XML: ${valid.err.msg}`,
        hint: 'The file is not well-formed XML: it may be truncated, or not the export itself.',
      },
    };
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    // XML's predefined entities and numeric references, decoded as XML defines them (fast-xml-parser's
    // default leaves numeric references as written unless HTML entities are on).
    entityDecoder: new EntityDecoder({ numericAllowed: true }),
    isArray: (name) => arrays.includes(name),
  });
  return { doc: parser.parse(text) as XmlNode };
}

/**
 * The 1-based line of an offset in text.
 *
 * @param text The text.
 * @param index The offset.
 * @returns The line.
 */
export function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The text content of an element: its own text, or the `#text` of an element with attributes.
 *
 * @param node The element.
 * @returns The text, or `''`.
 */
export function textOf(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number') return String(node);
  if (node && typeof node === 'object' && '#text' in node) return textOf((node as XmlNode)['#text']);
  return '';
}

/**
 * The elements of a possibly repeated child as an array.
 *
 * @param value A child, an array of them, or nothing.
 * @returns The array.
 */
export function list(value: unknown): XmlNode[] {
  if (Array.isArray(value)) return value.filter((v): v is XmlNode => typeof v === 'object' && v !== null);
  return value && typeof value === 'object' ? [value as XmlNode] : [];
}
