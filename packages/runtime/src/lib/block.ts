import { axisTargets, blueprintRanges, type BlueprintRanges } from './blueprint.js';
import { arrangeChoices } from './choices.js';
import type { AnswerRecord } from './history.js';
import type { LoadedBundle } from './open.js';
import { lineage, queryItems, type ItemFilter } from './query.js';
import { createRandom, type Random } from './random.js';
import type { BundleQuestion, ManifestItem, ManifestTaxonomy } from './types.js';

/** `tutor`: answer and explanation after each question, untimed; `timed`: a clock for the block, answers at the end. */
export type BlockMode = 'tutor' | 'timed';

/** Which questions come first when the pool is larger than the block. */
export type Selection = 'random' | 'unused-first' | 'incorrect-first';

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
  bank: { name: string; version: string };
  /** The questions, in block order. */
  questions: BlockQuestion[];
  /** Display labels of every system, spec group, discipline and competency id the block uses. */
  labels: Record<string, string>;
}

/**
 * The last answer per question: the latest `answeredAt`, and among equal times the later record.
 *
 * @param history Answer records in the order they were made.
 * @returns The last record per question id.
 */
export function lastAnswers(history: readonly AnswerRecord[]): Map<string, AnswerRecord> {
  const last = new Map<string, AnswerRecord>();
  for (const record of history) {
    const seen = last.get(record.questionId);
    if (!seen || (record.answeredAt ?? '') >= (seen.answeredAt ?? '')) last.set(record.questionId, record);
  }
  return last;
}

interface Candidate {
  item: ManifestItem;
  tier: number;
}

function orderCandidates(items: ManifestItem[], options: BlockOptions, random: Random): Candidate[] {
  const shuffled = random.shuffle(items);
  const selection = options.selection ?? 'random';
  if (selection === 'random') return shuffled.map((item) => ({ item, tier: 0 }));
  const last = lastAnswers(options.history ?? []);
  const tier = (item: ManifestItem): number => {
    const answer = last.get(item.id);
    if (selection === 'unused-first') return answer ? 1 : 0;
    return !answer ? 1 : answer.correct ? 2 : 0;
  };
  const when = (item: ManifestItem) => last.get(item.id)?.answeredAt ?? '';
  const tiered = shuffled.map((item) => ({ item, tier: tier(item) }));
  // Least recently answered first among answered questions (unused-first); otherwise the shuffle decides.
  return tiered.sort(
    (a, b) =>
      a.tier - b.tier ||
      (selection === 'unused-first' && when(a.item) !== when(b.item) ? (when(a.item) < when(b.item) ? -1 : 1) : 0),
  );
}

function pickProportional(ordered: Candidate[], size: number, taxonomy: ManifestTaxonomy, given?: BlueprintRanges) {
  const ranges = blueprintRanges(taxonomy, given);
  const groupOf = new Map(taxonomy.systems.map((s) => [s.id, s.parent]));
  const disciplinesOf = lineage(taxonomy.disciplines);
  const keysOf = (item: ManifestItem): [string, string] => {
    const chain = disciplinesOf(item.disciplines[0] ?? '');
    const discipline = chain.find((d) => ranges.disciplines?.[d]) ?? chain[chain.length - 1]!;
    return [groupOf.get(item.systems[0]!) ?? item.systems[0]!, discipline];
  };
  const keys = ordered.map((c) => keysOf(c.item));
  const targets = [
    axisTargets(size, keys.map((k) => k[0]), ranges.specGroups),
    axisTargets(size, keys.map((k) => k[1]), ranges.disciplines),
  ];
  const counts = [new Map<string, number>(), new Map<string, number>()];
  const picked: ManifestItem[] = [];
  const free = ordered.map(() => true);
  // Each seat goes to the candidate of the best selection tier that helps its spec
  // group, then its discipline, reach their targets, then to the most under-filled
  // ones; the selection order breaks ties.
  while (picked.length < Math.min(size, ordered.length)) {
    let best = -1;
    let bestAxes = -1;
    let bestNeed = -1;
    for (let i = 0; i < ordered.length; i++) {
      if (!free[i]) continue;
      if (best !== -1 && ordered[i]!.tier > ordered[best]!.tier) break;
      let axes = 0;
      let need = 0;
      keys[i]!.forEach((key, a) => {
        const target = targets[a]!.get(key) ?? 0;
        const deficit = target - (counts[a]!.get(key) ?? 0);
        // The spec group axis outranks the discipline axis.
        if (deficit > 0) [axes, need] = [axes + (a === 0 ? 2 : 1), need + deficit / target];
      });
      if (axes > bestAxes || (axes === bestAxes && need > bestNeed)) [best, bestAxes, bestNeed] = [i, axes, need];
    }
    free[best] = false;
    picked.push(ordered[best]!.item);
    keys[best]!.forEach((key, a) => counts[a]!.set(key, (counts[a]!.get(key) ?? 0) + 1));
  }
  return picked;
}

function toBlockQuestion(question: BundleQuestion, entry: ManifestItem, specGroup: string | null, seed: string): BlockQuestion {
  const arranged = arrangeChoices(question.choices, createRandom(`${seed}\u0000${question.id}`));
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
  const ordered = orderCandidates(pool, options, random);
  const picked =
    options.blueprint === 'proportional'
      ? pickProportional(ordered, size, taxonomy, options.ranges)
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
