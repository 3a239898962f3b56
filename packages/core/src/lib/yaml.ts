import { LineCounter, parseDocument, type YAMLError } from 'yaml';
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
  const problems: DiagnosticInit[] = [];
  for (const error of document.errors) {
    const place = yamlRangeToPlace(yaml, error.pos);
    if (error.code === 'DUPLICATE_KEY') {
      const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))![0].trim();
      problems.push({
        ruleId: 'yaml/duplicate-key',
        message: `Unexpected second \`${key}\` field`,
        hint: 'Keep one copy of the field.',
        place,
      });
    } else if (!problems.some((p) => p.ruleId === 'yaml/syntax')) {
      // The parser's later complaints about one mistake restate the first: one is reported.
      const { at, ...words } = describeYamlError(error, text);
      const where = at === undefined ? place : yamlRangeToPlace(yaml, [at, at + 1]);
      problems.push({ ruleId: 'yaml/syntax', ...words, place: where });
    }
  }
  let data: unknown;
  if (problems.length === 0) {
    try {
      data = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Alias bombs and similar: report instead of expanding.
      problems.push({ ruleId: 'yaml/syntax', ...unreadable(String(error)), place });
    }
  }
  return { yaml, data, problems };
}

/** The line of `text` around an offset, and the field it belongs to (its own key, or the nearest one above). */
function lineAt(text: string, offset: number): { line: string; field: string | undefined } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  const line = text.slice(start, end === -1 ? undefined : end).replace(/\r$/, '');
  const keys = [...text.slice(0, end === -1 ? undefined : end).matchAll(/^([A-Za-z_][\w-]*):/gm)];
  return { line, field: keys.at(-1)?.[1] };
}

/** A bracket or quote never closed: reported where it opens, with its field. */
function unclosed(error: YAMLError, text: string): { message: string; hint: string; at: number } | undefined {
  const bracket = /end with a ([\]}])/.exec(error.message)?.[1];
  const quote = error.code === 'MISSING_CHAR' && /quote/.test(error.message);
  if (!bracket && !quote) return undefined;
  const open = bracket === '}' ? '{' : bracket ? '[' : text.slice(0, error.pos[0]).match(/["'](?=[^"']*$)/)?.[0];
  const at = open ? text.lastIndexOf(open, error.pos[0]) : -1;
  if (at < 0) return undefined;
  const { field } = lineAt(text, at);
  const of = field ? ` of \`${field}\`` : '';
  if (quote) {
    return {
      message: `Unexpected end of the value${of}: its opening quote \`${open}\` is never closed`,
      hint: 'Add the closing quote at the end of the value, on the same line.',
      at,
    };
  }
  return {
    message: `Unexpected end of the value${of}: its \`${open}\` is never closed by \`${bracket}\``,
    hint: `Close it on the same line, e.g. \`tags: [valvular-disease, murmurs]\`; to start a value with \`${open}\`, put the value in quotes.`,
    at,
  };
}

/** A value written as YAML would read it in double quotes. */
function quoted(value: string): string {
  return `"${value.trim().replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * What a YAML syntax error means for an author, and what to change: never the parser's own words.
 *
 * @param error The parser's error.
 * @param text The YAML text.
 * @returns The message and hint.
 */
function describeYamlError(error: YAMLError, text: string): { message: string; hint: string; at?: number } {
  const opener = unclosed(error, text);
  if (opener) return opener;
  const { line, field } = lineAt(text, error.pos[0]);
  const of = field ? ` of \`${field}\`` : '';
  const value = /^\s*(?:- )?[\w-]+:\s(.*)$/.exec(line)?.[1] ?? '';
  const quote = field && value ? `: \`${field}: ${quoted(value)}\`` : '';
  const char = text[error.pos[0]] ?? '';
  if (/call stack/i.test(error.message)) return tooDeep(of);
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /: /.test(value)) {
    return {
      message: `Unexpected \`: \` inside the value${of}, expected the value in quotes`,
      hint: `A colon followed by a space starts a new field unless the value is quoted. Write it in double quotes${quote}.`,
    };
  }
  if (
    error.code === 'BLOCK_AS_IMPLICIT_KEY' ||
    error.code === 'MULTILINE_IMPLICIT_KEY' ||
    error.code === 'BAD_INDENT'
  ) {
    if (/flow/i.test(error.message)) {
      return {
        message: `Unexpected text inside the brackets${of}, expected entries separated by commas`,
        hint: 'Write the list either as `[a, b]` or as one `- entry` per line below the field, not both; put in quotes an entry that contains `:`, `-` or brackets.',
      };
    }
    return {
      message: `Unexpected indentation near the field${of.replace(' of', '')}, expected each field at the start of a line`,
      hint: 'Start every field (`name: value`) at the beginning of its line, and indent list entries (`- value`) by the same number of spaces. To continue a long value on the next line, put it in quotes.',
    };
  }
  if (error.code === 'TAB_AS_INDENT') {
    return { message: `Unexpected tab in the indentation${of}`, hint: 'Indent with spaces (two per level), not tabs.' };
  }
  if (error.code === 'BAD_SCALAR_START') {
    return {
      message: `Unexpected ${char === '`' ? 'backtick' : `\`${char}\``} at the start of the value${of}: YAML reserves it`,
      hint: `Put the value in double quotes${quote}.`,
    };
  }
  if (char === ']' || char === '}') {
    return {
      message: `Unexpected \`${char}\` in the value${of}: nothing opened it`,
      hint: `Remove the extra \`${char}\`.`,
    };
  }
  return {
    message: `Unexpected text that YAML cannot read${of ? ` in the value${of}` : ''}`,
    hint: 'Check the `name: value` form and the indentation, and put in double quotes a value that contains `: `, `#`, brackets or quotes, or starts with a special character.',
  };
}

/** A document that parsed but cannot be turned into values: nested too deeply, or an alias bomb. */
function unreadable(message: string): { message: string; hint: string } {
  // The yaml library reads nested collections recursively and reports running out of stack as is.
  if (/call stack/i.test(message)) return tooDeep('');
  return {
    message: 'Unexpected aliases (`*name`) that repeat the document too many times to read',
    hint: 'Write the values out instead of using `&anchor` and `*alias`.',
  };
}

function tooDeep(of: string): { message: string; hint: string } {
  return {
    message: `Unexpected lists or maps nested too deeply to read${of ? ` in the value${of}` : ''}`,
    hint: 'Look for a long run of `[` or `{` and remove it.',
  };
}
