import { parseYaml, reportDiagnostic } from '@qbank/core';
import type { List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text, Yaml } from 'mdast';
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

function parseTree(file: VFile, format: 'md' | 'mdx'): Root | undefined {
  try {
    const text = file.toString();
    return parseMarkdown(format === 'md' ? text : protectCloze(text), format);
  } catch (error) {
    // micromark throws a VFileMessage with a place for MDX syntax errors.
    const place = error instanceof VFileMessage ? error.place : undefined;
    const start = place && 'start' in place ? place.start : place;
    reportDiagnostic(file, {
      ruleId: 'mdx/syntax',
      message: `Unexpected MDX syntax: ${error instanceof VFileMessage ? error.reason : String(error)}`,
      hint: 'In MDX, `<` starts a component and `{` an expression: escape them as `\\<` and `\\{`, or use a .md file.',
      place: start ? { line: start.line, column: start.column } : undefined,
    });
    return undefined;
  }
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
  const match = /^---[ \t]*\n([\s\S]*?\n)?---[ \t]*(?:\n|$)/.exec(text);
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
