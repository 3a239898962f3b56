import { words } from './text.js';

/**
 * Function words and the words every vignette uses ("patient", "year-old",
 * "following"): sharing them between stem and key says nothing.
 */
const common = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
  but by can could did do does doing down during each few for from further had has have having he her here hers herself
  him himself his how i if in into is it its itself just me more most my no nor not now of off on once only or other our
  out over own same she should so some such than that the their them then there these they this those through to too
  under until up very was we were what when where which while who whom why will with would you your
  shows show showed shown following likely best most next step appropriate patient patients year years old month months
  week weeks day days hour hours man woman men women boy girl male female child infant history examination physical
  physician department emergency comes came brought because complains reports normal abnormal within limits level levels
  result results finding findings diagnosis condition symptoms sign signs time increased decreased increase decrease
  cause caused causes treatment therapy test tests study studies mg dl ml mm hg min per cm kg medical medication
  medications drug drugs start oral intravenous serum blood pressure cell cells illness disorder disease syndrome
  negative positive acute chronic primary secondary left right upper lower mother father parents husband wife`.split(
    /\s+/,
  ),
);

const suffixes = ['ation', 'ion', 'ing', 'ed', 'ic', 'ia', 'al', 'ive', 'ous', 'ity'];

/**
 * Fold a word to a rough stem so that "infection" and "infected", or
 * "hypokalemia" and "hypokalemic", compare equal. Deliberately light: a wrong
 * merge costs a false report, a missed one only a missed cue.
 *
 * @param word A word.
 * @returns Its lower-case stem.
 */
export function stemWord(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, '');
  if (w.length > 5 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /[^isu]s$/.test(w)) w = w.slice(0, -1);
  for (const suffix of suffixes) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  return w.replace(/e$/, '');
}

/**
 * Whether a word carries content: not a function word or a word every
 * vignette has, not a number, and at least four letters (or an acronym).
 *
 * @param word A word as written.
 * @returns `true` for a content word.
 */
export function isContentWord(word: string): boolean {
  const parts = word
    .toLowerCase()
    .replace(/['’]s$/, '')
    .split('-');
  if (parts.every((part) => common.has(part) || /^[\p{N}.,]*$/u.test(part))) return false;
  return word.length >= 4 || /^\p{Lu}{2,}$/u.test(word);
}

/**
 * The stems of the content words of a text, as a set (see {@link isContentWord} and {@link stemWord}).
 *
 * @param text Any text.
 * @returns The set of stems.
 */
export function contentStems(text: string): Set<string> {
  return new Set(
    words(text)
      .filter((w) => isContentWord(w.word))
      .map((w) => stemWord(w.word)),
  );
}
