// The MedQA corpus (../shared/corpora/medqa-us, test data only, never shipped) converted verbatim into
// qbank questions, for lint measurement (scripts/lint-precision.mjs) and its regression test.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The items of one corpus file's text (JSON Lines), in order.
 *
 * @param {string} text The file's text.
 * @returns {Array<{ question: string, options: Record<string, string>, answer_idx: string, answer: string, meta_info: string }>}
 */
export function medqaRows(text) {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

/**
 * Read the corpus: every item with an id made of its split and line number (`medqa-test-0001`).
 *
 * @param {string} dir The corpus folder (holding test.jsonl and dev.jsonl).
 * @returns {Array<{ id: string, question: string, options: Record<string, string>, answer_idx: string, meta_info: string }>}
 */
export function medqaItems(dir) {
  const items = [];
  for (const split of ['test', 'dev']) {
    const file = path.join(dir, `${split}.jsonl`);
    if (!existsSync(file)) continue;
    medqaRows(readFileSync(file, 'utf8')).forEach((row, index) =>
      items.push({ id: `medqa-${split}-${String(index + 1).padStart(4, '0')}`, ...row }),
    );
  }
  return items;
}

/**
 * Escape text so that Markdown reads it as the same characters: inline markup, and the line starts
 * that would make a list, a heading, a quote, a code block or a setext underline.
 *
 * @param {string} text Plain text.
 * @returns {string} Markdown that renders as that text.
 */
export function escapeMarkdown(text) {
  return text
    .replace(/[\\`*_[\]<>~&|]/g, (c) => `\\${c}`)
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s+/, '')
        .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2')
        .replace(/^([-+#=])/, '\\$1'),
    )
    .join('\n');
}

/**
 * The question's stem and lead-in: the lead-in paragraph starts at the sentence holding the last
 * question mark (or the last sentence when there is none) and keeps whatever follows it verbatim.
 *
 * @param {string} question The item's whole text.
 * @returns {{ stem: string, leadIn: string }}
 */
export function splitLeadIn(question) {
  const text = question.trim();
  const mark = text.lastIndexOf('?');
  const end = mark === -1 ? text.length : mark;
  const boundary = /[.!?]["”’)]?\s+(?=["“(]?[A-Z0-9])/g;
  let start = 0;
  for (const m of text.slice(0, end).matchAll(boundary)) start = m.index + m[0].length;
  return { stem: text.slice(0, start).trim(), leadIn: text.slice(start).trim() };
}

/**
 * One item as a qbank question file: frontmatter, stem, lead-in, and the options as a task list.
 *
 * @param {{ id: string, question: string, options: Record<string, string>, answer_idx: string }} item
 * @returns {string} The Markdown source.
 */
export function medqaQuestionSource(item) {
  const { stem, leadIn } = splitLeadIn(item.question);
  const options = Object.entries(item.options)
    .map(
      ([letter, text]) =>
        `- [${letter === item.answer_idx ? 'x' : ' '}] ${escapeMarkdown(text.replace(/\s+/g, ' ').trim())}`,
    )
    .join('\n');
  // Step 2 and 3 items ask for management; Step 1 items for foundational science.
  const competency = item.meta_info === 'step1' ? 'medical-knowledge' : 'patient-care-management';
  const frontmatter = `---\nid: ${item.id}\nstatus: review\ndiscipline: [pathology]\nsystem: multisystem\ncompetency: ${competency}\ndifficulty: 3\n---\n`;
  return `${frontmatter}\n${stem ? `${escapeMarkdown(stem)}\n\n` : ''}${escapeMarkdown(leadIn)}\n\n${options}\n`;
}
