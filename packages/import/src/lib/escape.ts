/**
 * Markdown escaping for plain source text, so that the written file means
 * exactly what the source said: `10*9/L` stays `10*9/L` (never emphasis),
 * `1) ...` at a line start stays text (never a list), line breaks stay line
 * breaks (hard breaks), leading and trailing spaces stay (character references).
 */

/**
 * Characters that start a Markdown construct anywhere in a line. An `_`
 * between two letters or digits cannot be emphasis, nor a `<` that no letter,
 * `/`, `!` or `?` follows be HTML or an autolink: those stay as they are.
 */
const inlineSpecial = /[\\`*[\]|~]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])|<(?=[A-Za-z/!?])/gu;
/** A character reference (`&amp;`, `&#42;`, `&#x2A;`) that the parser would decode. */
const reference = /&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[a-zA-Z][a-zA-Z0-9]{0,31};)/g;
/** Characters that start a block construct at a line start (headings, quotes, lists, breaks, fences, tables). */
const blockStart = /^[#>+\-=*_`~|:]/;
/** An ordered-list marker at a line start: `1.` or `1)`. */
const enumerator = /^(\d{1,9})([.)])(?=[ \t]|$)/;

function reference32(char: string): string {
  return `&#${char.codePointAt(0)};`;
}

/**
 * Escape one line of plain text (no `\n`) for use inside a paragraph or an
 * option: every character that Markdown would read as syntax is escaped, and
 * leading and trailing spaces and tabs are written as character references so
 * the parser keeps them.
 *
 * @param line Plain text without line breaks.
 * @returns Markdown that parses back to `line`.
 */
export function escapeLine(line: string): string {
  let text = line
    .replace(inlineSpecial, '\\$&')
    .replace(reference, '\\&')
    // A carriage return would become a line break when the file is read, and a form feed
    // counts as whitespace: both are written as references (other controls decode to U+FFFD
    // from a reference, so they stay as they are).
    .replace(/[\r\f]/g, (char) => `&#${char.charCodeAt(0)};`)
    // GFM reads `http://...`, `www....` and `a@b.org` raw as links, escapes included: break the
    // trigger with a character reference (the link is still found in the decoded text).
    .replace(/:(?=\/\/)/g, '&#58;')
    .replace(/(?<=www)\./gi, '&#46;')
    .replace(/@/g, '&#64;');
  const lead = /^[ \t]+/.exec(text)?.[0] ?? '';
  const trail = text.length > lead.length ? (/[ \t]+$/.exec(text)?.[0] ?? '') : '';
  let core = text.slice(lead.length, text.length - trail.length);
  if (!lead) {
    if (blockStart.test(core) && !core.startsWith('\\')) core = `\\${core}`;
    else core = core.replace(enumerator, '$1\\$2');
  }
  text = [...lead].map(reference32).join('') + core + [...trail].map(reference32).join('');
  return text;
}

/**
 * Escape plain text that may hold line breaks as one or more paragraphs: a
 * single blank line between two lines becomes a paragraph break, every other
 * line break a hard break (`\` at the line end), so line-structured text
 * (lab values one per line, numbered parts) keeps its lines.
 *
 * @param text Plain text; leading and trailing line breaks are dropped.
 * @param paragraphs `false` to keep everything in one paragraph (a lead-in).
 * @returns Markdown blocks separated by blank lines.
 */
export function escapeBlock(text: string, paragraphs = true): string {
  const trimmed = text.replace(/^\n+|\n+$/g, '');
  if (!trimmed) return '';
  const parts = paragraphs ? trimmed.split(/(?<=[^\n])\n\n(?=[^\n])/) : [trimmed];
  return parts.map((part) => part.split('\n').map(escapeLine).join('\\\n')).join('\n\n');
}

/**
 * Escape plain text for an option line: line breaks become single spaces
 * (an option is one line in the authoring format), and trailing spaces are
 * dropped (qbank's parser trims the end of an option's line).
 *
 * @param text Plain text of the option.
 * @returns One line of Markdown.
 */
export function escapeOption(text: string): string {
  return escapeLine(optionText(text));
}

/**
 * The text an option reads back as: line breaks as single spaces, no trailing spaces.
 *
 * @param text Plain text of the option.
 * @returns The normalised text.
 */
export function optionText(text: string): string {
  return text.replace(/\n+/g, ' ').replace(/\s+$/, '');
}
