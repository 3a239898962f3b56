// Generated question banks for the benchmarks (scripts/bench.mjs, scripts/bench-preview.mjs) and the
// fault-injection suites (tests/helpers/fault-shim-bank.ts): one generator, seeded, so the same
// arguments always write the same files.
//
// Three kinds of bank:
// - `standard`: about 2.9 KB a question (a vignette, a four-row lab table, five choices with
//   rationales, an explanation, an objective) from a short list of common words and 4,000 made-up
//   terms. The bank scripts/bench.mjs has always measured.
// - `realistic`: about 4 KB a question of exam-style English: words drawn with Zipf's law from a
//   vocabulary of about 60,000 (real function and clinical words first, then made-up terms), vital
//   signs, a lab table with units, a third of the questions with a typographic apostrophe or dash (so
//   their text is not Latin-1, as in real banks), and a long explanation. Measured against the
//   MedQA-USMLE corpus (measurement data only, nothing of it is copied here): the 100 most common
//   words make up half of the running words, about 15 words a sentence.
// - `families`: questions in families of 30 near-identical variants, as automatic item generation
//   makes them: one stem, choices and explanation per family, each variant with another age, sex,
//   lab value and drug.

import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The systems questions are spread over, in order (question i is in `systems[i % systems.length]`). */
export const benchSystems = [
  'cardiovascular',
  'respiratory',
  'renal-urinary',
  'gastrointestinal',
  'endocrine',
  'musculoskeletal',
  'nervous-system-special-senses',
  'blood-lymphoreticular',
  'immune-system',
  'behavioral-health',
];
const disciplines = ['pathology', 'physiology', 'pharmacology', 'microbiology', 'biochemistry', 'genetics'];

/** The kinds of bank `writeBank` makes. */
export const bankKinds = ['standard', 'realistic', 'families'];

/** Variants per family in a `families` bank. */
export const familySize = 30;

/**
 * mulberry32: a small seeded PRNG of 32-bit integer arithmetic. (A float LCG loses precision and
 * falls into a short cycle, which made thousands of questions near-copies of each other.)
 */
export function seeded(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const capital = (text) => text[0].toUpperCase() + text.slice(1);

/** A bench question's frontmatter, with the blank line after it. */
function questionFrontmatter({ prefix, i, discipline, system, difficulty, note }) {
  return `---
id: ${prefix}-${i}
status: published
discipline: [${discipline}]
system: ${system}
competency: medical-knowledge
difficulty: ${difficulty}
tags: [bench]
notes: [${note}]
---

`;
}

// ---- standard ---------------------------------------------------------------------------------

const commonWords = (
  'patient history examination shows increased decreased serum concentration pain fever weeks days ' +
  'medication treatment laboratory studies normal abnormal left right chest abdomen tenderness murmur edema ' +
  'cells tissue biopsy infection inflammation receptor enzyme deficiency mutation pressure flow'
).split(' ');
const benchSyllables = 'ka lo mi ne ru ta se vo pi da ge hu zo be ci fa ly mo no qu ri sa te xi'.split(' ');

/** The standard bank's text: a third of the words from the short list, the rest from 4,000 terms. */
function standardText(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const terms = Array.from({ length: 4000 }, (_, i) => {
    let term = '';
    for (let n = i + 1; n > 0; n = Math.floor(n / benchSyllables.length))
      term += benchSyllables[n % benchSyllables.length];
    return `${term}al`;
  });
  const word = () => (random() < 1 / 3 ? pick(commonWords) : pick(terms));
  const sentence = (n) => capital(Array.from({ length: n }, word).join(' ')) + '.';
  return { pick, word, sentence };
}

function standardQuestion(t, random, i, { prefix, system, note }) {
  const answer = i % 5;
  const choices = Array.from(
    { length: 5 },
    (_, c) => `- [${c === answer ? 'x' : ' '}] Option ${c + 1} ${t.word()} ${t.word()}\n  ${t.sentence(14)}`,
  ).join('\n');
  const discipline = t.pick(disciplines);
  return `${questionFrontmatter({ prefix, i, discipline, system, difficulty: 1 + (i % 5), note })}A ${20 + (i % 60)}-year-old woman comes to the physician because of ${t.sentence(6)} ${t.sentence(25)} ${t.sentence(25)}
${t.sentence(20)} ${t.sentence(20)}

| Laboratory study | Result |
|---|---|
| Hemoglobin | ${(10 + random() * 5).toFixed(1)} g/dL |
| Leukocyte count | ${Math.round(4000 + random() * 8000)}/mm3 |
| Sodium | ${Math.round(130 + random() * 15)} mEq/L |
| Creatinine | ${(0.6 + random()).toFixed(1)} mg/dL |

Which of the following is the most likely diagnosis?

${choices}

## Explanation

${t.sentence(30)} ${t.sentence(30)} ${t.sentence(30)}

## Educational objective

${t.sentence(20)}
`;
}

// ---- realistic --------------------------------------------------------------------------------

// The most common words of exam English, most common first (function words, then clinical ones).
// Words that item-writing rules flag (absolute terms, "all of the above") are left out.
const realWords = (
  'the of a and with in to is was for her his on this at patient which following most be he she has ' +
  'are or by years history examination shows from an that year old physician mg dl after no over ' +
  'increased blood normal pain because likely comes department laboratory emergency temperature pressure ' +
  'pulse hours weeks days months mm hg min respirations serum treatment diagnosis left right there findings ' +
  'studies mother woman man child presents previously reports taking medications also had been past ' +
  'chest abdominal abdomen physical per tenderness decreased level count cells disease fever cough ' +
  'symptoms history examination urine hemoglobin concentration upper lower lung heart liver kidney ' +
  'skin mass lesion biopsy infection acute chronic therapy associated shows appears within without ' +
  'following most appropriate next step management mechanism action underlying cause condition ' +
  'noted performed shown image photograph examination reveals swelling rash nausea vomiting diarrhea ' +
  'fatigue weight loss gain headache dyspnea exertion edema murmur sounds bilateral lymph nodes ' +
  'palpable tender soft nontender distended bowel breath crackles wheezing auscultation alert oriented ' +
  'neurologic strength reflexes sensation gait vision hearing speech smoker alcohol drinks cigarettes ' +
  'daily smoked pack use drug illicit sexually active partners contraception pregnant gestation ' +
  'delivery infant newborn boy girl school grade family member brother sister father died age ' +
  'hypertension diabetes mellitus type asthma hyperlipidemia obesity depression anxiety insulin ' +
  'metformin lisinopril aspirin atorvastatin albuterol ibuprofen acetaminophen antibiotic started ' +
  'receptor enzyme protein gene mutation deficiency inhibition activation secretion production ' +
  'increase decrease elevated low high mild moderate severe sudden onset progressive intermittent ' +
  'episodes recurrent persistent worsening improved hospital admitted visit clinic office routine ' +
  'evaluation test result positive negative culture stain smear ultrasonography radiograph ct scan'
).split(' ');
const realSyllables = (
  'ab ac ad al am an ar as at ba be bi bo ca ce ci co cu da de di do du el em en er es fa fe fi ' +
  'fo ga ge gi go ha he hi ho hy id il im in ir is la le li lo lu ma me mi mo mu na ne ni no nu ob ' +
  'oc ol om on op or os pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu ul um un ur va ve vi vo'
).split(' ');
const realSuffixes = [
  '',
  'al',
  'ic',
  'ia',
  'itis',
  'osis',
  'emia',
  'ase',
  'ine',
  'ous',
  'ide',
  'ate',
  'ism',
  'oma',
  'ol',
  'an',
];

/** A vocabulary of about 60,000 words, most common first, and a Zipf sampler over it. */
function realisticText(random) {
  const made = [];
  const seen = new Set(realWords);
  for (let i = 0; made.length < 60_000; i++) {
    let n = i * 7919 + 13;
    let word = '';
    const parts = 2 + (i % 3);
    for (let p = 0; p < parts; p++) {
      word += realSyllables[n % realSyllables.length];
      n = Math.floor(n / realSyllables.length) + i;
    }
    word += realSuffixes[(i >> 2) % realSuffixes.length];
    if (!seen.has(word)) {
      seen.add(word);
      made.push(word);
    }
  }
  const vocabulary = [...new Set(realWords), ...made];
  // Zipf's law (exponent 1, offset 2.7): cumulative weights, sampled by binary search.
  const cumulative = new Float64Array(vocabulary.length);
  let total = 0;
  for (let r = 0; r < vocabulary.length; r++) cumulative[r] = total += 1 / (r + 2.7);
  const word = () => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo];
  };
  const sentence = (n) => {
    const words = Array.from({ length: n }, word);
    if (n > 8 && random() < 0.15) words.splice(3 + Math.floor(random() * (n - 6)), 0, `${Math.round(random() * 200)}`);
    return capital(words.join(' ')) + '.';
  };
  const paragraph = (sentences) =>
    Array.from({ length: sentences }, () => sentence(8 + Math.floor(random() * 15))).join(' ');
  const pick = (list) => list[Math.floor(random() * list.length)];
  // Options: one to three content words (past the common ones), distinct, in alphabetical order
  // (as item writers are asked to put them), so the option-order rules have nothing to say.
  const term = () => vocabulary[realWords.length + Math.floor(random() * 20_000)];
  const options = (n) => {
    const set = new Set();
    while (set.size < n) set.add(capital(Array.from({ length: 1 + Math.floor(random() * 3) }, term).join(' ')));
    return [...set].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  };
  return { word, sentence, paragraph, pick, options };
}

const leadIns = [
  'Which of the following is the most likely diagnosis?',
  'Which of the following is the most likely cause of these findings?',
  'Which of the following is the most likely underlying cause of this patient’s condition?',
  'The beneficial effect of this drug is most likely due to which of the following mechanisms?',
  'Further evaluation of this patient is most likely to show which of the following findings?',
];
const labs = [
  ['Hemoglobin', 'g/dL', 9, 16, 1],
  ['Leukocyte count', '/mm3', 3000, 18000, 0],
  ['Platelet count', '/mm3', 90000, 450000, 0],
  ['Sodium', 'mEq/L', 128, 148, 0],
  ['Potassium', 'mEq/L', 3.1, 5.8, 1],
  ['Chloride', 'mEq/L', 95, 110, 0],
  ['Bicarbonate', 'mEq/L', 16, 30, 0],
  ['Urea nitrogen', 'mg/dL', 6, 40, 0],
  ['Creatinine', 'mg/dL', 0.5, 2.8, 1],
  ['Glucose', 'mg/dL', 60, 320, 0],
  ['Calcium', 'mg/dL', 7.8, 11.6, 1],
  ['Alanine aminotransferase', 'U/L', 8, 220, 0],
];

function labTable(random, rows) {
  const picked = [...labs].sort(() => random() - 0.5).slice(0, rows);
  const value = ([, , lo, hi, decimals]) => (lo + random() * (hi - lo)).toFixed(decimals);
  return [
    '| Laboratory study | Result |',
    '|---|---|',
    ...picked.map((lab) => `| ${lab[0]} | ${value(lab)} ${lab[1]} |`),
  ].join('\n');
}

function vitals(random, typographic) {
  const celsius = 36.5 + random() * 3;
  const degree = typographic ? '°' : ' degrees ';
  return (
    `His temperature is ${celsius.toFixed(1)}${degree}C (${(celsius * 1.8 + 32).toFixed(1)}${degree}F), ` +
    `pulse is ${60 + Math.floor(random() * 70)}/min, respirations are ${12 + Math.floor(random() * 18)}/min, ` +
    `and blood pressure is ${95 + Math.floor(random() * 70)}/${55 + Math.floor(random() * 40)} mm Hg.`
  );
}

function realisticQuestion(t, random, i, { prefix, system, note }) {
  const answer = i % 5;
  // A third of real items hold a character outside Latin-1 (’ or –): V8 then keeps their text as UTF-16.
  const typographic = i % 3 === 0;
  const dash = typographic ? ' – ' : ', ';
  const choices = t
    .options(5)
    .map((option, c) => `- [${c === answer ? 'x' : ' '}] ${option}\n  ${t.paragraph(1)}`)
    .join('\n');
  const sex = i % 2 ? 'man' : 'woman';
  const discipline = t.pick(disciplines);
  return `${questionFrontmatter({ prefix, i, discipline, system, difficulty: 1 + (i % 5), note })}A ${18 + (i % 70)}-year-old ${sex} comes to the emergency department because of ${t.sentence(7).slice(0, -1).toLowerCase()}${dash}${t.paragraph(3)}
${vitals(random, typographic)} ${t.paragraph(4)}

${labTable(random, 6)}

${t.paragraph(1)} ${pick(leadIns, random)}

${choices}

## Explanation

${t.paragraph(6)}

${t.paragraph(4)}${dash}${t.paragraph(2)}

## Educational objective

${t.paragraph(1)}
`;
}

function pick(list, random) {
  return list[Math.floor(random() * list.length)];
}

// ---- families ---------------------------------------------------------------------------------

const drugs = [
  'lisinopril',
  'metoprolol',
  'amlodipine',
  'hydrochlorothiazide',
  'losartan',
  'furosemide',
  'spironolactone',
  'diltiazem',
];

/** A family's shared text, made once from the family's own seed, then varied per question. */
function familyBase(seed) {
  const random = seeded(seed);
  const t = realisticText(random);
  return {
    history: t.paragraph(4).replace(/^./, (c) => c.toLowerCase()),
    course: t.paragraph(4),
    table: labTable(random, 5),
    leadIn: pick(leadIns, random),
    choices: t.options(5).map((option) => [option, t.paragraph(2)]),
    explanation: `${t.paragraph(5)}\n\n${t.paragraph(5)}`,
    objective: t.paragraph(2),
  };
}

function familyQuestion(base, i, { prefix, system, note }) {
  const v = i % familySize;
  const answer = Math.floor(i / familySize) % 5;
  const sex = v % 2 ? 'man' : 'woman';
  const pronoun = v % 2 ? 'He' : 'She';
  const choices = base.choices
    .map(([option, why], c) => `- [${c === answer ? 'x' : ' '}] ${option}\n  ${why}`)
    .join('\n');
  // The variant's own lab value: the table's first row gets another number.
  const table = base.table.replace(/\| ([\d.]+) /, `| ${(3 + (v * 7) / familySize).toFixed(1)} `);
  return `${questionFrontmatter({ prefix, i, discipline: 'pharmacology', system, difficulty: 1 + (v % 5), note })}A ${25 + v * 2}-year-old ${sex} comes to the physician because of ${base.history}
${pronoun} has taken ${drugs[v % drugs.length]} for ${2 + (v % 7)} years. ${base.course}

${table}

${base.leadIn}

${choices}

## Explanation

${base.explanation}

## Educational objective

${base.objective}
`;
}

// ---- notes and the bank -----------------------------------------------------------------------

function note(t, n, { prefix, system }) {
  return `---
id: ${prefix}-note-${n}
title: Bench note ${n}
status: published
discipline: [${t.pick(disciplines)}]
system: ${system}
tags: [bench]
---

${t.sentence(30)} ${t.sentence(30)}

## Key points

- ${t.sentence(15)}
- ${t.sentence(15)}
- ${t.sentence(15)}

${t.sentence(30)} ${t.sentence(25)}
`;
}

/**
 * Write a generated bank into `dir`: `content/questions/<system>/<prefix>-<i>.md` and one note per
 * `notesEvery` questions, `content/notes/<prefix>-note-<n>.md`, linked from each of its questions.
 * The same options always give the same files.
 *
 * @param {string} dir The bank folder (created).
 * @param {object} options
 * @param {'standard'|'realistic'|'families'} [options.kind] The kind of bank (default standard).
 * @param {number} options.count Number of questions.
 * @param {number} [options.seed] Seed of the text (default 42).
 * @param {string} [options.prefix] Id prefix (default `bench`).
 * @param {number} [options.systems] How many of `benchSystems` to spread questions over (default 10).
 * @param {number} [options.notesEvery] Questions per note (default 100).
 * @param {string|null} [options.config] A qbank.config.json to write (JSON text), or null for none.
 * @returns {{ questionPath: (i: number) => string, bytesPerQuestion: number, notes: number }}
 */
export function writeBank(dir, options) {
  const { kind = 'standard', count, seed = 42, prefix = 'bench', notesEvery = 100 } = options;
  if (!bankKinds.includes(kind)) throw new Error(`unknown bank kind ${kind}: expected ${bankKinds.join(', ')}`);
  const systems = benchSystems.slice(0, options.systems ?? benchSystems.length);
  const questionPath = (i) => path.join(dir, 'content/questions', systems[i % systems.length], `${prefix}-${i}.md`);
  const random = seeded(seed);
  const t = kind === 'standard' ? standardText(random) : realisticText(random);
  for (const system of systems) mkdirSync(path.join(dir, 'content/questions', system), { recursive: true });
  let bytes = 0;
  let base;
  for (let i = 0; i < count; i++) {
    const place = { prefix, system: systems[i % systems.length], note: `${prefix}-note-${Math.floor(i / notesEvery)}` };
    if (kind === 'families' && i % familySize === 0) base = familyBase(seed * 1_000_003 + i);
    const text =
      kind === 'standard'
        ? standardQuestion(t, random, i, place)
        : kind === 'realistic'
          ? realisticQuestion(t, random, i, place)
          : familyQuestion(base, i, place);
    writeFileSync(questionPath(i), text);
    bytes += Buffer.byteLength(text);
  }
  mkdirSync(path.join(dir, 'content/notes'), { recursive: true });
  const notes = Math.ceil(count / notesEvery);
  for (let n = 0; n < notes; n++) {
    const system = systems[(n * notesEvery) % systems.length];
    writeFileSync(path.join(dir, 'content/notes', `${prefix}-note-${n}.md`), note(t, n, { prefix, system }));
  }
  if (options.config !== null) {
    writeFileSync(
      path.join(dir, 'qbank.config.json'),
      options.config ?? JSON.stringify({ name: 'bench', version: '1.0.0' }),
    );
  }
  return { questionPath, bytesPerQuestion: count ? bytes / count : 0, notes };
}

/** Make `dir` a git repository with one commit of everything in it (for `--changed-since HEAD`). */
export function commitAll(dir) {
  const git = (...args) =>
    spawnSync('git', ['-c', 'user.email=b@b', '-c', 'user.name=b', '-c', 'commit.gpgsign=false', ...args], {
      cwd: dir,
      stdio: 'ignore',
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'base');
}
