/** Letters whose names start with a vowel sound: "an MRI", "an HIV test". */
const vowelLetterNames = new Set('AEFHILMNORSX');
/** Vowel letters that sound like "you" or "wun": "a uterine", "a eukaryote", "a one-week". */
const consonantSound = /^(?:uni(?!n)|us[eu]|ut[ie]|ur[eiou]|uv|eu|ewe|one\b|once)/i;
/** Silent h: "an hour". */
const silentH = /^(?:hour|honest|honou?r|heir|herb)/i;

/**
 * The indefinite article that reads right before a word, by its first sound.
 *
 * @param word The first word of an option.
 * @returns `a`, `an`, or `undefined` when the sound cannot be told.
 */
export function articleFor(word: string): 'a' | 'an' | undefined {
  if (/^\d/.test(word)) return /^(?:8|11(?!\d{2})|18(?!\d{2}))/.test(word) ? 'an' : 'a';
  if (/^[\p{Lu}\d]{2,}$/u.test(word)) return vowelLetterNames.has(word[0]!) ? 'an' : 'a';
  if (!/^\p{L}/u.test(word)) return undefined;
  if (silentH.test(word)) return 'an';
  if (/^[aeiou]/i.test(word)) return consonantSound.test(word) ? 'a' : 'an';
  return 'a';
}
