import type { PhrasingContent } from 'mdast';
import { htmlToMdast, mdastToMarkdown, splitHtmlQuestion, type ImageResolver } from './html.js';
import type { ImportText } from './model.js';
import { splitLeadIn } from './split.js';

/** How a source's text is written. */
export type TextFormat = 'plain' | 'html';

/** A question's text split into stem and lead-in, with what was lost. */
export interface QuestionParts {
  /** The vignette. */
  stem: ImportText;
  /** The lead-in. */
  leadIn: ImportText;
  /** What was dropped or changed. */
  lossy: string[];
}

/** Whether text holds an HTML tag (Moodle's "auto-format" text may). */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>/i.test(text);
}

/**
 * Split a question's text into stem and lead-in: plain text at the last
 * sentence, HTML at its last paragraph (or last sentence, when it is one plain paragraph).
 *
 * @param text The question text.
 * @param format Plain text or HTML.
 * @param resolveImage Where images go (HTML only).
 * @returns The parts.
 */
export function questionParts(text: string, format: TextFormat, resolveImage?: ImageResolver): QuestionParts {
  if (format === 'plain') {
    const { stem, leadIn } = splitLeadIn(text.trim());
    return { stem: { text: stem }, leadIn: { text: leadIn }, lossy: [] };
  }
  const { tree, lossy } = htmlToMdast(text, resolveImage);
  const { stem, leadIn } = splitHtmlQuestion(tree);
  if (leadIn && !stem.length && leadIn.children.every((child: PhrasingContent) => child.type === 'text')) {
    const plain = leadIn.children.map((child) => (child as { value: string }).value).join('');
    return { ...questionParts(plain, 'plain'), lossy };
  }
  return {
    stem: { markdown: mdastToMarkdown(stem) },
    leadIn: { markdown: leadIn ? mdastToMarkdown([leadIn]) : '' },
    lossy,
  };
}

/**
 * A part of a question (an option, a rationale, an explanation) as plain text or converted HTML.
 *
 * @param text The source text.
 * @param format Plain text or HTML.
 * @param resolveImage Where images go (HTML only).
 * @returns The part and what was lost.
 */
export function textPart(
  text: string,
  format: TextFormat,
  resolveImage?: ImageResolver,
): { part: ImportText; lossy: string[] } {
  if (format === 'plain') return { part: { text: text.trim() }, lossy: [] };
  const { tree, lossy } = htmlToMdast(text, resolveImage);
  return { part: { markdown: mdastToMarkdown(tree.children) }, lossy };
}
