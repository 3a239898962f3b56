import { clozeNumbers, componentAttributes, parseTimestamp } from '@qbank/validate';
import type { RootContent } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import type { NoteBlock, NoteCard } from './model.js';
import { renderBlocks, restoreCloze } from './render.js';

type Component = MdxJsxFlowElement | MdxJsxTextElement;

function isComponent(node: RootContent): node is MdxJsxFlowElement {
  return node.type === 'mdxJsxFlowElement';
}

function componentBlock(node: Component, noteId: string): NoteBlock {
  const a = componentAttributes(node);
  switch (node.name) {
    case 'Mnemonic':
      return { type: 'mnemonic', title: a.get('title') ?? '', html: renderBlocks(node.children as RootContent[]) };
    case 'Flashcard':
      return {
        type: 'flashcard',
        id: `${noteId}/${a.get('id')}`,
        front: a.get('front') ?? '',
        back: a.get('back') ?? '',
      };
    case 'Cloze': {
      const text = restoreCloze(toString(node)).trim();
      return { type: 'cloze', id: `${noteId}/${a.get('id')}`, text, deletions: clozeNumbers(text) };
    }
    case 'Video':
      return {
        type: 'video',
        provider: a.get('provider') ?? '',
        videoId: a.get('id') ?? '',
        title: a.get('title') ?? '',
        start: parseTimestamp(a.get('start') ?? '0:00') ?? 0,
      };
    case 'Pearl':
    case 'Warning':
      return {
        type: 'callout',
        kind: node.name === 'Pearl' ? 'pearl' : 'warning',
        html: renderBlocks(node.children as RootContent[]),
      };
    case 'Figure':
      return {
        type: 'figure',
        src: a.get('src') ?? '',
        alt: a.get('alt') ?? '',
        caption: a.get('caption') ?? null,
        credit: a.get('credit') ?? '',
      };
    default:
      // QuestionRef/NoteRef as a block of their own: keep them as HTML.
      return { type: 'html', html: renderBlocks([node]) };
  }
}

/**
 * A note body as typed blocks: runs of prose become sanitized HTML blocks, and
 * each top-level component becomes a typed block any front end can render.
 *
 * @param nodes The note's top-level nodes.
 * @param noteId The note's id (card ids are `<note-id>/<key>`).
 * @returns The blocks, in order.
 */
export function noteBlocks(nodes: readonly RootContent[], noteId: string): NoteBlock[] {
  const blocks: NoteBlock[] = [];
  let prose: RootContent[] = [];
  const flush = () => {
    if (prose.length) blocks.push({ type: 'html', html: renderBlocks(prose) });
    prose = [];
  };
  for (const node of nodes) {
    if (isComponent(node) && node.name !== 'QuestionRef' && node.name !== 'NoteRef') {
      flush();
      blocks.push(componentBlock(node, noteId));
    } else {
      prose.push(node);
    }
  }
  flush();
  return blocks;
}

/**
 * Every flashcard and cloze card of a note, wherever it sits, with its stable id.
 *
 * @param nodes The note's top-level nodes.
 * @param noteId The note's id.
 * @returns The cards, in document order.
 */
export function noteCards(nodes: readonly RootContent[], noteId: string): NoteCard[] {
  const cards: NoteCard[] = [];
  visit({ type: 'root', children: [...nodes] }, (node) => {
    if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
    const component = node as Component;
    if (component.name === 'Flashcard') {
      const block = componentBlock(component, noteId) as Extract<NoteBlock, { type: 'flashcard' }>;
      cards.push({ id: block.id, kind: 'basic', front: block.front, back: block.back, text: null, deletions: [] });
    } else if (component.name === 'Cloze') {
      const block = componentBlock(component, noteId) as Extract<NoteBlock, { type: 'cloze' }>;
      cards.push({
        id: block.id,
        kind: 'cloze',
        front: null,
        back: null,
        text: block.text,
        deletions: block.deletions,
      });
    }
  });
  return cards;
}
