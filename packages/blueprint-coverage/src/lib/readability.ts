import path from 'node:path';
import { compileItem } from '@qbank/compiler';
import type { Taxonomy } from '@qbank/taxonomy';
import type { CheckedQuestion } from '@qbank/validate';
import { quantileSorted } from 'simple-statistics';
import {
  readabilityFigures,
  type QuestionReadability,
  type ReadabilityDistribution,
  type ReadabilityGroup,
  type ReadabilityReport,
} from './model.js';

/** Where a bank's files are. */
export interface MeasureReadabilityOptions {
  /** Absolute content root (as `qbank build` compiles against). */
  contentRoot: string;
  /** Directory the questions' `file` paths are relative to (default: the content root). */
  cwd?: string | undefined;
}

/**
 * The readability figures of a bank's published questions, computed the way
 * `qbank build` computes the manifest's: each question is compiled with
 * `@qbank/compiler`'s `compileItem` and its `readability` taken as is, so the
 * report and the bundle cannot disagree.
 *
 * Note: compiling renders each question's HTML (and hashes its images once per
 * process); drafts and items in review are skipped.
 *
 * @param questions Validated questions without errors.
 * @param options Content root, and the directory file paths are relative to.
 * @returns One entry per published question, sorted by id.
 */
export function measureReadability(
  questions: readonly CheckedQuestion[],
  options: MeasureReadabilityOptions,
): QuestionReadability[] {
  const base = options.cwd ?? options.contentRoot;
  return questions
    .filter((q) => q.data.status === 'published')
    .flatMap((q) => {
      const figures = compileItem(q, options.contentRoot).readability;
      if (!figures) return [];
      const file = path.relative(base, q.parsed.file.path).split(path.sep).join('/');
      return [{ id: q.data.id, system: q.tags.system, file, ...figures }];
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** Min, quartiles, 90th percentile and max of some values (at least one). */
function distribution(values: readonly number[]): ReadabilityDistribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => round(quantileSorted(sorted, p));
  return { min: at(0), q1: at(0.25), median: at(0.5), q3: at(0.75), p90: at(0.9), max: at(1) };
}

function group(questions: readonly QuestionReadability[]): ReadabilityGroup {
  const [words, wordsPerSentence, grade] = readabilityFigures.map((figure) =>
    distribution(questions.map((q) => q[figure])),
  );
  return { questions: questions.length, words: words!, wordsPerSentence: wordsPerSentence!, grade: grade! };
}

/**
 * A bank's readability as a distribution: median, quartiles, 90th percentile
 * and maximum of words, words per sentence and grade, the longest questions,
 * and the same per primary system.
 *
 * @param questions The questions' figures (see `measureReadability`).
 * @param taxonomy The blueprint (for system labels and order).
 * @param longest How many of the longest questions to list.
 * @returns The report, or `null` without questions.
 */
export function computeReadability(
  questions: readonly QuestionReadability[],
  taxonomy: Taxonomy,
  longest = 5,
): ReadabilityReport | null {
  if (questions.length === 0) return null;
  const bySystem = new Map<string, QuestionReadability[]>();
  for (const q of questions) {
    const list = bySystem.get(q.system);
    if (list) list.push(q);
    else bySystem.set(q.system, [q]);
  }
  const systems = taxonomy.systems
    .filter((s) => bySystem.has(s.id))
    .map((s) => ({ id: s.id, label: s.label, ...group(bySystem.get(s.id)!) }));
  const ranked = [...questions].sort((a, b) => b.words - a.words || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...group(questions), longest: ranked.slice(0, longest), systems };
}
