import matter from 'gray-matter';

/** A starter item: where it goes under the content folder, its frontmatter and its body. */
interface StarterItem {
  path: string;
  data: Record<string, unknown>;
  body: string;
}

const question: StarterItem = {
  path: 'questions/cardiovascular/cv-ace-inhibitor-cough-bradykinin.md',
  data: {
    id: 'cv-ace-inhibitor-cough-bradykinin',
    status: 'published',
    discipline: ['pharmacology'],
    system: 'cardiovascular',
    competency: 'medical-knowledge',
    difficulty: 2,
    tags: ['antihypertensives', 'adverse-drug-effects'],
    notes: ['ace-inhibitors-and-arbs'],
  },
  body: `
A 58-year-old man comes to the physician because of a dry cough for 5 weeks. He has had no fever,
shortness of breath, wheezing or heartburn. Six weeks ago, he was diagnosed with hypertension and
type 2 diabetes mellitus with moderately increased albuminuria, and treatment with lisinopril was
begun. He has never smoked. His temperature is 37°C (98.6°F), pulse is 72/min, respirations are
14/min, and blood pressure is 132/82 mm Hg. The lungs are clear to auscultation. A chest x-ray shows
no abnormalities.

Which of the following mediators is most likely responsible for this patient's cough?

- [ ] Angiotensin II
  Lisinopril lowers angiotensin II: that lowers blood pressure but does not cause a cough.
- [x] Bradykinin
  Angiotensin-converting enzyme also breaks down bradykinin, which builds up when the enzyme is inhibited.
- [ ] Histamine
  Histamine-mediated reactions cause urticaria, pruritus and wheezing; this patient has none of them.
- [ ] Leukotriene D4
  Leukotrienes mediate bronchoconstriction in asthma and aspirin-exacerbated respiratory disease.
- [ ] Serotonin
  Serotonin excess causes flushing and diarrhea (carcinoid syndrome), not an isolated dry cough.

## Explanation

A dry, nonproductive cough that begins within weeks of starting an **angiotensin-converting enzyme
(ACE) inhibitor**, with normal lungs and a normal chest x-ray, is the drug's most common adverse
effect. ACE (also called kininase II) does two things: it converts angiotensin I to angiotensin II,
and it inactivates **bradykinin** and substance P. Inhibiting it lowers angiotensin II (the wanted
effect) and lets bradykinin and substance P accumulate in the airways, where they sensitize the
cough reflex. The same accumulation of bradykinin causes the rarer but dangerous ACE
inhibitor-induced **angioedema**.

The cough does not respond to cough suppressants and usually resolves within 1 to 4 weeks after the
drug is stopped. **Angiotensin II receptor blockers** (such as losartan) block the AT1 receptor
without inhibiting ACE, so bradykinin does not accumulate and cough is rare. For this patient they
keep the benefit that made an ACE inhibitor the right choice: they lower blood pressure and reduce
albuminuria in diabetic kidney disease.

## Educational objective

ACE inhibitors cause a dry cough (and, rarely, angioedema) because ACE also degrades bradykinin;
angiotensin II receptor blockers do not raise bradykinin and are the usual substitute.

## References

- Brunton LL, Knollmann BC, eds. Goodman & Gilman's The Pharmacological Basis of Therapeutics. 14th ed. McGraw Hill; 2023.
`,
};

const note: StarterItem = {
  path: 'notes/cardiovascular/ace-inhibitors-and-arbs.md',
  data: {
    id: 'ace-inhibitors-and-arbs',
    title: 'ACE inhibitors and angiotensin II receptor blockers',
    status: 'published',
    discipline: ['pharmacology', 'physiology'],
    system: 'cardiovascular',
    level: 'organ-system',
    tags: ['antihypertensives', 'adverse-drug-effects'],
  },
  body: `
ACE inhibitors (lisinopril, enalapril, captopril) and angiotensin II receptor blockers, ARBs
(losartan, valsartan, candesartan), both block the renin-angiotensin-aldosterone system. They are
first-line drugs for hypertension, and they slow the loss of kidney function in diabetic kidney
disease with albuminuria. They differ in what else they do, and that explains their adverse effects.

## Mechanism

- **ACE inhibitors** block angiotensin-converting enzyme, which converts angiotensin I to
  angiotensin II and also degrades **bradykinin** and substance P. Angiotensin II falls (less
  vasoconstriction, less aldosterone); bradykinin rises (more vasodilation, and the cough).
- **ARBs** block the AT1 receptor of angiotensin II. ACE still works, so bradykinin does not rise.
- Both dilate the efferent arteriole of the glomerulus, which lowers intraglomerular pressure and
  albuminuria, and lowers the glomerular filtration rate a little when started.

## Adverse effects

| Effect | ACE inhibitors | ARBs | Why |
|---|---|---|---|
| Dry cough | Common | Rare | Bradykinin and substance P accumulate |
| Angioedema | Rare, can be fatal | Very rare | Bradykinin accumulates |
| Hyperkalemia | Yes | Yes | Less aldosterone |
| Rise in creatinine | Yes | Yes | Efferent arteriole dilates |
| Fetal toxicity | Yes | Yes | Contraindicated in pregnancy |

A rise in serum creatinine of up to about 30% after starting either drug is expected. A larger
rise can point to bilateral renal artery stenosis (or stenosis of the artery to a single kidney),
in which filtration depends on efferent vasoconstriction by angiotensin II.

## Key facts for review

- An ACE inhibitor cough is dry, starts within weeks to months, and stops within weeks of stopping
  the drug; switch to an ARB.
- Angioedema on an ACE inhibitor means never giving an ACE inhibitor again.
- Do not combine an ACE inhibitor with an ARB: more hyperkalemia and kidney injury, no added benefit.
- Both are contraindicated in pregnancy.

## References

- Jones DW, Ferdinand KC, Taler SJ, et al. 2025 AHA/ACC/AANP/AAPA/ABC/ACCP/ACPM/AGS/AMA/ASPC/NMA/PCNA/SGIM guideline for the prevention, detection, evaluation and management of high blood pressure in adults. *Hypertension*. 2025;82:e212-e316. doi:10.1161/HYP.0000000000000249. First-line drug classes, and an ACE inhibitor or ARB for hypertension with chronic kidney disease or albuminuria.
- Brunton LL, Knollmann BC, eds. Goodman & Gilman's The Pharmacological Basis of Therapeutics. 14th ed. McGraw Hill; 2023.
`,
};

/** The video registry: empty, with the shape of an entry in a comment. */
const videos = `# The bank's video lessons. A note shows one with <Video provider="..." id="..." start="m:ss" />
# (in an .mdx note); qbank checks that the video is listed here and the start is within it.
#
# videos:
#   - provider: youtube
#     id: <the video's id>
#     title: <its title>
#     duration: "12:30"
videos: []
`;

/** The glossary: the starter question's key terms, in plain English, for tap-to-define in apps. */
const glossary = `# The bank's glossary: what its abbreviations and key terms mean, in plain English for students
# who read exam English as a second language. The bundle carries it (glossary.json) with where
# each term occurs in every question, so an app or \`qbank preview\` shows the definition on tap;
# \`item/unexpanded-abbreviation\` accepts an abbreviation listed here as a variant.
# Each term: term, variants (other spellings, abbreviations), definition, optional translations
# by language code and an optional note id.
terms:
  - term: angiotensin-converting enzyme
    variants: [ACE]
    definition: The enzyme that turns angiotensin I into angiotensin II, which raises blood pressure. It also breaks down bradykinin.
    note: ace-inhibitors-and-arbs
  - term: angiotensin II receptor blocker
    variants: [angiotensin II receptor blockers, ARB, ARBs]
    definition: A drug such as losartan that blocks the receptor for angiotensin II. It lowers blood pressure and does not raise bradykinin.
    note: ace-inhibitors-and-arbs
  - term: bradykinin
    definition: A small protein that widens blood vessels and makes them leak fluid. The enzyme ACE breaks it down, so it builds up when ACE is blocked.
  - term: albuminuria
    definition: Albumin, a blood protein, in the urine. It is a sign of kidney damage, for example from diabetes.
  - term: angioedema
    definition: Sudden swelling under the skin of the lips, tongue, face or throat. Swelling of the throat can block breathing.
  - term: blood pressure
    definition: The pressure of blood against the walls of the arteries, written as the pressure during a heartbeat over the pressure between beats, in mm Hg.
    translations:
      es: presión arterial
      fr: pression artérielle
`;

/**
 * The starter content of a new bank: one question and the note it links, their frontmatter
 * written by gray-matter, a glossary of their key terms and an empty video registry.
 *
 * @returns Paths relative to the content folder, with their text.
 */
export function starterContent(): { path: string; text: string }[] {
  const items = [question, note].map((item) => ({ path: item.path, text: matter.stringify(item.body, item.data) }));
  return [...items, { path: 'glossary.yaml', text: glossary }, { path: 'videos.yaml', text: videos }];
}
