import { createHash } from 'node:crypto';
import type { LintMemo } from '../lint.js';
import type { BankQuestion, BankRule } from '../model.js';
import { numberOption } from '../question.js';
import { similarPairs, similarTo } from '../similarity.js';

type Pair = [BankQuestion, BankQuestion, number];

/** What the rule keeps between runs of one process. */
interface State {
  threshold: number;
  questions: BankQuestion[];
  pairs: Pair[];
}

/** Pairs between `some` questions and all of them, each pair once. */
function pairsWith(some: readonly BankQuestion[], all: readonly BankQuestion[], threshold: number): Pair[] {
  const phrases = all.map((q) => q.phrases);
  const done = new Set<BankQuestion>();
  const pairs: Pair[] = [];
  for (const question of some) {
    done.add(question);
    for (const [index, similarity] of similarTo(question.phrases, phrases, threshold)) {
      const other = all[index]!;
      if (!done.has(other)) pairs.push([question, other, similarity]);
    }
  }
  return pairs;
}

/**
 * All pairs, reusing the last run's pairs when only a few questions changed
 * since (the same state object when none did).
 */
function allPairs(questions: readonly BankQuestion[], threshold: number, state: State | undefined): State {
  if (state && state.threshold === threshold) {
    const now = new Set(questions);
    const before = new Set(state.questions);
    const added = questions.filter((q) => !before.has(q));
    const removed = state.questions.filter((q) => !now.has(q)).length;
    if (!added.length && !removed) return state;
    if (added.length + removed <= Math.max(50, questions.length / 20)) {
      const kept = state.pairs.filter(([a, b]) => now.has(a) && now.has(b));
      return { threshold, questions: [...questions], pairs: [...kept, ...pairsWith(added, questions, threshold)] };
    }
  }
  const pairs = similarPairs(
    questions.map((q) => q.phrases),
    threshold,
  ).map(([i, j, similarity]): Pair => [questions[i]!, questions[j]!, similarity]);
  return { threshold, questions: [...questions], pairs };
}

/**
 * The near-duplicate rule's work, as plain data to keep on disk: every
 * question compared (its path and a digest of its phrase hashes) and the
 * pairs found among them, by index. A later process restores it with
 * `restoreNearDuplicates` and compares only the questions that changed.
 */
export interface NearDuplicateSnapshot {
  /** The threshold the pairs were found at. */
  threshold: number;
  /** The questions compared: path and phrase digest. */
  questions: { path: string; phrases: string }[];
  /** Pairs at or above the threshold: indexes into `questions`, and their similarity. */
  pairs: [number, number, number][];
}

const ruleId = 'bank/near-duplicate-questions';

function phraseDigest(phrases: BankQuestion['phrases']): string {
  const values = phrases instanceof Float64Array ? phrases : Float64Array.from(phrases);
  return createHash('sha256')
    .update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength))
    .digest('base64')
    .slice(0, 22);
}

/**
 * The rule's work in `memo`, as an opaque object that is another one
 * whenever the work changed: a snapshot needs saving only then.
 *
 * @param memo The memo passed to `lintBank`.
 * @returns The token, or `undefined` when the rule has not run on the whole bank.
 */
export function nearDuplicateWork(memo: LintMemo): object | undefined {
  return memo.get(ruleId)?.get('state') as State | undefined;
}

/**
 * The rule's work kept in `memo` by the last full `lintBank` run, as plain data.
 *
 * @param memo The memo passed to `lintBank`.
 * @returns The snapshot, or `undefined` when the rule has not run on the whole bank.
 */
export function nearDuplicateSnapshot(memo: LintMemo): NearDuplicateSnapshot | undefined {
  const state = memo.get(ruleId)?.get('state') as State | undefined;
  if (!state) return undefined;
  const index = new Map(state.questions.map((q, i) => [q, i]));
  return {
    threshold: state.threshold,
    questions: state.questions.map((q) => ({ path: q.path, phrases: phraseDigest(q.phrases) })),
    pairs: state.pairs.map(([a, b, similarity]) => [index.get(a)!, index.get(b)!, similarity]),
  };
}

/**
 * Put a snapshot's work back into `memo` for the questions of this run that
 * are as they were then (same path, same phrases): the next `lintBank`
 * compares only the others with the bank. Does nothing when the memo already
 * holds the rule's work.
 *
 * @param memo The memo to pass to `lintBank`.
 * @param snapshot What `nearDuplicateSnapshot` gave, as read back.
 * @param questions The questions of this run.
 */
export function restoreNearDuplicates(
  memo: LintMemo,
  snapshot: NearDuplicateSnapshot,
  questions: readonly BankQuestion[],
): void {
  let own = memo.get(ruleId);
  if (own?.has('state')) return;
  const byPath = new Map(questions.map((q) => [q.path, q]));
  const now = snapshot.questions.map(({ path, phrases }) => {
    const question = byPath.get(path);
    return question && phraseDigest(question.phrases) === phrases ? question : undefined;
  });
  const kept = now.filter((q): q is BankQuestion => q !== undefined);
  const pairs: Pair[] = [];
  for (const [i, j, similarity] of snapshot.pairs) {
    const [a, b] = [now[i], now[j]];
    if (a && b) pairs.push([a, b, similarity]);
  }
  if (!own) memo.set(ruleId, (own = new Map()));
  own.set('state', { threshold: snapshot.threshold, questions: kept, pairs } satisfies State);
}

/** How many of a family's closest questions a report names. */
const named = 3;

/** Each question's similar questions, closest first (then by id): its family. */
function families(pairs: readonly Pair[]): Map<BankQuestion, [BankQuestion, number][]> {
  const family = new Map<BankQuestion, [BankQuestion, number][]>();
  const add = (self: BankQuestion, other: BankQuestion, similarity: number) => {
    let list = family.get(self);
    if (!list) family.set(self, (list = []));
    list.push([other, similarity]);
  };
  for (const [a, b, similarity] of pairs) {
    add(a, b, similarity);
    add(b, a, similarity);
  }
  for (const list of family.values()) {
    list.sort(([a, x], [b, y]) => y - x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return family;
}

/**
 * The pairs of the changed questions, and every pair of the questions they pair with: each
 * question reported then has its whole family, as a run over the whole bank gives it.
 */
function focusPairs(questions: readonly BankQuestion[], focus: ReadonlySet<BankQuestion>, threshold: number): Pair[] {
  const first = pairsWith(
    questions.filter((q) => focus.has(q)),
    questions,
    threshold,
  );
  const partners = new Set(first.flatMap(([a, b]) => [a, b]).filter((q) => !focus.has(q)));
  // A partner's pairs with a changed question are in `first` already.
  const more = pairsWith([...partners], questions, threshold).filter(([, b]) => !focus.has(b));
  return [...first, ...more];
}

const percent = (similarity: number) => `${Math.round(similarity * 100)}%`;

/** `bank/near-duplicate-questions`: two questions whose vignettes are mostly the same. */
export const nearDuplicateQuestions: BankRule = {
  id: ruleId,
  description:
    'Two questions share most of their stem and lead-in (Jaccard similarity of 3-word phrases at or above `threshold`, 0.5).',
  severity: 'warning',
  scope: 'bank',
  check(questions, context) {
    const threshold = Math.min(1, Math.max(0.05, numberOption(context.options, 'threshold', 0.5)));
    let pairs: Pair[];
    if (context.focus) {
      pairs = focusPairs(questions, context.focus, threshold);
    } else {
      const state = context.memo.get('state') as State | undefined;
      const next = allPairs(questions, threshold, state);
      if (next !== state) context.memo.set('state', next);
      pairs = next.pairs;
    }
    // One report per question, naming its closest: a family of 50 copies gives 50 reports, not 2,450.
    const focus = context.focus;
    for (const [self, family] of families(pairs)) {
      // With changed questions, their families and those of the questions like them are reported.
      if (focus && !focus.has(self) && !family.some(([q]) => focus.has(q))) continue;
      const [other, similarity] = family[0]!;
      const closest = family
        .slice(0, named)
        .map(([q, s]) => `\`${q.id}\` (${percent(s)})`)
        .join(', ');
      context.report(self, {
        message:
          family.length === 1
            ? `Unexpected near-duplicate of \`${other.id}\` (${percent(similarity)} of stem phrases shared), expected questions that differ`
            : `Unexpected near-duplicate of ${family.length} other questions, closest: ${closest}, expected questions that differ`,
        hint:
          family.length === 1
            ? 'Rewrite one of the two, or retire one: near-duplicates give each other away and count twice in the blueprint.'
            : 'Rewrite or retire all but one of them: near-duplicates give each other away and count more than once in the blueprint.',
        place: self.stemPlace,
        related: {
          file: other.path,
          place: other.stemPlace?.start,
          message: `The similar question \`${other.id}\``,
        },
        actual: similarity.toFixed(2),
      });
    }
  },
};
