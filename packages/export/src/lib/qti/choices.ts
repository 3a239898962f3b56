import { anchoredChoice, arrangeChoices, type BundleChoice, type Random } from '@qbank/runtime';

/** How a question's options are shuffled in QTI. */
export interface ChoiceOrder {
  /** Whether the player shuffles the options. */
  shuffle: boolean;
  /** Per option (authored order), whether it keeps its place. */
  fixed: boolean[];
}

/**
 * The runtime's shuffling rule, as QTI says it: options matching the
 * runtime's {@link anchoredChoice} ("All of the above", "None of the above",
 * ...) are `fixed`; the rest are shuffled, except when the runtime would not
 * shuffle them (every other option starts with a number: the runtime then
 * sorts them, which QTI cannot say, so they keep the authored order).
 *
 * Note: the decision is the runtime's own: {@link arrangeChoices} runs with
 * a generator that records whether it was asked to shuffle.
 *
 * @param choices The options in the authored order.
 * @returns `shuffle` and `fixed`.
 */
export function choiceOrder(choices: readonly Pick<BundleChoice, 'text'>[]): ChoiceOrder {
  let shuffled = false;
  const probe: Random = {
    next: () => 0,
    int: () => 0,
    shuffle: (list) => {
      shuffled = true;
      return [...list];
    },
  };
  arrangeChoices(choices, probe);
  const fixed = choices.map((choice) => anchoredChoice.test(choice.text));
  return { shuffle: shuffled && fixed.some((f) => !f), fixed };
}
