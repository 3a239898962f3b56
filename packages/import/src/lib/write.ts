import matter from 'gray-matter';
import { escapeBlock, escapeOption } from './escape.js';
import { slugify } from './ids.js';
import type { ImportedQuestion, ImportText } from './model.js';

/** A taxonomy axis that imported values are placed on. */
export type ImportAxis = 'system' | 'discipline' | 'competency';

/** Turns a source's value (a Moodle category, a CSV cell) into a taxonomy id, or `undefined`. */
export type TaxonomyResolver = (axis: ImportAxis, value: string) => string | undefined;

/** How to write an item. */
export interface RenderOptions {
  /** The item's id. */
  id: string;
  /** Places source values on the taxonomy; without one, no taxonomy field is written. */
  resolve?: TaxonomyResolver | undefined;
  /** Path from the question file's folder to the assets folder (`../images/imported`). */
  assetsPath?: string | undefined;
}

/** A written item: its Markdown and what is left for the author. */
export interface RenderedQuestion {
  /** The whole file: frontmatter and body. */
  text: string;
  /** Source values that could not be placed on the taxonomy (`system: Cardio`). */
  unresolved: string[];
  /** Required fields left out (`system`, `discipline`, `competency`): `qbank validate` reports them. */
  missing: ImportAxis[];
}

/** Placeholder path prefix readers give images; replaced by the assets path. */
export const assetPlaceholder = 'qbank-asset/';

function block(part: ImportText | undefined): string {
  if (!part) return '';
  return 'text' in part ? escapeBlock(part.text) : part.markdown.trim();
}

function leadIn(part: ImportText): string {
  return 'text' in part ? escapeBlock(part.text, false) : part.markdown.trim();
}

function option(part: ImportText): string {
  return 'text' in part ? escapeOption(part.text) : part.markdown.trim().replace(/\s*\n\s*/g, ' ');
}

function indent(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => (line ? `  ${line}` : ''))
    .join('\n');
}

function frontmatter(item: ImportedQuestion, options: RenderOptions, unresolved: string[]): Record<string, unknown> {
  // Nothing is published by an import: a source's `published` is written as `draft`.
  const status = ['draft', 'review', 'retired'].includes(item.status?.trim().toLowerCase() ?? '')
    ? item.status!.trim().toLowerCase()
    : 'draft';
  const data: Record<string, unknown> = { id: options.id, status };
  const place = (axis: ImportAxis, value: string | undefined): string | undefined => {
    if (!value?.trim()) return undefined;
    const id = options.resolve?.(axis, value.trim());
    if (!id) unresolved.push(`${axis}: ${value.trim()}`);
    return id;
  };
  const disciplines = (item.discipline ?? []).map((value) => place('discipline', value)).filter(Boolean);
  if (disciplines.length) data.discipline = [...new Set(disciplines)];
  const system = place('system', item.system);
  if (system) data.system = system;
  const competency = place('competency', item.competency);
  if (competency) data.competency = competency;
  if (
    item.difficulty !== undefined &&
    Number.isInteger(item.difficulty) &&
    item.difficulty >= 1 &&
    item.difficulty <= 5
  ) {
    data.difficulty = item.difficulty;
  }
  const tags = [...new Set((item.tags ?? []).map((tag) => slugify(tag, 64)).filter(Boolean))];
  if (tags.length) data.tags = tags;
  return data;
}

/**
 * Write an imported question as an authoring-format Markdown file:
 * frontmatter (gray-matter), stem, lead-in, one task list of options with
 * rationales indented under them, and `## Explanation`.
 *
 * @param item The question.
 * @param options Its id, the taxonomy resolver and where assets are.
 * @returns The file's text and the values left for the author.
 */
export function renderQuestion(item: ImportedQuestion, options: RenderOptions): RenderedQuestion {
  const unresolved: string[] = [];
  const data = frontmatter(item, options, unresolved);
  const parts: string[] = [];
  const stem = block(item.stem);
  if (stem) parts.push(stem);
  parts.push(leadIn(item.leadIn));
  const choices = item.choices.map((choice) => {
    const line = `- [${choice.correct ? 'x' : ' '}] ${option(choice.text)}`;
    const rationale = block(choice.rationale);
    return rationale ? `${line}\n${indent(rationale)}` : line;
  });
  parts.push(choices.join('\n'));
  const explanation = block(item.explanation);
  if (explanation) parts.push(`## Explanation\n\n${explanation}`);
  let body = `\n${parts.join('\n\n')}\n`;
  if (options.assetsPath !== undefined) body = body.split(`](${assetPlaceholder}`).join(`](${options.assetsPath}/`);
  const missing = (['system', 'discipline', 'competency'] as const).filter((field) => !(field in data));
  return { text: matter.stringify(body, data), unresolved, missing };
}
