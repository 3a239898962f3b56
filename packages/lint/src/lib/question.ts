import type { SourceRange } from '@qbank/core';
import { placeOf, type ParsedChoice } from '@qbank/parser';
import type { CheckedQuestion } from '@qbank/validate';
import type { BankQuestion } from './model.js';
import { phraseHashes } from './similarity.js';
import type { Nodes, RootContent } from 'mdast';
import { TextMapper, wholeRange, words, type TextMap } from './text.js';

/** One option of a question, as the rules see it. */
export interface OptionView {
  /** The parsed choice. */
  choice: ParsedChoice;
  /** 0-based position. */
  index: number;
  /** Its letter: A, B, C... */
  letter: string;
  /** Whether it is the key. */
  correct: boolean;
  /** Its label as plain text, trimmed. */
  text: string;
  /** The label's text with positions. */
  map: TextMap;
  /** Where the label is. */
  range: SourceRange;
}

/** The parts of a question that rules read, computed once per question. */
export interface QuestionView {
  /** The whole source text of the file. */
  source: string;
  /** Mapper over the file, for further nodes. */
  mapper: TextMapper;
  /** The options in order. */
  options: OptionView[];
  /** The key, when there is exactly one. */
  key: OptionView | undefined;
  /** The lead-in's text with positions (empty without a lead-in). */
  leadIn: TextMap;
  /** Where the lead-in is. */
  leadInRange: SourceRange | undefined;
  /** The vignette before the lead-in, HTML comments left out. */
  stem: RootContent[];
  /** The vignette's text with positions. */
  stemText: TextMap;
}

const views = new WeakMap<CheckedQuestion, QuestionView>();

/**
 * The rule-facing view of a question (cached: every rule shares one).
 *
 * @param question A checked question.
 * @returns Its options, key, lead-in and stem as text with positions.
 */
export function viewOf(question: CheckedQuestion): QuestionView {
  let view = views.get(question);
  if (!view) {
    view = buildView(question);
    views.set(question, view);
  }
  return view;
}

function buildView(question: CheckedQuestion): QuestionView {
  const { parsed } = question;
  const source = String(parsed.file.value ?? '');
  const mapper = new TextMapper(parsed.file, source);
  const options = parsed.choices.map((choice, index): OptionView => {
    const map = mapper.map(choice.label as Nodes[], '');
    return {
      choice,
      index,
      letter: String.fromCharCode(65 + index),
      correct: choice.checked === true,
      text: map.text.replace(/\s+/g, ' ').trim(),
      map,
      range: wholeRange(map) ?? placeOf(choice.node),
    };
  });
  const keys = options.filter((o) => o.correct);
  const leadIn = mapper.map(parsed.leadIn ? [parsed.leadIn] : []);
  const stem = parsed.stem.filter((node) => node.type !== 'html');
  return {
    source,
    mapper,
    options,
    key: keys.length === 1 ? keys[0] : undefined,
    leadIn,
    leadInRange: parsed.leadIn ? (wholeRange(leadIn) ?? placeOf(parsed.leadIn)) : undefined,
    stem,
    stemText: mapper.map(stem),
  };
}

/**
 * Quote text for a message: in backticks, shortened to `max` characters.
 *
 * @param text Text to quote.
 * @param max Longest text kept whole.
 * @returns The quoted text.
 */
export function quote(text: string, max = 60): string {
  const clean = text.replace(/\s+/g, ' ').trim().replace(/`/g, "'");
  return `\`${clean.length > max ? `${clean.slice(0, max - 1).trimEnd()}…` : clean}\``;
}

/**
 * Read a number option with a default.
 *
 * @param options A rule's options.
 * @param name Option name.
 * @param fallback Value when the option is absent or not a finite number.
 * @returns The number.
 */
export function numberOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Phrases of this many words are compared by `bank/near-duplicate-questions`. */
const shingleSize = 3;

/**
 * What bank rules read of a question.
 *
 * @param question A checked question.
 * @returns Its id, path, vignette words, where the vignette is, and its key.
 */
export function bankQuestionOf(question: CheckedQuestion): BankQuestion {
  const view = viewOf(question);
  const { stem, leadIn, file } = question.parsed;
  const start = (stem.find((n) => n.type !== 'html') ?? leadIn)?.position?.start;
  const end = leadIn?.position?.end;
  return {
    id: question.data.id,
    path: file.path,
    // A typed array: 4 bytes a phrase wherever it is held, and one copy of a buffer between threads.
    phrases: Uint32Array.from(
      phraseHashes(
        words(`${view.stemText.text} ${view.leadIn.text}`).map((w) => w.word.toLowerCase()),
        shingleSize,
      ),
    ),
    stemPlace: start && {
      start: { line: start.line, column: start.column },
      end: end && { line: end.line, column: end.column },
    },
    key: view.key && view.options.length >= 2 ? view.key.index : null,
    options: view.options.length,
    stemWords: words(`${view.stemText.text} ${view.leadIn.text}`).filter((w) => /\p{L}/u.test(w.word)).length,
  };
}
