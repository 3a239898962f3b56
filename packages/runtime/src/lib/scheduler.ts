import { createEmptyCard, fsrs, Rating, State, type Card, type Grade } from 'ts-fsrs';

/** How well the learner recalled a card. */
export type ReviewRating = 'again' | 'hard' | 'good' | 'easy';

/** Where a card is in its learning. */
export type CardPhase = 'new' | 'learning' | 'review' | 'relearning';

/** A card's review state: plain JSON, keyed by card id (a note card's `id`, or any string). */
export interface CardState {
  /** Card id. */
  id: string;
  /** When it is due next (ISO 8601). */
  due: string;
  /** FSRS memory stability (days). */
  stability: number;
  /** FSRS difficulty (1-10). */
  difficulty: number;
  /** Days between the last two reviews. */
  elapsedDays: number;
  /** Days until the due date at the last review. */
  scheduledDays: number;
  /** Current (re)learning step. */
  learningSteps: number;
  /** Reviews so far. */
  reps: number;
  /** Times forgotten after being learned. */
  lapses: number;
  /** Learning phase. */
  phase: CardPhase;
  /** Last review (ISO 8601), or `null` before the first. */
  lastReview: string | null;
}

/** What a review gives. */
export interface ReviewResult {
  /** The card's new state: store it. */
  state: CardState;
  /** When to show the card again. */
  due: Date;
}

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** Target probability of recall at the due date. @default 0.9 */
  requestRetention?: number;
  /** Longest interval in days. @default 36500 */
  maximumInterval?: number;
  /** Spread due dates a little so cards learned together do not stay together. @default false */
  fuzz?: boolean;
}

/** A flashcard scheduler (FSRS, via ts-fsrs). Pure: it returns new states and stores nothing. */
export interface Scheduler {
  /**
   * Record one review.
   *
   * @param cardId The card's id.
   * @param state Its state so far, or `undefined` for a card never reviewed.
   * @param rating How well it was recalled.
   * @param now When it was reviewed. @default new Date()
   * @returns The new state and due date.
   */
  review(cardId: string, state: CardState | undefined, rating: ReviewRating, now?: Date): ReviewResult;
  /**
   * The cards due at a time, most overdue first.
   *
   * @param states Card states.
   * @param now The time. @default new Date()
   * @returns The due states.
   */
  due(states: Iterable<CardState>, now?: Date): CardState[];
}

const ratings: Record<ReviewRating, Grade> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
};
const phases: CardPhase[] = ['new', 'learning', 'review', 'relearning'];
const states: Record<CardPhase, State> = {
  new: State.New,
  learning: State.Learning,
  review: State.Review,
  relearning: State.Relearning,
};

function toCard(state: CardState): Card {
  return {
    due: new Date(state.due),
    stability: state.stability,
    difficulty: state.difficulty,
    elapsed_days: state.elapsedDays,
    scheduled_days: state.scheduledDays,
    learning_steps: state.learningSteps,
    reps: state.reps,
    lapses: state.lapses,
    state: states[state.phase],
    ...(state.lastReview ? { last_review: new Date(state.lastReview) } : {}),
  };
}

function fromCard(id: string, card: Card): CardState {
  return {
    id,
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    phase: phases[card.state] ?? 'new',
    lastReview: card.last_review ? card.last_review.toISOString() : null,
  };
}

/**
 * Create a flashcard scheduler (FSRS). Cards are keyed by a string id, such as
 * a note card's `id` (`<note-id>/<key>`), so review state survives bundle updates.
 *
 * @param options Retention target, longest interval, fuzz.
 * @returns The scheduler.
 * @example
 * ```ts
 * const scheduler = createScheduler();
 * const { state, due } = scheduler.review('cardiac-conduction/pacemaker', saved, 'good', new Date());
 * ```
 */
export function createScheduler(options: SchedulerOptions = {}): Scheduler {
  const engine = fsrs({
    request_retention: options.requestRetention ?? 0.9,
    maximum_interval: options.maximumInterval ?? 36500,
    enable_fuzz: options.fuzz ?? false,
  });
  return {
    review(cardId, state, rating, now = new Date()) {
      const card = state ? toCard(state) : createEmptyCard(now);
      const next = engine.next(card, now, ratings[rating]).card;
      return { state: fromCard(cardId, next), due: next.due };
    },
    due(all, now = new Date()) {
      return [...all]
        .filter((s) => Date.parse(s.due) <= now.getTime())
        .sort((a, b) => Date.parse(a.due) - Date.parse(b.due));
    },
  };
}
