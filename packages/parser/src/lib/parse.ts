import { parseYaml, reportDiagnostic } from '@qbank/core';
import type { List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text, Yaml } from 'mdast';
import type { Node, Parent } from 'unist';
import { toString } from 'mdast-util-to-string';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import {
  sectionKeys,
  type ItemKind,
  type ParsedChoice,
  type ParsedFrontmatter,
  type ParsedItem,
  type ParsedNote,
  type ParsedQuestion,
  type ParsedSection,
} from './model.js';
import { placeOf } from './position.js';
import { conflictMarkers, nestingOverflow } from './prescan.js';
import { parseMarkdown } from './syntax.js';

function formatOf(file: VFile): 'md' | 'mdx' {
  return file.extname?.toLowerCase() === '.mdx' ? 'mdx' : 'md';
}

/** Stand-ins for `{` and `}` inside `<Cloze>`: one UTF-16 unit each, so columns do not move. */
export const clozeOpen = '\uE000';
/** Stand-in for `}` inside `<Cloze>`. */
export const clozeClose = '\uE001';

/**
 * Anki's cloze syntax `{{c1::...}}` would read as an MDX expression: inside
 * `<Cloze>` elements, braces are swapped for private-use stand-ins of the same
 * length before parsing (and swapped back when the card is compiled).
 */
function protectCloze(text: string): string {
  return text.replace(/<Cloze\b[\s\S]*?<\/Cloze>/g, (block) =>
    block.replace(/\{/g, clozeOpen).replace(/\}/g, clozeClose),
  );
}

/**
 * Deeper nesting than any item needs (quotes in lists in quotes...). Every
 * tool that walks a tree recursively, ours and the libraries', would run out
 * of stack on a file of a few thousand `>` or `*`.
 */
export const maxNesting = 100;

/** The first node nested deeper than `maxNesting`, found without recursion. */
function tooDeep(tree: Root): Node | undefined {
  const stack: [Node, number][] = [[tree, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > maxNesting) return node;
    const children = (node as Parent).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, depth + 1]);
  }
  return undefined;
}

function reportTooDeep(file: VFile, node: Node | undefined): void {
  const start = node?.position?.start;
  reportDiagnostic(file, {
    ruleId: 'markdown/too-deep',
    message: `Unexpected nesting deeper than ${maxNesting} levels (block quotes, lists or emphasis inside each other)`,
    hint: 'Look for a long run of `>`, `*`, `_` or indented `-` at this place: no item needs more than a few levels.',
    place: start ? { line: start.line, column: start.column } : { line: 1, column: 1 },
  });
}

/**
 * At most this many emphasis and link markers (`*`, `_`, `~`, `[`, `]`) in one
 * paragraph, and `maxFileMarkers` in a file. The parser pairs them in time
 * that grows with the square of their number: 40,000 in one paragraph took it
 * 47 seconds. Real paragraphs have a few dozen.
 */
export const maxParagraphMarkers = 1000;
/**
 * At most this many emphasis and link markers in one file, code included: it
 * bounds the parser's work (about 3 s) wherever the paragraph count is wrong.
 */
export const maxFileMarkers = 10_000;

/** A frontmatter block at the start of a file, its YAML in group 1. */
const frontmatterBlock = /^---[ \t]*\n([\s\S]*?\n)?---[ \t]*(?:\n|$)/;

const markerCodes = new Set([42, 95, 126, 91, 93]); // * _ ~ [ ]
const listItem = /^\s*(?:[-+*]|\d{1,9}[.)])(?:\s|$)/;
const heading = /^ {0,3}#{1,6}(?:\s|$)/;
const tableDelimiterRow = /^\s*\|?(?:\s*:?-+:?\s*\|)+\s*(?::?-+:?\s*)?$/;

/** Where a file has too many emphasis and link markers, in one paragraph or in all. */
function markerOverflow(text: string): { line: number; column: number; paragraph: boolean } | undefined {
  let total = 0;
  for (let i = 0; i < text.length; i++) if (markerCodes.has(text.charCodeAt(i))) total++;
  if (total <= maxParagraphMarkers) return undefined;
  // Paragraphs as near as lines tell: they end at blank lines, headings, list items and code
  // fences, and each row of a table is one. Code in fences does not count towards them.
  let inParagraph = 0;
  let inFile = 0;
  let fence: string | undefined;
  let table = false;
  const lines = text.split('\n');
  // Frontmatter is YAML, not Markdown: its brackets are not the parser's to pair.
  const frontmatter = frontmatterBlock.exec(text)?.[0];
  const start = frontmatter ? frontmatter.split('\n').length - (frontmatter.endsWith('\n') ? 1 : 0) : 0;
  for (let index = start; index < lines.length; index++) {
    const line = lines[index]!;
    let fenced = fence !== undefined;
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)?.[1];
      if (close && close[0] === fence[0] && close.length >= fence.length) fence = undefined;
    } else {
      // CommonMark: a backtick fence's info string has no backtick.
      fence = /^ {0,3}(`{3,})[^`]*$/.exec(line)?.[1] ?? /^ {0,3}(~{3,})/.exec(line)?.[1];
      fenced = fence !== undefined;
    }
    if (fenced || !line.trim() || heading.test(line) || listItem.test(line)) inParagraph = 0;
    if (!line.trim()) table = false;
    if (!fenced && tableDelimiterRow.test(line) && line.includes('|')) table = true;
    if (table) inParagraph = 0;
    for (let column = 0; column < line.length; column++) {
      if (!markerCodes.has(line.charCodeAt(column))) continue;
      inFile++;
      if (!fenced) inParagraph++;
      if (inParagraph > maxParagraphMarkers || inFile > maxFileMarkers) {
        return { line: index + 1, column: column + 1, paragraph: inParagraph > maxParagraphMarkers };
      }
    }
  }
  return undefined;
}

/** Report the conflict markers git left in the file; parsing goes on, for its other problems. */
function reportConflictMarkers(file: VFile, text: string): void {
  for (const { line, column, marker, length } of conflictMarkers(text)) {
    reportDiagnostic(file, {
      ruleId: 'markdown/conflict-marker',
      message: `Unexpected git conflict marker \`${marker}\`, expected the merge to be finished`,
      hint: 'Keep the right version of the text between `<<<<<<<` and `>>>>>>>`, then delete the marker lines.',
      place: { start: { line, column }, end: { line, column: length + 1 } },
    });
  }
}

function parseTree(file: VFile, format: 'md' | 'mdx'): Root | undefined {
  let tree: Root;
  reportConflictMarkers(file, file.toString());
  const nested = nestingOverflow(file.toString(), maxNesting);
  if (nested) {
    reportTooDeep(file, { type: 'text', position: { start: nested, end: nested } });
    return undefined;
  }
  const overflow = markerOverflow(file.toString());
  if (overflow) {
    const { line, column, paragraph } = overflow;
    reportDiagnostic(file, {
      ruleId: 'markdown/too-complex',
      message: paragraph
        ? `Unexpected more than ${maxParagraphMarkers} emphasis or link markers (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`) in one paragraph, expected at most ${maxParagraphMarkers}`
        : `Unexpected more than ${maxFileMarkers} emphasis or link markers (\`*\`, \`_\`, \`~\`, \`[\`, \`]\`) in one file, expected at most ${maxFileMarkers}`,
      hint: 'Look for a long run of these characters pasted by accident, or split the text: real paragraphs have a few dozen.',
      place: { line, column },
    });
    return undefined;
  }
  try {
    const text = file.toString();
    tree = parseMarkdown(format === 'md' ? text : protectCloze(text), format);
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      // The parser itself ran out of stack: nesting again.
      reportTooDeep(file, undefined);
      return undefined;
    }
    // micromark throws a VFileMessage with a place for MDX syntax errors.
    const place = error instanceof VFileMessage ? error.place : undefined;
    const start = place && 'start' in place ? place.start : place;
    reportDiagnostic(file, {
      ruleId: 'mdx/syntax',
      message: mdxMessage(error instanceof VFileMessage ? error.reason : String(error)),
      hint: 'In MDX, `<` starts a component and `{` an expression: escape them as `\\<` and `\\{`, or use a .md file.',
      place: start ? { line: start.line, column: start.column } : undefined,
    });
    return undefined;
  }
  const deep = tooDeep(tree);
  if (deep) {
    reportTooDeep(file, deep);
    return undefined;
  }
  return tree;
}

function parseFrontmatter(file: VFile, tree: Root): ParsedFrontmatter | undefined {
  const first = tree.children[0];
  if (first?.type !== 'yaml') {
    const text = file.toString();
    if (/^---[ \t]*(\n|$)/.test(text)) {
      reportDiagnostic(file, {
        ruleId: 'frontmatter/unclosed',
        message: 'Unexpected end of frontmatter: the opening `---` has no closing `---`',
        hint: 'Add a line with `---` after the last frontmatter field.',
        place: { start: { line: 1, column: 1 }, end: { line: 1, column: 4 } },
      });
    } else {
      reportDiagnostic(file, {
        ruleId: 'frontmatter/missing',
        message: 'Missing frontmatter, expected the file to start with a `---` block of fields',
        hint: 'Start the file with `---`, the fields (`id: ...`, `status: ...`), and `---`. `qbank new` writes a template.',
        place: { start: { line: 1, column: 1 } },
      });
    }
    return undefined;
  }
  const node = first as Yaml;
  const place = placeOf(node);
  const parsed = parseYaml(node.value, place.start.line, place);
  for (const problem of parsed.problems) reportDiagnostic(file, problem);
  let data: Record<string, unknown> | undefined;
  if (parsed.problems.length === 0) {
    if (parsed.data !== null && typeof parsed.data === 'object' && !Array.isArray(parsed.data)) {
      data = parsed.data as Record<string, unknown>;
    } else {
      reportDiagnostic(file, {
        ruleId: 'frontmatter/not-a-map',
        message: `Unexpected ${parsed.data === null || parsed.data === undefined ? 'empty frontmatter' : 'frontmatter value'}, expected \`key: value\` fields`,
        hint: 'Write one field per line, for example `id: cv-aortic-stenosis`.',
        place,
      });
    }
  }
  return { yaml: parsed.yaml, data, place };
}

function isTaskList(node: RootContent): node is List {
  return node.type === 'list' && node.children.some((item) => typeof item.checked === 'boolean');
}

/**
 * Split a choice into its label (first line) and rationale (the rest), at
 * the first line break of its first paragraph.
 */
function splitChoice(item: ListItem): ParsedChoice {
  const [first, ...rest] = item.children;
  if (first?.type !== 'paragraph') {
    return { node: item, checked: item.checked ?? null, label: [], rationale: item.children };
  }
  const label: PhrasingContent[] = [];
  const after: PhrasingContent[] = [];
  let broken = false;
  for (const child of first.children) {
    if (broken) {
      after.push(child);
    } else if (child.type === 'break') {
      broken = true;
    } else if (child.type === 'text' && child.value.includes('\n')) {
      const cut = child.value.indexOf('\n');
      const head = child.value.slice(0, cut).trimEnd();
      const tail = child.value.slice(cut + 1).trimStart();
      if (head) label.push({ ...child, value: head } satisfies Text);
      if (tail) after.push({ type: 'text', value: tail } satisfies Text);
      broken = true;
    } else {
      label.push(child);
    }
  }
  const rationale: RootContent[] = [];
  if (after.length) {
    const line = (first.position?.start.line ?? 0) + 1;
    rationale.push({
      type: 'paragraph',
      children: after,
      position: first.position && {
        start: { line, column: first.position.start.column },
        end: first.position.end,
      },
    } satisfies Paragraph);
  }
  rationale.push(...(rest as RootContent[]));
  return { node: item, checked: item.checked ?? null, label, rationale };
}

function splitSections(nodes: RootContent[]): { before: RootContent[]; sections: ParsedSection[] } {
  const before: RootContent[] = [];
  const sections: ParsedSection[] = [];
  for (const node of nodes) {
    if (node.type === 'heading' && node.depth <= 2) {
      const title = toString(node).trim();
      sections.push({ key: sectionKeys[title.toLowerCase()], title, heading: node, content: [] });
    } else if (sections.length) {
      sections.at(-1)!.content.push(node);
    } else {
      before.push(node);
    }
  }
  return { before, sections };
}

function parseBase(file: VFile) {
  const format = formatOf(file);
  const tree = parseTree(file, format);
  const frontmatter = tree ? parseFrontmatter(file, tree) : undefined;
  const body = tree ? tree.children.filter((node) => node.type !== 'yaml') : [];
  return { file, format, tree, frontmatter, body };
}

/**
 * Parse a question file into its parts: frontmatter, stem, lead-in, choices
 * with rationales, and sections. Structural problems (no choices, two keys)
 * are left to validation; only syntax problems are reported here.
 *
 * @param file A VFile with the text in `value` (see `readSourceFile`).
 * @returns The parsed question.
 */
export function parseQuestion(file: VFile): ParsedQuestion {
  const base = parseBase(file);
  const { before, sections } = splitSections(base.body);
  const listIndex = before.findIndex(isTaskList);
  const question: ParsedQuestion = {
    ...base,
    kind: 'question',
    stem: before,
    leadIn: undefined,
    choiceList: undefined,
    extraChoiceLists: [],
    choices: [],
    strayAfterChoices: [],
    sections,
  };
  if (listIndex === -1) return question;
  const list = before[listIndex] as List;
  const previous = before[listIndex - 1];
  const hasLeadIn = previous?.type === 'paragraph';
  const after = before.slice(listIndex + 1);
  question.stem = before.slice(0, hasLeadIn ? listIndex - 1 : listIndex);
  question.leadIn = hasLeadIn ? previous : undefined;
  question.choiceList = list;
  question.choices = list.children.map(splitChoice);
  question.extraChoiceLists = after.filter(isTaskList);
  question.strayAfterChoices = after.filter((node) => !isTaskList(node));
  return question;
}

/**
 * Parse a note file: frontmatter and Markdown body.
 *
 * @param file A VFile with the text in `value`.
 * @returns The parsed note.
 */
export function parseNote(file: VFile): ParsedNote {
  return { ...parseBase(file), kind: 'note' };
}

/**
 * Parse a file as a question or a note.
 *
 * @param file A VFile with the text in `value`.
 * @param kind What the file is.
 * @returns The parsed item.
 */
export function parseItem(file: VFile, kind: ItemKind): ParsedItem {
  return kind === 'question' ? parseQuestion(file) : parseNote(file);
}

/**
 * Read only the frontmatter of a file, without parsing the Markdown: enough
 * for bank-level checks (ids, links) over files that are not being checked
 * themselves. Problems are not reported.
 *
 * @param file A VFile with the text in \`value\`.
 * @param kind What the file is.
 * @returns The item, with \`tree\` undefined and an empty body.
 */
export function parseFrontmatterOnly(file: VFile, kind: ItemKind): ParsedItem {
  const text = String(file.value ?? '');
  const match = frontmatterBlock.exec(text);
  let frontmatter: ParsedFrontmatter | undefined;
  if (match) {
    const lines = match[0].split('\n').length - (match[0].endsWith('\n') ? 1 : 0);
    const place = { start: { line: 1, column: 1 }, end: { line: lines, column: 4 } };
    const parsed = parseYaml(match[1] ?? '', 1, place);
    const data = parsed.data;
    frontmatter = {
      yaml: parsed.yaml,
      data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined,
      place,
    };
  }
  const base = { file, format: formatOf(file), tree: undefined, frontmatter, body: [] };
  if (kind === 'note') return { ...base, kind: 'note' };
  return {
    ...base,
    kind: 'question',
    stem: [],
    leadIn: undefined,
    choiceList: undefined,
    extraChoiceLists: [],
    choices: [],
    strayAfterChoices: [],
    sections: [],
  };
}

/**
 * What the MDX parser's complaint means for an author: the common mistakes in plain words, the
 * others with the parser's own reason (its positions, which the diagnostic carries, left out).
 */
function mdxMessage(reason: string): string {
  const found =
    /^Unexpected (?:character `(.+?)` \(U\+[0-9A-F]+\)|(end of file)) (before name|in name|after name)/.exec(reason);
  if (found?.[3] === 'before name' && found[1]) {
    return `Unexpected \`<\` before \`${found[1]}\`: in MDX, \`<\` starts a component such as \`<Figure>\``;
  }
  if (found?.[2]) return 'Unexpected end of the file inside a component tag: a `<` is never closed by `>`';
  if (/closing brace for `\{`/.test(reason))
    return 'Unexpected `{` that is never closed by `}`: in MDX, `{` starts an expression';
  if (/closing quote/.test(reason))
    return 'Unexpected end of the file inside an attribute value: its quote is never closed';
  const closing = /^Expected a closing tag for `<([^`>]+)>`/.exec(reason);
  if (closing) return `Missing closing tag \`</${closing[1]}>\` for \`<${closing[1]}>\`, or a \`/>\` at the end of it`;
  const unmatched = /^Unexpected closing tag `([^`]+)`, expected corresponding closing tag for `([^`]+)`/.exec(reason);
  if (unmatched) return `Unexpected closing tag \`${unmatched[1]}\`, expected the one for \`${unmatched[2]}\``;
  if (/before attribute value/.test(reason))
    return 'Unexpected attribute value without quotes, expected `name="value"`';
  return `Unexpected MDX syntax: ${reason.replace(/ \(\d+:\d+(?:-\d+:\d+)?\)/g, '')}`;
}
