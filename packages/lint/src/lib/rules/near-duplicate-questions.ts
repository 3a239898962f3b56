import { createHash } from 'node:crypto';
import type { LintMemo } from '../lint.js';
import type { BankQuestion, BankRule } from '../model.js';
import { numberOption } from '../question.js';
import { similarPairs, similarTo } from '../similarity.js';

/**
 * Pairs of questions with their similarity, in three columns: a tuple per
 * pair cost about 90 bytes, and a bank of 10,000 questions in families of 30
 * has 145,000 pairs.
 */
class Pairs {
  readonly a: BankQuestion[] = [];
  readonly b: BankQuestion[] = [];
  private similarities = new Float64Array(16);

  /** Number of pairs. */
  get length(): number {
    return this.a.length;
  }

  push(a: BankQuestion, b: BankQuestion, similarity: number): void {
    if (this.a.length === this.similarities.length) {
      const grown = new Float64Array(this.similarities.length * 2);
      grown.set(this.similarities);
      this.similarities = grown;
    }
    this.similarities[this.a.length] = similarity;
    this.a.push(a);
    this.b.push(b);
  }

  similarity(index: number): number {
    return this.similarities[index]!;
  }

  /** These pairs, then those of `more`, without those `keep` turns down. */
  concat(more: Pairs | undefined, keep: (a: BankQuestion, b: BankQuestion) => boolean = () => true): Pairs {
    const out = new Pairs();
    for (const list of more ? [this, more] : [this]) {
      for (let n = 0; n < list.length; n++) {
        if (keep(list.a[n]!, list.b[n]!)) out.push(list.a[n]!, list.b[n]!, list.similarity(n));
      }
    }
    return out;
  }
}

/** What the rule keeps between runs of one process. */
interface State {
  threshold: number;
  questions: BankQuestion[];
  pairs: Pairs;
}

/** Pairs between `some` questions and all of them, each pair once. */
function pairsWith(some: readonly BankQuestion[], all: readonly BankQuestion[], threshold: number): Pairs {
  const phrases = all.map((q) => q.phrases);
  const done = new Set<BankQuestion>();
  const pairs = new Pairs();
  for (const question of some) {
    done.add(question);
    for (const [index, similarity] of similarTo(question.phrases, phrases, threshold)) {
      const other = all[index]!;
      if (!done.has(other)) pairs.push(question, other, similarity);
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
      const pairs = state.pairs.concat(pairsWith(added, questions, threshold), (a, b) => now.has(a) && now.has(b));
      return { threshold, questions: [...questions], pairs };
    }
  }
  const pairs = new Pairs();
  for (const [i, j, similarity] of similarPairs(
    questions.map((q) => q.phrases),
    threshold,
  )) {
    pairs.push(questions[i]!, questions[j]!, similarity);
  }
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
  const values = phrases instanceof Uint32Array ? phrases : Uint32Array.from(phrases);
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
    pairs: Array.from({ length: state.pairs.length }, (_, n): [number, number, number] => [
      index.get(state.pairs.a[n]!)!,
      index.get(state.pairs.b[n]!)!,
      state.pairs.similarity(n),
    ]),
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
  const pairs = new Pairs();
  for (const [i, j, similarity] of snapshot.pairs) {
    const [a, b] = [now[i], now[j]];
    if (a && b) pairs.push(a, b, similarity);
  }
  if (!own) memo.set(ruleId, (own = new Map()));
  own.set('state', { threshold: snapshot.threshold, questions: kept, pairs } satisfies State);
}

/** How many of a family's closest questions a report names. */
const named = 3;

/** A question's family: how many questions are like it, and the closest few. */
interface Family {
  /** Questions similar to it. */
  size: number;
  /** The closest `named` of them, closest first (then by id), with their similarity. */
  closest: [BankQuestion, number][];
}

/** Whether `[a, x]` comes before `[b, y]`: more similar, then the lower id. */
function closer([a, x]: [BankQuestion, number], [b, y]: [BankQuestion, number]): boolean {
  return x > y || (x === y && a.id < b.id);
}

/**
 * Each question's family, in the order questions first appear in the pairs.
 * Only the closest few are kept per question: memory follows the questions,
 * not the pairs.
 */
function families(pairs: Pairs): Map<BankQuestion, Family> {
  const family = new Map<BankQuestion, Family>();
  const add = (self: BankQuestion, other: BankQuestion, similarity: number) => {
    let own = family.get(self);
    if (!own) family.set(self, (own = { size: 0, closest: [] }));
    own.size++;
    const entry: [BankQuestion, number] = [other, similarity];
    const { closest } = own;
    if (closest.length === named && !closer(entry, closest[named - 1]!)) return;
    // After those it does not come before: the order a stable sort of every pair gives.
    let at = closest.length;
    while (at > 0 && closer(entry, closest[at - 1]!)) at--;
    closest.splice(at, 0, entry);
    if (closest.length > named) closest.pop();
  };
  for (let n = 0; n < pairs.length; n++) {
    add(pairs.a[n]!, pairs.b[n]!, pairs.similarity(n));
    add(pairs.b[n]!, pairs.a[n]!, pairs.similarity(n));
  }
  return family;
}

/**
 * The pairs of the changed questions, and every pair of the questions they pair with: each
 * question reported then has its whole family, as a run over the whole bank gives it.
 */
function focusPairs(questions: readonly BankQuestion[], focus: ReadonlySet<BankQuestion>, threshold: number): Pairs {
  const first = pairsWith(
    questions.filter((q) => focus.has(q)),
    questions,
    threshold,
  );
  const partners = new Set([...first.a, ...first.b].filter((q) => !focus.has(q)));
  // A partner's pairs with a changed question are in `first` already.
  const more = pairsWith([...partners], questions, threshold).concat(undefined, (_, b) => !focus.has(b));
  return first.concat(more);
}

const percent = (similarity: number) => `${Math.round(similarity * 100)}%`;

/** The changed questions and every question paired with one: the questions whose families are reported. */
function focusFamilies(pairs: Pairs, focus: ReadonlySet<BankQuestion>): Set<BankQuestion> {
  const wanted = new Set(focus);
  for (let n = 0; n < pairs.length; n++) {
    if (focus.has(pairs.a[n]!)) wanted.add(pairs.b[n]!);
    if (focus.has(pairs.b[n]!)) wanted.add(pairs.a[n]!);
  }
  return wanted;
}

/** `bank/near-duplicate-questions`: two questions whose vignettes are mostly the same. */
export const nearDuplicateQuestions: BankRule = {
  id: ruleId,
  description:
    'Two questions share most of their stem and lead-in (Jaccard similarity of 3-word phrases at or above `threshold`, 0.5).',
  severity: 'warning',
  scope: 'bank',
  check(questions, context) {
    const threshold = Math.min(1, Math.max(0.05, numberOption(context.options, 'threshold', 0.5)));
    let pairs: Pairs;
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
    const wanted = focus && focusFamilies(pairs, focus);
    for (const [self, { size, closest: family }] of families(pairs)) {
      // With changed questions, their families and those of the questions like them are reported.
      if (wanted && !wanted.has(self)) continue;
      const [other, similarity] = family[0]!;
      const closest = family.map(([q, s]) => `\`${q.id}\` (${percent(s)})`).join(', ');
      context.report(self, {
        message:
          size === 1
            ? `Unexpected near-duplicate of \`${other.id}\` (${percent(similarity)} of stem phrases shared), expected questions that differ`
            : `Unexpected near-duplicate of ${size} other questions, closest: ${closest}, expected questions that differ`,
        hint:
          size === 1
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
