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

/** All pairs, reusing the last run's pairs when only a few questions changed since. */
function allPairs(questions: readonly BankQuestion[], threshold: number, state: State | undefined): Pair[] {
  if (state && state.threshold === threshold) {
    const now = new Set(questions);
    const before = new Set(state.questions);
    const added = questions.filter((q) => !before.has(q));
    const removed = state.questions.filter((q) => !now.has(q)).length;
    if (added.length + removed <= Math.max(50, questions.length / 20)) {
      const kept = state.pairs.filter(([a, b]) => now.has(a) && now.has(b));
      return [...kept, ...pairsWith(added, questions, threshold)];
    }
  }
  return similarPairs(
    questions.map((q) => q.phrases),
    threshold,
  ).map(([i, j, similarity]) => [questions[i]!, questions[j]!, similarity]);
}

/** `bank/near-duplicate-questions`: two questions whose vignettes are mostly the same. */
export const nearDuplicateQuestions: BankRule = {
  id: 'bank/near-duplicate-questions',
  description:
    'Two questions share most of their stem and lead-in (Jaccard similarity of 3-word phrases at or above `threshold`, 0.5).',
  severity: 'warning',
  scope: 'bank',
  check(questions, context) {
    const threshold = Math.min(1, Math.max(0.05, numberOption(context.options, 'threshold', 0.5)));
    let pairs: Pair[];
    if (context.focus) {
      pairs = pairsWith(
        questions.filter((q) => context.focus!.has(q)),
        questions,
        threshold,
      );
    } else {
      pairs = allPairs(questions, threshold, context.memo.get('state') as State | undefined);
      context.memo.set('state', { threshold, questions: [...questions], pairs } satisfies State);
    }
    for (const [a, b, similarity] of pairs) {
      for (const [self, other] of [
        [a, b],
        [b, a],
      ] as const) {
        context.report(self, {
          message: `Unexpected near-duplicate of \`${other.id}\` (${Math.round(similarity * 100)}% of stem phrases shared), expected questions that differ`,
          hint: 'Rewrite one of the two, or retire one: near-duplicates give each other away and count twice in the blueprint.',
          place: self.stemPlace,
          related: {
            file: other.path,
            place: other.stemPlace?.start,
            message: `The similar question \`${other.id}\``,
          },
          actual: similarity.toFixed(2),
        });
      }
    }
  },
};
