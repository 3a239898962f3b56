/** "None of the above", "none of these", "none of the options". */
export const noneOfTheAbovePattern =
  /\bnone of (?:the )?(?:above|these|those|preceding|listed|options|choices|answers)\b/i;

/** "All of the above", "both of the above". */
const aboveAll = /\b(?:all|both) of (?:the )?(?:above|these|those|preceding|listed|options|choices|answers)\b/i;
/** "A and C", "Both A and B", "A, B and D": the whole option is letters, in capitals. */
const letters =
  /^(?:[Bb]oth |[Nn]either |[Ee]ither |[Oo]nly )?[A-J](?:(?:,|,? and|,? or|,? nor| &) [A-J])+(?: (?:are|is) (?:correct|true))?\.?$/;
/** "1 and 2", "I, III, IV", "II and III only": numbered statements combined (roman or arabic numerals). */
const numerals =
  /^(?:[Bb]oth |[Oo]nly )?(?:[1-9]|I{1,3}|IV|VI{0,3})(?:(?:,|,? and|,? or|,? &) (?:[1-9]|I{1,3}|IV|VI{0,3}))+(?: only)?\.?$/;
/** "Both A and B" or "Neither A nor B" inside a longer option. */
const bothLetters = /\b(?:[Bb]oth|[Nn]either) [A-J] (?:and|nor) [A-J]\b/;

/**
 * Whether an option combines other options ("all of the above", "A and C").
 *
 * @param text The option's text.
 * @returns `true` for a combined option.
 */
export function isCombinedOption(text: string): boolean {
  return aboveAll.test(text) || letters.test(text) || numerals.test(text) || bothLetters.test(text);
}
