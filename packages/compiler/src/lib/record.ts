import { canonicalJson, sha256 } from '@qbank/core';
import type { BundleAnswer, BundleQuestion } from './model.js';

/**
 * Add the content hash: of everything but the source path, so moving a file is no change.
 *
 * @param item A record without its hash.
 * @returns The record with `hash`.
 */
export function withHash<T extends { source: string }>(item: T): T & { hash: string } {
  const { source: _source, ...content } = item;
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
