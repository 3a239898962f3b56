import sax from 'sax';
import type { ImportProblem } from './model.js';
import { lineAt } from './xml.js';

// The parts of an .xlsx are XML that Excel writes without a DTD. A part with a DTD
// (`<!DOCTYPE`, `<!ENTITY`: "billion laughs") is refused before parsing. Each part is read
// as a stream of events with sax (strict, so a malformed part is refused with its line):
// a worksheet is never held as a tree, only its cells' text.

/** Attribute values of an element, by local name (`r:id` is `id`). */
export type Attributes = Record<string, string>;

/** What a reader of one part does with its events. Element names are local (`x:row` is `row`). */
export interface PartHandlers {
  /** An element opens. */
  open(name: string, attributes: Attributes): void;
  /** An element closes. */
  close(name: string): void;
  /** Text (entities decoded; CDATA too). */
  text(text: string): void;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Read one part of a workbook as events.
 *
 * @param bytes The part's bytes (UTF-8).
 * @param file The source's name, for problems.
 * @param part The part's path in the archive, for problems.
 * @param handlers What to do with the events.
 * @returns The problem, or `undefined` when the part was read.
 */
export function readPart(
  bytes: Uint8Array,
  file: string,
  part: string,
  handlers: PartHandlers,
): ImportProblem | undefined {
  // XML parsers read CR LF and a lone CR as LF (XML 1.0, 2.11); a CR written `&#13;` is kept.
  const text = new TextDecoder().decode(bytes).replace(/\r\n?/g, '\n');
  const dtd = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (dtd) {
    return {
      place: {
        file,
        path: `${part}, line ${lineAt(text, dtd.index)}, column ${dtd.index - text.lastIndexOf('\n', dtd.index - 1)}`,
      },
      ruleId: 'import/xml-entity',
      message: `Unexpected document type declaration (\`<!${dtd[1]}\`) in a workbook part, expected XML without a DTD`,
      hint: 'Excel never writes one; a workbook that has one may be an entity-expansion attack.',
    };
  }
  const parser = sax.parser(true, { trim: false, normalize: false, position: true });
  parser.onopentag = (tag) => {
    const attributes: Attributes = {};
    for (const [name, value] of Object.entries(tag.attributes as Record<string, string>))
      attributes[local(name)] = value;
    handlers.open(local(tag.name), attributes);
  };
  parser.onclosetag = (name) => handlers.close(local(name));
  parser.ontext = handlers.text;
  parser.oncdata = handlers.text;
  try {
    parser.write(text).close();
    return undefined;
  } catch (error) {
    return {
      place: { file, path: `${part}, line ${parser.line + 1}, column ${parser.column + 1}` },
      ruleId: 'import/xml-syntax',
      message: `Unexpected XML: ${(error as Error).message.split('\n')[0]}`,
      hint: 'The workbook is damaged: open it in Excel and save it again.',
    };
  }
}
