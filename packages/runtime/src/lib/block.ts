import { sampleProportional, type BlueprintRanges } from './blueprint.js';
import { arrangeChoices } from './choices.js';
import type { AnswerRecord } from './history.js';
import type { LoadedBundle } from './open.js';
import { queryItems, type ItemFilter } from './query.js';
import { createRandom } from './random.js';
import { orderCandidates, type Selection } from './selection.js';
import type { BundleQuestion, ManifestItem, QuestionTerms } from './types.js';

/** `tutor`: answer and explanation after each question, untimed; `timed`: a clock for the block, answers at the end. */
export type BlockMode = 'tutor' | 'timed';

/** Options of {@link assembleBlock}. */
export interface BlockOptions {
  /** Seed: the same seed (with the same bundle and history) gives the same block and option order. Include the learner, e.g. `${learnerId}:${blockNumber}`. */
  seed: string | number;
  /** Number of questions. @default 40 */
  size?: number;
  /** Tutor or timed. @default 'tutor' */
  mode?: BlockMode;
  /** Time per question in timed mode (60 minutes per 40 questions). @default 90 */
  secondsPerQuestion?: number;
  /** Which questions may be used. */
  filter?: ItemFilter;
  /**
   * `random`; `unused-first`: never-answered questions, then the least recently
   * answered; `incorrect-first`: questions last answered wrong, then unused, then
   * the rest. Needs `history`. @default 'random'
   */
  selection?: Selection;
  /** The learner's answers so far (see {@link reconcileHistory} after a bundle update). */
  history?: readonly AnswerRecord[];
  /**
   * `proportional`: spread the block over spec groups and (primary, rolled-up)
   * disciplines in proportion to the blueprint ranges (from `ranges`, else from
   * the manifest's taxonomy when it carries them, else to the pool's own mix);
   * `none`: just the selection order. @default 'none'
   */
  blueprint?: 'none' | 'proportional';
  /** Blueprint ranges to use with `blueprint: 'proportional'`. */
  ranges?: BlueprintRanges;
}

/** An option as displayed in a block. */
export interface BlockChoice {
  /** Display letter (A, B, C... in display order). */
  letter: string;
  /** The option's letter in the bundle (what history and analytics record). */
  original: string;
  /** Option text as sanitized inline HTML. */
  html: string;
  /** Option text as plain text. */
  text: string;
  /** Rationale HTML, or `null`. */
  rationale: string | null;
}

/** A question as displayed in a block. */
export interface BlockQuestion {
  /** Question id. */
  id: string;
  /** The question's revision in the bundle the block was built from. */
  revision: number;
  /** Its content hash. */
  hash: string;
  /** Its key hash (what a recorded answer depends on). */
  keyHash: string | null;
  /** Primary system id. */
  system: string;
  /** Spec group id of the system, or `null`. */
  specGroup: string | null;
  /** Discipline ids, primary first. */
  disciplines: string[];
  /** Competency id. */
  competency: string;
  /** Difficulty 1-5, or `null`. */
  difficulty: number | null;
  /** Ids of the notes the question reinforces. */
  notes: string[];
  /** Vignette HTML. */
  stem: string;
  /** Lead-in HTML. */
  leadIn: string;
  /** Options in display order. */
  choices: BlockChoice[];
  /** Display letter of the correct option. */
  answer: string;
  /** Explanation HTML. */
  explanation: string;
  /** Educational objective HTML, or `null`. */
  objective: string | null;
  /** References HTML, or `null`. */
  references: string | null;
  /** Display letter to the bundle's letter. */
  letters: Record<string, string>;
  /**
   * Where the glossary's terms occur (see {@link termOccurrences}), with
   * `choices` in display order; `null` when the bundle has no glossary.
   */
  terms: QuestionTerms | null;
}

/** A study block: plain data, safe to store and resume. */
export interface StudyBlock {
  /** The seed it was built from. */
  seed: string;
  /** Tutor or timed. */
  mode: BlockMode;
  /** Time allowed in seconds (timed mode), or `null`. */
  timeLimitSeconds: number | null;
  /** The bank and content version the block was built from. */
  bank: {
    /** Bank name. */
    name: string;
    /** Content version. */
    version: string;
  };
  /** The questions, in block order. */
  questions: BlockQuestion[];
  /** Display labels of every system, spec group, discipline and competency id the block uses. */
  labels: Record<string, string>;
}

function toBlockQuestion(
  question: BundleQuestion,
  entry: ManifestItem,
  specGroup: string | null,
  seed: string,
): BlockQuestion {
  const arranged = arrangeChoices(question.choices, createRandom(`${seed}\u0000${question.id}`));
  const { terms } = question;
  const choices = arranged.map((c, i) => ({
    letter: String.fromCharCode(65 + i),
    original: c.letter,
    html: c.html,
    text: c.text,
    rationale: c.rationale,
  }));
  return {
    id: question.id,
    revision: entry.revision,
    hash: entry.hash,
    keyHash: entry.keyHash,
    system: question.system,
    specGroup,
    disciplines: question.disciplines,
    competency: question.competency,
    difficulty: question.difficulty,
    notes: question.notes,
    stem: question.stem,
    leadIn: question.leadIn,
    choices,
    answer: choices.find((c) => c.original === question.answer)?.letter ?? '',
    explanation: question.explanation,
    objective: question.objective,
    references: question.references,
    letters: Object.fromEntries(choices.map((c) => [c.letter, c.original])),
    terms: terms ? { ...terms, choices: arranged.map((c) => terms.choices[question.choices.indexOf(c)] ?? []) } : null,
  };
}

/**
 * Assemble a study block from the bundle: filter the pool, order it by the
 * selection rule, sample it (optionally in proportion to the blueprint), shuffle
 * the block and each question's options, all from the seed.
 *
 * @param bundle The opened bundle.
 * @param options Size, mode, filters, selection, blueprint and seed.
 * @returns The block (fewer questions than `size` when the pool is smaller).
 * @example
 * ```ts
 * const block = await assembleBlock(bundle, { seed: `${learner}:7`, size: 10, mode: 'tutor', filter: { systems: ['cardiovascular'] } });
 * ```
 */
export async function assembleBlock(bundle: LoadedBundle, options: BlockOptions): Promise<StudyBlock> {
  const seed = String(options.seed);
  const size = Math.max(0, Math.floor(options.size ?? 40));
  const mode = options.mode ?? 'tutor';
  const { taxonomy } = bundle.manifest;
  const random = createRandom(seed);
  const pool = await queryItems(bundle, { ...options.filter, type: 'question' });
  const ordered = orderCandidates(pool, options.selection ?? 'random', options.history ?? [], random);
  const picked =
    options.blueprint === 'proportional'
      ? sampleProportional(ordered, size, taxonomy, options.ranges)
      : ordered.slice(0, size).map((c) => c.item);
  const entries = random.shuffle(picked);
  const loaded = await bundle.questions(entries.map((e) => e.id));
  const groupOf = new Map(taxonomy.systems.map((s) => [s.id, s.parent]));
  const questions = loaded.map((q, i) => toBlockQuestion(q, entries[i]!, groupOf.get(q.system) ?? null, seed));
  const labels: Record<string, string> = {};
  const used = new Set(questions.flatMap((q) => [q.system, q.specGroup ?? '', q.competency, ...q.disciplines]));
  for (const axis of [taxonomy.systems, taxonomy.specGroups, taxonomy.disciplines, taxonomy.competencies]) {
    for (const entry of axis) if (used.has(entry.id)) labels[entry.id] = entry.label;
  }
  return {
    seed,
    mode,
    timeLimitSeconds: mode === 'timed' ? Math.round(questions.length * (options.secondsPerQuestion ?? 90)) : null,
    bank: { ...bundle.manifest.bank },
    questions,
    labels,
  };
}
