import { canonicalJson, sha256 } from '@qbank/core';
import { bytesOf } from './files.js';
import type {
  BundleAnswer,
  BundleQuestion,
  CompiledItem,
  QuestionBody,
  QuestionSummary,
  RecordBytes,
} from './model.js';

/**
 * Add the content hash: of everything but the source path, so moving a file
 * is no change, and the term ranges, so a glossary edit is none either.
 *
 * @param item A record without its hash.
 * @returns The record with `hash`.
 */
export function withHash<T extends { source: string; terms?: unknown }>(item: T): T & { hash: string } {
  const { source: _source, terms: _terms, ...content } = item;
  return { ...item, hash: sha256(canonicalJson(content)) };
}

/**
 * What a learner's recorded answer depends on: the options in order and the key.
 *
 * @param question A question record.
 * @returns The hash of its key.
 */
export function keyHashOf(question: BundleQuestion): string {
  return sha256(canonicalJson({ answer: question.answer, choices: question.choices.map((c) => c.text) }));
}

/**
 * Split a question into what an exam-mode front end may show and what it keeps back.
 *
 * @param question A question record.
 * @returns The part to show and the answer part.
 */
export function splitAnswer(question: BundleQuestion): { shown: object; answer: BundleAnswer } {
  const { answer, explanation, objective, references, choices, ...rest } = question;
  return {
    shown: { ...rest, choices: choices.map(({ rationale: _rationale, ...choice }) => choice) },
    answer: {
      id: question.id,
      answer,
      rationales: Object.fromEntries(choices.map((c) => [c.letter, c.rationale])),
      explanation,
      objective,
      references,
    },
  };
}

/**
 * A record as a chunk holds it: canonical JSON without the final newline.
 *
 * @param value The record.
 * @returns Its text.
 */
export function serialiseText(value: object): string {
  return canonicalJson(value).slice(0, -1);
}

/**
 * `serialiseText` as UTF-8.
 *
 * @param value The record.
 * @returns Its bytes.
 */
export function serialise(value: object): Uint8Array {
  return Buffer.from(serialiseText(value));
}

/**
 * A compiled item as it is best kept: a published question whose record was
 * prepared keeps only its summary, since the record's JSON holds the rendered
 * text (about 4 KB a question not held twice). Other items are returned as
 * they are.
 *
 * @param item A compiled item.
 * @returns The item, compacted where it can be.
 */
export function compactItem(item: CompiledItem): CompiledItem {
  const { body } = item;
  if (!item.record || body?.type !== 'question' || !('stem' in body)) return item;
  return { ...item, body: summaryOf(body) };
}

function summaryOf(question: QuestionSummary): QuestionSummary {
  const { id, type, source, disciplines, system, secondarySystems, competency, difficulty, tags, notes, authors } =
    question;
  return { id, type, source, disciplines, system, secondarySystems, competency, difficulty, tags, notes, authors };
}

const decoder = new TextDecoder();

/**
 * A question record whole: a prepared record's JSON parsed back.
 *
 * @param json The prepared record's JSON, in memory or stored.
 * @returns The record.
 */
export function parseRecord(json: RecordBytes): BundleQuestion {
  return JSON.parse(decoder.decode(bytesOf(json))) as BundleQuestion;
}

/**
 * A compiled question's whole body: its own, or its prepared record's.
 *
 * @param item A compiled published question.
 * @returns The body with its rendered text.
 */
export function wholeQuestion(item: CompiledItem): QuestionBody {
  const body = item.body as QuestionBody | QuestionSummary;
  if ('stem' in body) return body;
  const { hash: _hash, ...whole } = parseRecord(item.record!.json);
  return whole;
}
