/** An option that is a number or a numeric range, with its unit. */
export interface NumericValue {
  /** Lower bound (`-Infinity` for "< 5"). */
  low: number;
  /** Upper bound (`Infinity` for "> 5"); equal to `low` for a single number. */
  high: number;
  /** The unit after the number, folded ("weeks" and "week" are the same), `''` for none. */
  unit: string;
}

const number = String.raw`[−-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[−-]?\.\d+`;
const unit = String.raw`[^\d\s–—-][^\d–—]*?`;
const numericOption = new RegExp(
  String.raw`^(?<cmp>[<>≤≥]=?|less than|fewer than|under|more than|greater than|over)?\s*(?<a>${number})\s*(?<u1>${unit})?\s*(?:(?:-|–|—|to)\s*(?<b>${number})\s*(?<u2>${unit})?)?\s*$`,
  'iu',
);

function toNumber(text: string): number {
  return Number(text.replace(/−/g, '-').replace(/,/g, ''));
}

function foldUnit(text: string | undefined): string {
  return (text ?? '').trim().toLowerCase().replace(/s\b/g, '').replace(/\s+/g, ' ');
}

/**
 * Read an option as a number or range: `12`, `0.5 mg`, `5-10 mm Hg`, `5 to 10 years`,
 * `< 1%`, `≥ 60 mL/min`. A unit holds no digits, so `1:4`, `1/2` and `5 × 10^9/L` are not numeric.
 *
 * @param text The option's text.
 * @returns The value, or `undefined` when the option is not numeric.
 */
export function parseNumeric(text: string): NumericValue | undefined {
  const m = numericOption.exec(text.trim().replace(/\.$/, ''));
  if (!m?.groups) return undefined;
  const { cmp, a, b, u1, u2 } = m.groups;
  if (cmp && b) return undefined;
  if (u1 && u2 && foldUnit(u1) !== foldUnit(u2)) return undefined;
  const first = toNumber(a!);
  const second = b === undefined ? first : toNumber(b);
  const value = { low: Math.min(first, second), high: Math.max(first, second), unit: foldUnit(u2 ?? u1) };
  if (!cmp) return value;
  return /^[<≤]|less|fewer|under/i.test(cmp) ? { ...value, low: -Infinity } : { ...value, high: Infinity };
}

/**
 * Whether `b` should come after `a` in ascending order.
 *
 * @param a A value.
 * @param b Another value.
 * @returns Negative, zero or positive, as for `Array.prototype.sort`.
 */
export function compareNumeric(a: NumericValue, b: NumericValue): number {
  return a.low - b.low || a.high - b.high;
}
