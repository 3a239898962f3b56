import { didYouMean, reportDiagnostic, type SourceRange } from '@qbank/core';
import { clozeClose, clozeOpen, placeOf, type ParsedItem } from '@qbank/parser';
import type { Nodes } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';

/** What a component accepts. */
export interface ComponentSpec {
  /** Attribute names with whether each is required. */
  attributes: Readonly<Record<string, { required: boolean; description: string }>>;
  /** Where it may appear: notes only, or questions and notes. */
  in: 'notes' | 'all';
  /** One line for the docs and hints. */
  description: string;
}

const attr = (required: boolean, description: string) => ({ required, description });

/**
 * The allow-list of MDX components, with their attributes. Attribute values
 * are string literals only; anything else is rejected (content never runs code).
 */
export const componentSpecs: Readonly<Record<string, ComponentSpec>> = {
  Mnemonic: {
    attributes: { title: attr(true, 'the mnemonic itself, e.g. "MUDPILES"') },
    in: 'all',
    description: 'A mnemonic; its content says what each letter stands for.',
  },
  Flashcard: {
    attributes: {
      id: attr(true, 'a key unique within the note; the card id is `<note-id>/<key>` and survives edits'),
      front: attr(true, 'the question side'),
      back: attr(true, 'the answer side'),
    },
    in: 'notes',
    description: 'An active-recall card.',
  },
  Cloze: {
    attributes: { id: attr(true, 'a key unique within the note') },
    in: 'notes',
    description: 'Cloze deletions written as `{{c1::answer}}` or `{{c1::answer::hint}}`, as in Anki.',
  },
  Video: {
    attributes: {
      provider: attr(true, 'the video host, as in the video registry'),
      id: attr(true, "the video's id with that provider"),
      start: attr(false, 'where to start, `mm:ss` or `h:mm:ss`'),
      title: attr(true, 'what the lesson or chapter covers'),
    },
    in: 'all',
    description: 'A whiteboard video lesson, or a timestamped chapter of one.',
  },
  Pearl: { attributes: {}, in: 'all', description: 'A high-yield pearl callout.' },
  Warning: { attributes: {}, in: 'all', description: 'A pitfall or common-mistake callout.' },
  Figure: {
    attributes: {
      src: attr(true, 'image path relative to the file'),
      alt: attr(true, 'what the image shows, for learners who cannot see it'),
      caption: attr(false, 'caption shown under the image'),
      credit: attr(true, 'author and licence of the image'),
    },
    in: 'all',
    description: 'An image with caption and credit.',
  },
  QuestionRef: {
    attributes: { id: attr(true, 'id of a question in the bank') },
    in: 'all',
    description: 'A link to a question, checked at build time.',
  },
  NoteRef: {
    attributes: { id: attr(true, 'id of a note in the bank') },
    in: 'all',
    description: 'A link to a note, checked at build time.',
  },
};

/** A component link to another item, checked across the bank. */
export interface ItemRef {
  /** What it points at. */
  kind: 'question' | 'note';
  /** The target id. */
  id: string;
  /** Where the link is. */
  place: SourceRange;
}

/** A video as the registry lists it. */
export interface VideoEntry {
  /** Title. */
  title: string;
  /** Length in seconds. */
  duration: number;
}

/**
 * Parse `mm:ss` or `h:mm:ss` into seconds.
 *
 * @param value A timestamp.
 * @returns Seconds, or `undefined` when the form is wrong.
 */
export function parseTimestamp(value: string): number | undefined {
  const match = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)$/.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/**
 * The literal string attributes of a component (expression attributes are
 * reported by the markup check and left out here).
 *
 * @param node An MDX JSX element.
 * @returns Attribute names to values.
 */
export function componentAttributes(node: MdxJsxFlowElement | MdxJsxTextElement): Map<string, string> {
  const out = new Map<string, string>();
  for (const attribute of node.attributes) {
    if (attribute.type === 'mdxJsxAttribute' && (typeof attribute.value === 'string' || attribute.value === null)) {
      out.set(attribute.name, attribute.value ?? '');
    }
  }
  return out;
}

/** The cloze deletions in a Cloze component's text, by number. */
export function clozeNumbers(text: string): number[] {
  const restored = text.replaceAll(clozeOpen, '{').replaceAll(clozeClose, '}');
  return [...new Set([...restored.matchAll(/\{\{c(\d+)::[\s\S]+?\}\}/g)].map((m) => Number(m[1])))].sort(
    (a, b) => a - b,
  );
}

/** What checking one item's components keeps between its components. */
interface ComponentCheck {
  item: ParsedItem;
  file: ParsedItem['file'];
  videos: ReadonlyMap<string, VideoEntry> | undefined;
  /** Card keys seen so far, with the first card's place. */
  cardKeys: Map<string, SourceRange>;
  /** A key for a card without one (`card-1`, `card-2`...), not yet used in the file. */
  freshKey: () => string;
  /** Links to other items, for the bank-level check. */
  refs: ItemRef[];
}

type ComponentNode = MdxJsxFlowElement | MdxJsxTextElement;

function isComponent(node: Nodes): node is ComponentNode {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

/**
 * Check the components of an item: allowed here, known attributes, required
 * attributes, card keys, cloze deletions, videos against the registry.
 *
 * @param item A parsed question or note.
 * @param videos The video registry, by `provider:id` (undefined: no registry).
 * @returns Links to other items, for the bank-level check.
 */
export function checkComponents(item: ParsedItem, videos: ReadonlyMap<string, VideoEntry> | undefined): ItemRef[] {
  if (!item.tree) return [];
  const check: ComponentCheck = {
    item,
    file: item.file,
    videos,
    cardKeys: new Map(),
    freshKey: freshKeys(item.tree),
    refs: [],
  };
  visit(item.tree, (node: Nodes) => {
    if (isComponent(node)) checkComponent(node, check);
  });
  return check.refs;
}

/** Keys offered by `qbank fmt` for cards without one: card-1, card-2... not yet used in the file. */
function freshKeys(tree: Nodes): () => string {
  const usedKeys = new Set<string>();
  visit(tree, (node: Nodes) => {
    const id = isComponent(node) ? componentAttributes(node).get('id') : undefined;
    if (id) usedKeys.add(id);
  });
  return () => {
    let n = 1;
    while (usedKeys.has(`card-${n}`)) n++;
    usedKeys.add(`card-${n}`);
    return `card-${n}`;
  };
}

function checkComponent(node: ComponentNode, check: ComponentCheck): void {
  const { item, file } = check;
  const name = node.name ?? '';
  const spec = componentSpecs[name];
  const place = placeOf(node);
  if (!spec) {
    const suggestion = didYouMean(name, Object.keys(componentSpecs));
    reportDiagnostic(file, {
      ruleId: 'mdx/unknown-component',
      message: `Unexpected component \`<${name || '>'}${name ? '>' : ''}\`, expected one of the allowed components`,
      hint: suggestion ? `Did you mean \`<${suggestion}>\`?` : `Allowed: ${Object.keys(componentSpecs).join(', ')}.`,
      place,
      actual: name,
      expected: Object.keys(componentSpecs),
    });
    return;
  }
  if (spec.in === 'notes' && item.kind !== 'note') {
    reportDiagnostic(file, {
      ruleId: 'mdx/component-not-allowed',
      message: `Unexpected \`<${name}>\` in a question, expected it in a note`,
      hint: 'Cards belong in the study note the question links; put it there.',
      place,
    });
  }
  const attributes = componentAttributes(node);
  checkUnknownAttributes(node, spec, check);
  checkRequiredAttributes(node, spec, attributes, check);
  if (name === 'Flashcard' || name === 'Cloze') checkCardKey(attributes.get('id'), place, check);
  if (name === 'Cloze' && clozeNumbers(toString(node)).length === 0) {
    reportDiagnostic(file, {
      ruleId: 'note/cloze-without-deletion',
      message: 'Missing cloze deletion in `<Cloze>`, expected `{{c1::...}}`',
      hint: 'Wrap what the learner must recall: `The {{c1::SA node}} sets the heart rate.`',
      place,
    });
  }
  if (name === 'Video') checkVideo(item, attributes, place, check.videos);
  if ((name === 'QuestionRef' || name === 'NoteRef') && attributes.get('id')) {
    check.refs.push({ kind: name === 'QuestionRef' ? 'question' : 'note', id: attributes.get('id')!, place });
  }
}

function checkUnknownAttributes(node: ComponentNode, spec: ComponentSpec, check: ComponentCheck): void {
  const name = node.name ?? '';
  const known = Object.keys(spec.attributes);
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || attribute.name in spec.attributes) continue;
    const suggestion = didYouMean(attribute.name, known);
    reportDiagnostic(check.file, {
      ruleId: 'mdx/unknown-attribute',
      message: `Unexpected attribute \`${attribute.name}\` on \`<${name}>\``,
      hint: suggestion
        ? `Did you mean \`${suggestion}\`?`
        : known.length
          ? `\`<${name}>\` takes: ${known.join(', ')}.`
          : `\`<${name}>\` takes no attributes.`,
      place: attribute.position ? placeOf(attribute) : placeOf(node),
    });
  }
}

function checkRequiredAttributes(
  node: ComponentNode,
  spec: ComponentSpec,
  attributes: Map<string, string>,
  check: ComponentCheck,
): void {
  const name = node.name ?? '';
  const place = placeOf(node);
  for (const [attributeName, info] of Object.entries(spec.attributes)) {
    if (!info.required || attributes.get(attributeName)?.trim()) continue;
    const cardKey = (name === 'Flashcard' || name === 'Cloze') && attributeName === 'id';
    reportDiagnostic(check.file, {
      ruleId: 'mdx/missing-attribute',
      message: `Missing attribute \`${attributeName}\` on \`<${name}>\``,
      hint: cardKey
        ? 'Give the card a short key unique in this note, e.g. `id="sa-node"`; `qbank fmt` adds one for you.'
        : `Add \`${attributeName}="..."\`: ${info.description}.`,
      place,
      fix: cardKey && place.start ? cardIdFix(place.start, name, check.freshKey()) : undefined,
    });
  }
}

function checkCardKey(key: string | undefined, place: SourceRange, check: ComponentCheck): void {
  if (!key) return;
  const earlier = check.cardKeys.get(key);
  if (!earlier) {
    check.cardKeys.set(key, place);
    return;
  }
  reportDiagnostic(check.file, {
    ruleId: 'note/duplicate-card-id',
    message: `Unexpected second card key \`${key}\` in this note`,
    hint: 'Card keys must be unique within a note: learners\u2019 review history is keyed to them.',
    place,
    related: { file: check.file.path, place: earlier.start, message: 'First card with this key' },
  });
}

function cardIdFix(start: { line: number; column: number }, name: string, key: string) {
  // Insert right after `<Name`: the key is chosen once and then lives in the file.
  const at = { line: start.line, column: start.column + 1 + name.length };
  return { range: { start: at, end: at }, text: ` id="${key}"` };
}

function checkVideo(
  item: ParsedItem,
  attributes: Map<string, string>,
  place: SourceRange,
  videos: ReadonlyMap<string, VideoEntry> | undefined,
): void {
  const start = attributes.get('start');
  const seconds = start === undefined ? 0 : parseTimestamp(start);
  if (start !== undefined && seconds === undefined) {
    reportDiagnostic(item.file, {
      ruleId: 'note/bad-timestamp',
      message: `Unexpected start \`${start}\`, expected \`mm:ss\` or \`h:mm:ss\``,
      hint: 'Write minutes and seconds, e.g. `start="4:35"`.',
      place,
    });
  }
  const provider = attributes.get('provider');
  const id = attributes.get('id');
  if (!videos || !provider || !id) return;
  const entry = videos.get(`${provider}:${id}`);
  if (!entry) {
    const suggestion = didYouMean(`${provider}:${id}`, videos.keys());
    reportDiagnostic(item.file, {
      ruleId: 'note/unknown-video',
      message: `Unexpected video \`${provider}:${id}\`: the video registry does not list it`,
      hint: suggestion ? `Did you mean \`${suggestion}\`?` : 'Add it (title and duration) to the video registry first.',
      place,
    });
  } else if (seconds !== undefined && seconds >= entry.duration) {
    reportDiagnostic(item.file, {
      ruleId: 'note/video-start-past-end',
      message: `Unexpected start \`${start}\` past the end of \`${entry.title}\` (${Math.floor(entry.duration / 60)}:${String(entry.duration % 60).padStart(2, '0')} long)`,
      hint: 'Check the timestamp against the video.',
      place,
    });
  }
}
