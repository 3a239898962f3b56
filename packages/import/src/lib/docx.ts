import type { Element, ElementContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import mammoth from 'mammoth';
import type { ImportedQuestion, ReadResult, SourceInput, SourcePlace } from './model.js';
import { failed } from './model.js';
import { splitLeadIn } from './split.js';
import { unzipSafely } from './zip.js';

// Word files in the layout most faculty use: a numbered question (typed `1.` or Word's own
// numbering), its options lettered `A.`/`A)` (typed or Word's lettered list), then `Answer: B`,
// optionally `Explanation: ...`. mammoth turns the document into HTML; its paragraphs and list
// items are read in order as plain text.

interface Paragraph {
  text: string;
  /** Whether the paragraph is an item of a Word list (its number or letter is not in the text). */
  listItem: boolean;
  /** Its position among the document's paragraphs, for reports. */
  index: number;
}

function text(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') {
    if (node.tagName === 'br') return '\n';
    return node.children.map(text).join('');
  }
  return '';
}

function paragraphs(html: string): Paragraph[] {
  const out: Paragraph[] = [];
  const visit = (nodes: ElementContent[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const element = node as Element;
      if (element.tagName === 'li') {
        const nested = element.children.filter(
          (c): c is Element => c.type === 'element' && (c.tagName === 'ol' || c.tagName === 'ul'),
        );
        const own = element.children.filter((c) => !nested.includes(c as Element));
        out.push({ text: own.map(text).join(''), listItem: true, index: out.length + 1 });
        visit(nested);
      } else if (/^(p|h[1-6])$/.test(element.tagName)) {
        out.push({ text: text(element), listItem: false, index: out.length + 1 });
      } else visit(element.children);
    }
  };
  visit(fromHtml(html, { fragment: true }).children as ElementContent[]);
  return out.filter((p) => p.text.trim());
}

const questionStart = /^\s*(?:Q(?:uestion)?\s*)?(\d{1,4})[.)]\s+/i;
const optionStart = /^\s*([A-Ja-j])[.)]\s+/;
const answerLine = /^\s*(?:correct\s+)?(?:answer|key|ans)\s*[:.-]\s*\(?([A-Ja-j])\)?\s*\.?\s*$/i;
const explanationLine = /^\s*(?:explanation|rationale|discussion)\s*[:.-]\s*/i;

interface Pending {
  number: string | undefined;
  place: SourcePlace;
  question: string[];
  options: string[];
  answer?: string;
  explanation: string[];
}

function finish(pending: Pending, result: ReadResult): void {
  const { place } = pending;
  if (pending.options.length < 2) return void result.skipped.push({ place, reason: 'fewer than two lettered options' });
  if (!pending.answer) return void result.skipped.push({ place, reason: 'no `Answer: X` line' });
  const key = pending.answer.toUpperCase().charCodeAt(0) - 65;
  if (key >= pending.options.length)
    return void result.skipped.push({ place, reason: `\`Answer: ${pending.answer}\` names no option` });
  const { stem, leadIn } = splitLeadIn(pending.question.join('\n').trim());
  const item: ImportedQuestion = {
    place,
    sourceId: pending.number ? `q${pending.number}` : undefined,
    stem: { text: stem },
    leadIn: { text: leadIn },
    choices: pending.options.map((option, index) => ({ text: { text: option.trim() }, correct: index === key })),
    explanation: pending.explanation.length ? { text: pending.explanation.join('\n\n').trim() } : undefined,
    lossy: ['Word formatting (bold, italics, tables, images) is not kept, only the text'],
  };
  result.items.push(item);
}

function step(
  state: { pending?: Pending; inExplanation: boolean },
  p: Paragraph,
  file: string,
  result: ReadResult,
): void {
  const place = { file, path: `paragraph ${p.index}` };
  const answer = answerLine.exec(p.text);
  if (answer && state.pending) {
    state.pending.answer = answer[1]!;
    return;
  }
  const explanation = explanationLine.exec(p.text);
  if (explanation && state.pending?.answer) {
    state.inExplanation = true;
    state.pending.explanation.push(p.text.slice(explanation[0].length));
    return;
  }
  const option = optionStart.exec(p.text);
  const numbered = questionStart.exec(p.text);
  const expectingOptions = state.pending && !state.pending.answer && state.pending.question.length > 0;
  if (state.pending && expectingOptions && (option || (p.listItem && !numbered))) {
    state.pending.options.push(option ? p.text.slice(option[0].length) : p.text);
    return;
  }
  // A numbered line inside a question's text ("1) ... 2) ...") belongs to it until the options start.
  const next = !state.pending || state.pending.options.length > 0 || state.pending.answer !== undefined;
  if ((numbered && next) || (p.listItem && next)) {
    if (state.pending) finish(state.pending, result);
    state.inExplanation = false;
    state.pending = {
      number: numbered?.[1],
      place,
      question: [numbered ? p.text.slice(numbered[0].length) : p.text],
      options: [],
      explanation: [],
    };
    return;
  }
  if (state.pending && state.inExplanation) state.pending.explanation.push(p.text);
  else if (state.pending && !state.pending.options.length) state.pending.question.push(p.text);
}

/**
 * Read a Word .docx file of numbered questions with lettered options and an
 * `Answer: X` line (and optionally `Explanation: ...`), as text.
 *
 * @param input The source.
 * @returns Questions, skipped items and problems.
 */
export async function readDocx(input: SourceInput): Promise<ReadResult> {
  const safe = unzipSafely(input.bytes, input.name, () => false);
  if ('problem' in safe) return failed(safe.problem);
  const { value } = await mammoth.convertToHtml(
    { buffer: Buffer.from(input.bytes) },
    { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
  );
  const result: ReadResult = { items: [], skipped: [], problems: [] };
  const state: { pending?: Pending; inExplanation: boolean } = { inExplanation: false };
  for (const p of paragraphs(value)) step(state, p, input.name, result);
  if (state.pending) finish(state.pending, result);
  return result;
}
