/** A place in a file, 1-based. */
export interface LinePlace {
  /** Line, 1-based. */
  line: number;
  /** Column, 1-based. */
  column: number;
}

/**
 * Where a line opens more than `limit` block quotes and list items at its start (`> > > ...`,
 * `- - - ...`, `1. 1. 1. ...`, mixed), found in one pass over the text. micromark takes time that
 * grows with the square of that count (8,000 `- ` on one line took 34 s) before the nesting check
 * on the tree could fire, so such a file never reaches it.
 *
 * @param text The file's text.
 * @param limit The deepest nesting allowed.
 * @returns The place of the first marker past the limit, or `undefined`.
 */
export function nestingOverflow(text: string, limit: number): LinePlace | undefined {
  let line = 1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const column = overflowInLine(text, start, end, limit);
    // A line of only `-` or only `*` (spaces between) is a thematic break, not lists: parsed at once.
    if (column !== undefined && !thematicBreak.test(text.slice(start, end))) return { line, column };
    start = end + 1;
    line++;
  }
  return undefined;
}

const thematicBreak = /^[ \t]*([-*_])(?:[ \t]*\1)*[ \t]*$/;

/** The column of the marker past `limit` in the line `text[start, end)`, or `undefined`. */
function overflowInLine(text: string, start: number, end: number, limit: number): number | undefined {
  let depth = 0;
  let i = start;
  for (;;) {
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= end) return undefined;
    const markerAt = i;
    const code = text.charCodeAt(i);
    if (code === 62 /* > */) {
      i++;
    } else if (code === 45 || code === 43 || code === 42 /* - + * */) {
      i++;
      if (i < end && text[i] !== ' ' && text[i] !== '\t') return undefined;
    } else if (code >= 48 && code <= 57) {
      let digits = 0;
      while (i < end && digits < 10 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) {
        i++;
        digits++;
      }
      if (digits > 9 || (text[i] !== '.' && text[i] !== ')')) return undefined;
      i++;
      if (i < end && text[i] !== ' ' && text[i] !== '\t') return undefined;
    } else {
      return undefined;
    }
    depth++;
    if (depth > limit) return markerAt - start + 1;
  }
}

/** One line of a git conflict left in a file. */
export interface ConflictMarker extends LinePlace {
  /** The marker: `<<<<<<<`, `|||||||`, `=======` or `>>>>>>>`. */
  marker: string;
  /** Length of the line (the diagnostic's range covers it). */
  length: number;
}

const openMarker = /^<{7}(?:[ \t]|$)/;
const baseMarker = /^\|{7}(?:[ \t]|$)/;
const separatorMarker = /^={7}[ \t]*$/;
const closeMarker = /^>{7}(?:[ \t]|$)/;

/**
 * The lines git writes into a file whose merge it could not finish: `<<<<<<< ours` and
 * `>>>>>>> theirs` anywhere, and `=======` (or diff3's `||||||| base`) between the two. A line
 * of `=======` alone elsewhere is a Markdown heading underline and is not one of them.
 *
 * @param text The whole file, frontmatter included.
 * @returns Every marker line, in order.
 */
export function conflictMarkers(text: string): ConflictMarker[] {
  if (!/^(?:<{7}|>{7})/m.test(text)) return [];
  const found: ConflictMarker[] = [];
  let open = false;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    let marker: string | undefined;
    if (openMarker.test(line)) {
      marker = '<<<<<<<';
      open = true;
    } else if (closeMarker.test(line)) {
      marker = '>>>>>>>';
      open = false;
    } else if (open && (separatorMarker.test(line) || baseMarker.test(line))) {
      marker = line.slice(0, 7);
    }
    if (marker) found.push({ line: index + 1, column: 1, marker, length: line.length });
  }
  return found;
}
