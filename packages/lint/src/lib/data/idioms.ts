/** An idiom seen in item stems, with what to write instead. */
export interface Idiom {
  /** The idiom as authors read it, e.g. `pass out`. */
  idiom: string;
  /** A regular expression source for its forms (matched case-insensitively, as whole words). */
  pattern: string;
  /** Plain words with the same meaning. */
  plain: string;
}

/**
 * Idioms and phrasal verbs that appear in exam item stems and cost a
 * second-language reader time, for `item/idiom`. Written by the qbank authors
 * from phrases seen in USMLE-style vignettes (patients' words retold:
 * "passed out", "threw up", "on and off"); each has a literal alternative
 * that says the same. Clinical terms that are idioms only to a layperson
 * ("rule out", "workup") are left out: examinees learn them as terms.
 */
export const idioms: readonly Idiom[] = Object.freeze([
  { idiom: 'pass out', pattern: String.raw`pass(?:es|ed|ing)? out`, plain: 'faint, lose consciousness' },
  { idiom: 'black out', pattern: String.raw`black(?:s|ed|ing)? out`, plain: 'lose consciousness' },
  { idiom: 'throw up', pattern: String.raw`(?:throw(?:s|ing)?|threw|thrown) up`, plain: 'vomit' },
  { idiom: 'on and off', pattern: String.raw`(?:on and off|off and on)`, plain: 'intermittently, at times' },
  {
    idiom: 'come and go',
    pattern: String.raw`(?:come|comes|came|coming) and (?:go|goes|went|going)`,
    plain: 'is intermittent',
  },
  { idiom: 'out of the blue', pattern: String.raw`out of the blue`, plain: 'suddenly, without warning' },
  { idiom: 'under the weather', pattern: String.raw`under the weather`, plain: 'unwell' },
  { idiom: 'pins and needles', pattern: String.raw`pins and needles`, plain: 'tingling' },
  { idiom: 'feel blue', pattern: String.raw`(?:feel(?:s|ing)?|felt) (?:blue|down)`, plain: 'feel sad' },
  { idiom: 'on edge', pattern: String.raw`on edge`, plain: 'tense, anxious' },
  { idiom: 'worn out', pattern: String.raw`worn out`, plain: 'very tired' },
  {
    idiom: 'come down with',
    pattern: String.raw`(?:come|comes|came|coming) down with`,
    plain: 'develop, become ill with',
  },
  { idiom: 'bring on', pattern: String.raw`(?:brought|bring(?:s|ing)?) on by`, plain: 'caused by, started by' },
  {
    idiom: 'put on weight',
    pattern: String.raw`(?:put(?:s|ting)?) on (?:\d+ (?:kg|lb) |some |a lot of )?weight`,
    plain: 'gain weight',
  },
  {
    idiom: 'go off a drug',
    pattern: String.raw`(?:go|goes|went|gone|going) off (?:his|her|their|the) (?:medication|medications|medicine|drugs?|pills?)`,
    plain: 'stop taking',
  },
  {
    idiom: 'run out of breath',
    pattern: String.raw`(?:run|runs|ran|running) out of breath`,
    plain: 'become short of breath',
  },
  { idiom: 'run out of', pattern: String.raw`(?:run|runs|ran|running) out of`, plain: 'have none left of' },
  {
    idiom: 'keep to oneself',
    pattern: String.raw`(?:keep|keeps|kept|keeping) to (?:himself|herself|themselves)`,
    plain: 'avoid other people',
  },
  {
    idiom: 'get along with',
    pattern: String.raw`(?:get|gets|got|getting) along (?:well )?with`,
    plain: 'have good relationships with',
  },
  { idiom: 'ups and downs', pattern: String.raw`ups and downs`, plain: 'changes' },
  { idiom: 'to no avail', pattern: String.raw`to no avail`, plain: 'without improvement' },
  { idiom: 'a bout of', pattern: String.raw`(?:a|one|another) bout of`, plain: 'an episode of' },
  { idiom: 'a couple of', pattern: String.raw`a couple of`, plain: 'two, or a few' },
  { idiom: 'as of late', pattern: String.raw`as of late`, plain: 'recently' },
  { idiom: 'at wits’ end', pattern: String.raw`at (?:his|her|their|my|our) wits['’]? end`, plain: 'very frustrated' },
  { idiom: 'on the mend', pattern: String.raw`on the mend`, plain: 'recovering' },
  {
    idiom: 'sleep like a log',
    pattern: String.raw`(?:sleep|sleeps|slept|sleeping) like a (?:log|baby)`,
    plain: 'sleep deeply',
  },
  { idiom: 'cut down on', pattern: String.raw`(?:cut|cuts|cutting) (?:down|back) on`, plain: 'reduce' },
  {
    idiom: 'give up',
    pattern: String.raw`(?:give|gives|gave|given|giving) up (?:smoking|drinking|alcohol|cigarettes)`,
    plain: 'stop',
  },
]);
