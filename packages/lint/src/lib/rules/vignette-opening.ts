import type { Paragraph } from 'mdast';
import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';
import { rangeIn, sentences, wholeRange, words } from '../text.js';

const numberWord = String.raw`(?:\d+(?:\.\d+)?|[a-z]+(?:-[a-z]+)?)`;
/** An age: "45-year-old", "3-week-old", "two-day-old". */
const age = new RegExp(String.raw`\b${numberWord}[- ](?:year|month|week|day|hour)s?[- ]old\b`, 'i');
/** The same age, written without hyphens or with a plural ("62 year old", "52-years-old"): a typo, not a late age. */
const unit = String.raw`(?:year|month|week|day|hour)s?`;
const sex = String.raw`(?:man|woman|boy|girl|male|female|newborn|neonate|infant|primigravida|multigravida|gravida)`;
const weight = String.raw`(?:[\d,]+-g (?:\([^)]*\),? )?)?`;
const aged = String.raw`${numberWord}[- ]${unit}[- ]old\b(?:,? [\w'’-]+){0,4}?,? ${sex}\b`;
const newborn = String.raw`(?:(?:male|female) )?(?:newborn|neonate)\b`;
/** Words that may stand before the age: "A previously healthy", "An otherwise healthy", "A full-term". */
const describing = String.raw`(?:(?:previously|otherwise|generally|recently) )?(?:healthy|well|full-term|term|preterm|premature|obese|pregnant|nulliparous|multiparous)`;
/**
 * The openings USMLE uses: "A 45-year-old man", "A 32-year-old primigravid
 * woman", "A newborn", a birth weight first ("A 3200-g (7-lb) male
 * newborn"), or a time clause first ("Two days after surgery, a 65-year-old man").
 */
const opening = new RegExp(
  String.raw`^(?:[^,.]{3,120}, )?an? (?:${describing},? )?${weight}(?:${aged}|${newborn})`,
  'iu',
);

/** `item/vignette-opening`: a clinical vignette that does not open with age and sex. */
export const vignetteOpening: ItemRule = {
  id: 'item/vignette-opening',
  description:
    'A clinical vignette (its first paragraph gives an age) does not open with age and sex ("A 45-year-old man").',
  severity: 'info',
  scope: 'item',
  check(question, context) {
    const view = viewOf(question);
    const first = view.stem.find((node): node is Paragraph => node.type === 'paragraph');
    if (!first) return;
    const map = view.mapper.map([first]);
    if (!age.test(map.text)) return;
    const text = map.text.trim();
    if (opening.test(text)) return;
    const sentence = sentences(map.text)[0]!;
    const found = age.exec(sentence.word);
    // Point from the start of the sentence to the age when the sentence has one, else at the first word.
    const firstWord = words(sentence.word)[0];
    const end =
      sentence.index +
      (found ? found.index + found[0].length : (firstWord?.index ?? 0) + (firstWord?.word.length ?? 1));
    context.report({
      message: `Unexpected vignette opening ${quote(text, 40)}, expected age and sex first, as in \`A 45-year-old man\``,
      hint: 'Open with age and sex ("A 45-year-old man", "A 3-week-old girl"), then the setting and the presenting complaint.',
      place: rangeIn(map, sentence.index, end) ?? wholeRange(map),
    });
  },
};
