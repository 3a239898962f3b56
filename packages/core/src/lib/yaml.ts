import { LineCounter, parseDocument } from 'yaml';
import type { DiagnosticInit, SourceRange } from './diagnostic.js';
import { yamlRangeToPlace, type PositionedYaml } from './schema.js';

/** A YAML text parsed with positions, and the problems found while parsing. */
export interface ParsedYaml {
  /** The document with what is needed to place diagnostics in the file. */
  yaml: PositionedYaml;
  /** Plain data (`undefined` when the text is not valid YAML). */
  data: unknown;
  /** Syntax problems, placed in the file. */
  problems: DiagnosticInit[];
}

/**
 * Parse YAML with positions (`yaml`'s `parseDocument` with a `LineCounter`), so
 * that later schema errors can point at the offending key or value.
 *
 * @param text The YAML text.
 * @param lineOffset File lines before the YAML text (1 for frontmatter after `---`).
 * @param place Where to report problems about the document as a whole.
 * @returns The document, its data and any syntax problems.
 */
export function parseYaml(text: string, lineOffset: number, place: SourceRange): ParsedYaml {
  const lineCounter = new LineCounter();
  // `uniqueKeys` makes a repeated key an error instead of a silent overwrite.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const yaml: PositionedYaml = { document, lineCounter, lineOffset, place };
  const problems: DiagnosticInit[] = document.errors.map((error) => {
    const duplicate = error.code === 'DUPLICATE_KEY';
    const key = duplicate ? /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim() : '';
    return {
      ruleId: duplicate ? 'yaml/duplicate-key' : 'yaml/syntax',
      message: duplicate ? `Unexpected second \`${key}\` field` : `Unexpected YAML: ${firstLine(error.message)}`,
      hint: duplicate
        ? 'Keep one copy of the field.'
        : 'Check indentation, the `key: value` form and quotes around values that contain `:` or `#`.',
      place: yamlRangeToPlace(yaml, error.pos),
    };
  });
  let data: unknown;
  if (problems.length === 0) {
    try {
      data = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Alias bombs and similar: report instead of expanding.
      problems.push({ ruleId: 'yaml/syntax', message: `Unexpected YAML: ${firstLine(String(error))}`, place });
    }
  }
  return { yaml, data, problems };
}

function firstLine(message: string): string {
  // The yaml library reads nested collections recursively and reports running out of stack as is.
  if (/call stack/i.test(message)) return 'lists or maps nested too deeply to read (look for a long run of `[` or `{`)';
  const line = message.split('\n')[0] ?? message;
  // yaml appends " at line X, column Y"; the diagnostic carries the position itself.
  return line.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}
