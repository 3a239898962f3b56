import type { StudyBlock } from './block.js';
import type { AnswerRecord } from './history.js';

/** The learner's answers to a block: display letter per question id (`null` or absent: omitted). */
export type BlockAnswers = Readonly<Record<string, string | null | undefined>>;

/** The result of one question. */
export interface QuestionResult {
  /** Question id. */
  id: string;
  /** Chosen display letter, or `null` when omitted. */
  chosen: string | null;
  /** Chosen bundle letter, or `null`. */
  chosenOriginal: string | null;
  /** Correct display letter. */
  answer: string;
  /** Whether the chosen option is the correct one. */
  correct: boolean;
  /** Whether no option was chosen. */
  omitted: boolean;
}

/** Performance on one system, spec group, discipline or competency. */
export interface PerformanceRow {
  /** Taxonomy id. */
  id: string;
  /** Display label (the id when the block has none). */
  label: string;
  /** Questions counted. */
  total: number;
  /** Answered correctly. */
  correct: number;
  /** Answered wrongly. */
  incorrect: number;
  /** Not answered. */
  omitted: number;
  /** Correct share of total, percent, one decimal. */
  percent: number;
}

/** A scored block. */
export interface BlockScore {
  /** The block's seed. */
  seed: string;
  /** Bank and content version of the block. */
  bank: {
    /** Bank name. */
    name: string;
    /** Content version. */
    version: string;
  };
  /** Questions in the block. */
  total: number;
  /** Answered correctly. */
  correct: number;
  /** Answered wrongly. */
  incorrect: number;
  /** Not answered. */
  omitted: number;
  /** Correct share, percent, one decimal. */
  percent: number;
  /** Per question, in block order. */
  questions: QuestionResult[];
  /** Per primary system, sorted by label. */
  bySystem: PerformanceRow[];
  /** Per spec group, sorted by label. */
  bySpecGroup: PerformanceRow[];
  /** Per discipline (a question counts under each of its disciplines), sorted by label. */
  byDiscipline: PerformanceRow[];
  /** Per competency, sorted by label. */
  byCompetency: PerformanceRow[];
}

const percent = (correct: number, total: number) => (total === 0 ? 0 : Math.round((correct / total) * 1000) / 10);

function rows(
  block: StudyBlock,
  results: QuestionResult[],
  keysOf: (i: number) => (string | null)[],
): PerformanceRow[] {
  const byId = new Map<string, PerformanceRow>();
  results.forEach((result, i) => {
    for (const id of new Set(keysOf(i))) {
      if (id === null) continue;
      let row = byId.get(id);
      if (!row)
        byId.set(
          id,
          (row = { id, label: block.labels[id] ?? id, total: 0, correct: 0, incorrect: 0, omitted: 0, percent: 0 }),
        );
      row.total++;
      if (result.omitted) row.omitted++;
      else if (result.correct) row.correct++;
      else row.incorrect++;
    }
  });
  return [...byId.values()]
    .map((row) => ({ ...row, percent: percent(row.correct, row.total) }))
    .sort((a, b) => a.label.localeCompare(b.label, 'en') || (a.id < b.id ? -1 : 1));
}

/**
 * Score a block: per question, totals, and performance by system, spec group,
 * discipline and competency.
 *
 * @param block The block.
 * @param answers Display letter chosen per question id.
 * @returns The score.
 */
export function scoreBlock(block: StudyBlock, answers: BlockAnswers): BlockScore {
  const results: QuestionResult[] = block.questions.map((q) => {
    const given = answers[q.id];
    const chosen = given && Object.hasOwn(q.letters, given) ? given : null;
    return {
      id: q.id,
      chosen,
      chosenOriginal: chosen ? q.letters[chosen]! : null,
      answer: q.answer,
      correct: chosen !== null && chosen === q.answer,
      omitted: chosen === null,
    };
  });
  const correct = results.filter((r) => r.correct).length;
  const omitted = results.filter((r) => r.omitted).length;
  const q = (i: number) => block.questions[i]!;
  return {
    seed: block.seed,
    bank: { ...block.bank },
    total: results.length,
    correct,
    incorrect: results.length - correct - omitted,
    omitted,
    percent: percent(correct, results.length),
    questions: results,
    bySystem: rows(block, results, (i) => [q(i).system]),
    bySpecGroup: rows(block, results, (i) => [q(i).specGroup]),
    byDiscipline: rows(block, results, (i) => q(i).disciplines),
    byCompetency: rows(block, results, (i) => [q(i).competency]),
  };
}

/**
 * The answer records of a scored block, ready to append to the learner's
 * history (bundle letters, revision and key hash included).
 *
 * @param block The block.
 * @param score Its score.
 * @param answeredAt When it was submitted (ISO 8601).
 * @returns One record per answered question (omitted questions are left out).
 */
export function answerRecords(block: StudyBlock, score: BlockScore, answeredAt: string): AnswerRecord[] {
  return score.questions.flatMap((result, i) => {
    const question = block.questions[i]!;
    if (result.omitted) return [];
    return [
      {
        questionId: result.id,
        correct: result.correct,
        choice: result.chosenOriginal,
        answeredAt,
        revision: question.revision,
        keyHash: question.keyHash,
      },
    ];
  });
}

/** One taxonomy value across several blocks. */
export interface TrendRow {
  /** Taxonomy id. */
  id: string;
  /** Display label. */
  label: string;
  /** Percent correct per block, in the order given (`null` where a block had no such question). */
  percents: (number | null)[];
  /** Questions counted over all blocks. */
  total: number;
  /** Percent correct over all blocks. */
  percent: number;
  /** Last percent minus first percent (of the blocks that had such questions), or `null` with fewer than two. */
  change: number | null;
}

/** Performance across blocks, oldest first. */
export interface BlockTrend {
  /** Overall percent correct per block. */
  percents: number[];
  /** Last block's percent minus the first's (0 with fewer than two blocks). */
  change: number;
  /** Per system. */
  bySystem: TrendRow[];
  /** Per spec group. */
  bySpecGroup: TrendRow[];
  /** Per discipline. */
  byDiscipline: TrendRow[];
  /** Per competency. */
  byCompetency: TrendRow[];
}

const round = (n: number) => Math.round(n * 10) / 10;

function trend(scores: readonly BlockScore[], pick: (s: BlockScore) => PerformanceRow[]): TrendRow[] {
  const ids = new Map<string, string>();
  for (const s of scores) for (const row of pick(s)) ids.set(row.id, row.label);
  return [...ids]
    .map(([id, label]) => {
      const found = scores.map((s) => pick(s).find((r) => r.id === id));
      const percents = found.map((r) => (r ? r.percent : null));
      const present = percents.filter((p): p is number => p !== null);
      const total = found.reduce((sum, r) => sum + (r?.total ?? 0), 0);
      const correct = found.reduce((sum, r) => sum + (r?.correct ?? 0), 0);
      const change = present.length > 1 ? round(present[present.length - 1]! - present[0]!) : null;
      return { id, label, percents, total, percent: percent(correct, total), change };
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'en') || (a.id < b.id ? -1 : 1));
}

/**
 * Compare scored blocks to show trends: overall and per system, spec group,
 * discipline and competency.
 *
 * @param scores Scores, oldest first.
 * @returns The trend.
 */
export function compareBlocks(scores: readonly BlockScore[]): BlockTrend {
  const percents = scores.map((s) => s.percent);
  return {
    percents,
    change: percents.length > 1 ? round(percents[percents.length - 1]! - percents[0]!) : 0,
    bySystem: trend(scores, (s) => s.bySystem),
    bySpecGroup: trend(scores, (s) => s.bySpecGroup),
    byDiscipline: trend(scores, (s) => s.byDiscipline),
    byCompetency: trend(scores, (s) => s.byCompetency),
  };
}

/** A note to review and the missed questions that point to it. */
export interface NoteToReview {
  /** Note id. */
  noteId: string;
  /** Ids of the block's questions that were missed (wrong or omitted) and link this note. */
  questions: string[];
}

/**
 * The notes to review after a block: those linked by missed (wrong or omitted)
 * questions, most-missed first, then by id. Load them with `bundle.notes(ids)`.
 *
 * @param block The block.
 * @param score Its score.
 * @returns Notes with the missed questions that link them.
 */
export function notesToReview(block: StudyBlock, score: BlockScore): NoteToReview[] {
  const byNote = new Map<string, string[]>();
  score.questions.forEach((result, i) => {
    if (result.correct) return;
    for (const noteId of block.questions[i]!.notes) {
      const list = byNote.get(noteId) ?? [];
      byNote.set(noteId, [...list, result.id]);
    }
  });
  return [...byNote]
    .map(([noteId, questions]) => ({ noteId, questions }))
    .sort((a, b) => b.questions.length - a.questions.length || (a.noteId < b.noteId ? -1 : 1));
}
