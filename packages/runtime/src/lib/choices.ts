import type { Random } from './random.js';
import type { BundleChoice } from './types.js';

/** Options that must keep their place when options are shuffled ("All of the above", "None of the above", ...). */
export const anchoredChoice = /^(all|none|both|neither) of the/i;

const leadingNumber = /^[<>≤≥~≈]?\s*([-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+−]?\.\d+)/;

/**
 * The number an option starts with ("0.5 mg/kg", "120/80 mm Hg", "<5%"), if any.
 *
 * @param text Plain option text.
 * @returns The number, or `null`.
 */
export function leadingValue(text: string): number | null {
  const match = leadingNumber.exec(text.trim());
  return match ? Number(match[1]!.replace(/,/g, '').replace('−', '-')) : null;
}

/**
 * The display order of a question's options: options matching
 * {@link anchoredChoice} stay where the author put them; when every other
 * option starts with a number they are shown in ascending order; otherwise
 * they are shuffled.
 *
 * @param choices Options in the author's order.
 * @param random The generator (seed it per learner and question).
 * @returns The same options in display order.
 */
export function arrangeChoices<T extends Pick<BundleChoice, 'text'>>(choices: readonly T[], random: Random): T[] {
  const free = choices.filter((c) => !anchoredChoice.test(c.text));
  const values = free.map((c) => leadingValue(c.text));
  const ordered = values.every((v) => v !== null)
    ? free
        .map((c, i) => [c, values[i]!] as const)
        .sort((a, b) => a[1] - b[1])
        .map(([c]) => c)
    : random.shuffle(free);
  return choices.map((c) => (anchoredChoice.test(c.text) ? c : ordered.shift()!));
}
