// `qbank export moodle`: Moodle XML of a built bundle. The file is compared with a reviewed golden copy,
// checked against the rules of Moodle's documented XML format (written down below), and parsed back:
// every stem, lead-in, option, key, rationale, explanation, category and tag equals the bundle's,
// character for character.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMoodleXml, type ImportText } from '@qbank/import';
import { htmlToText, openBundle, type BundleQuestion, type LoadedBundle } from '@qbank/runtime';
import { fromDirectory } from '@qbank/runtime/node';
import { child, parseXml, textOf, type XmlElement } from './fixtures/export/xml.js';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('export-moodle');
const bank = path.join(work, 'bank');
const golden = path.join(repoRoot, 'tests/fixtures/export/bank.moodle.xml');
let bundle: LoadedBundle;
let questions: BundleQuestion[];
let xml: string;
let quiz: XmlElement;

beforeAll(async () => {
  cpSync(path.join(repoRoot, 'tests/fixtures/export/bank'), bank, { recursive: true });
  const env = { SOURCE_DATE_EPOCH: '1767225600' };
  const built = await runQbank(['build', '--out', 'out'], bank, env);
  expect(built.code, built.stdout + built.stderr).toBe(0);
  const result = await runQbank(['export', 'moodle', 'out', '--out', 'bank.xml'], bank, env);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toBe('✔ Moodle XML written to bank.xml: 3 questions in 3 categories, 1 images\n');
  xml = readFileSync(path.join(bank, 'bank.xml'), 'utf8');
  quiz = parseXml(xml);
  bundle = await openBundle(fromDirectory(path.join(bank, 'out')));
  questions = await bundle.questions();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

// From Moodle's "Moodle XML format" page: the elements of a multichoice question, in the order Moodle
// writes them, and the values it accepts.
const multichoiceElements = [
  'name',
  'questiontext',
  'generalfeedback',
  'defaultgrade',
  'penalty',
  'hidden',
  'idnumber',
  'single',
  'shuffleanswers',
  'answernumbering',
  'showstandardinstruction',
];
const answerNumbering = ['abc', 'ABCD', '123', 'iii', 'IIII', 'none'];
const richTextElements = new Set(['questiontext', 'generalfeedback', 'feedback', 'answer']);

/** The questions of the file, each with the category entry before it. */
function readQuestions(): { category: string; question: XmlElement }[] {
  const out: { category: string; question: XmlElement }[] = [];
  let category = '';
  for (const entry of quiz.children) {
    expect(entry.name).toBe('question');
    if (entry.attributes.type === 'category') category = textOf(child(child(entry, 'category')!, 'text')!);
    else out.push({ category, question: entry });
  }
  return out;
}

describe('Moodle XML', () => {
  it('is the reviewed golden file (UPDATE=1 rewrites it)', () => {
    if (process.env.UPDATE) writeFileSync(golden, xml);
    expect(xml).toBe(readFileSync(golden, 'utf8'));
  });

  it("follows Moodle's documented format", () => {
    expect(quiz.name).toBe('quiz');
    const entries = readQuestions();
    expect(entries).toHaveLength(questions.length);
    for (const { question } of entries) {
      expect(question.attributes.type).toBe('multichoice');
      const names = question.children.map((c) => c.name);
      expect(names.slice(0, multichoiceElements.length)).toEqual(multichoiceElements);
      expect(names.slice(multichoiceElements.length)).toEqual([...names.filter((n) => n === 'answer'), 'tags']);
      expect(textOf(child(question, 'single')!)).toBe('true');
      expect(['true', 'false']).toContain(textOf(child(question, 'shuffleanswers')!));
      expect(answerNumbering).toContain(textOf(child(question, 'answernumbering')!));
      const fractions = question.children.filter((c) => c.name === 'answer').map((a) => a.attributes.fraction);
      expect(fractions.filter((f) => f === '100')).toHaveLength(1);
      expect(fractions.every((f) => f === '100' || f === '0')).toBe(true);
      // Every rich text says its format, and every @@PLUGINFILE@@ file it names is embedded beside it.
      const visit = (element: XmlElement) => {
        if (richTextElements.has(element.name)) {
          expect(element.attributes.format).toBe('html');
          const text = textOf(child(element, 'text')!);
          for (const [, name] of text.matchAll(/@@PLUGINFILE@@\/([^"]+)"/g)) {
            const file = element.children.find((c) => c.name === 'file' && c.attributes.name === name);
            expect(file?.attributes).toEqual({ name, path: '/', encoding: 'base64' });
            expect(
              Buffer.from(textOf(file!), 'base64').equals(readFileSync(path.join(bank, 'out/assets', name!))),
            ).toBe(true);
          }
        }
        element.children.forEach(visit);
      };
      visit(question);
    }
  });

  it('round-trips every question character for character', () => {
    const entries = readQuestions();
    const labels = new Map(bundle.manifest.taxonomy.systems.map((s) => [s.id, s.label]));
    const disciplineLabels = new Map(bundle.manifest.taxonomy.disciplines.map((d) => [d.id, d.label]));
    for (const question of questions) {
      const entry = entries.find((e) => textOf(child(e.question, 'idnumber')!) === question.id)!;
      const q = entry.question;
      const html = (element: XmlElement) => textOf(child(element, 'text')!).replaceAll('@@PLUGINFILE@@/', 'assets/');
      const text = html(child(q, 'questiontext')!);
      const parts = /^<div class="qbank-stem">([\s\S]*)<\/div><div class="qbank-lead-in">([\s\S]*)<\/div>$/.exec(text)!;
      expect(parts[1]).toBe(question.stem);
      expect(parts[2]).toBe(question.leadIn);
      const answers = q.children.filter((c) => c.name === 'answer');
      expect(answers.map((a) => textOf(child(a, 'text')!))).toEqual(question.choices.map((c) => c.html));
      expect(answers.map((a) => html(child(a, 'feedback')!))).toEqual(question.choices.map((c) => c.rationale ?? ''));
      const key = answers.findIndex((a) => a.attributes.fraction === '100');
      expect(question.choices[key]!.letter).toBe(question.answer);
      const general = html(child(q, 'generalfeedback')!);
      expect(general.startsWith(question.explanation)).toBe(true);
      if (question.objective) expect(general).toContain(`<h4>Educational objective</h4>${question.objective}`);
      const system = labels.get(question.system)!.replaceAll('/', '//');
      const discipline = disciplineLabels.get(question.disciplines[0]!)!.replaceAll('/', '//');
      expect(entry.category).toBe(`$course$/top/Export fixture/${system}/${discipline}`);
      const tags = child(q, 'tags')!.children.map((t) => textOf(child(t, 'text')!));
      expect(tags).toEqual([
        `system:${question.system}`,
        ...question.disciplines.map((d) => `discipline:${d}`),
        `competency:${question.competency}`,
        ...(question.difficulty ? [`difficulty:${question.difficulty}`] : []),
        ...question.tags,
      ]);
    }
  });

  it('keeps every option in place when one must stay last, and numeric options in their order', () => {
    const shuffle = Object.fromEntries(
      readQuestions().map(({ question }) => [
        textOf(child(question, 'idnumber')!),
        textOf(child(question, 'shuffleanswers')!),
      ]),
    );
    expect(shuffle).toEqual({ 'biostat-ppv': 'false', 'cv-mi': 'true', 'renal-spironolactone-hyperkalemia': 'false' });
  });

  it("reads back with qbank import's Moodle XML reader as the same questions", () => {
    const read = readMoodleXml({ name: 'bank.xml', bytes: new TextEncoder().encode(xml) });
    expect(read.problems).toEqual([]);
    expect(read.skipped).toEqual([]);
    const plain = (part: ImportText | undefined) =>
      part === undefined ? '' : ('text' in part ? part.text : part.markdown.replace(/[*_]/g, '')).trim();
    expect(read.items.map((item) => item.sourceId).sort()).toEqual(questions.map((q) => q.id).sort());
    for (const item of read.items) {
      const question = questions.find((q) => q.id === item.sourceId)!;
      expect(plain(item.leadIn)).toBe(htmlToText(question.leadIn).trim());
      expect(item.choices.map((c) => plain(c.text))).toEqual(question.choices.map((c) => c.text));
      expect(item.choices.findIndex((c) => c.correct)).toBe(
        question.choices.findIndex((c) => c.letter === question.answer),
      );
      expect(item.choices.map((c) => plain(c.rationale))).toEqual(
        question.choices.map((c) => (c.rationale ? htmlToText(c.rationale).trim() : '')),
      );
      expect(plain(item.explanation)).toContain(htmlToText(question.explanation).trim());
      // The taxonomy comes back as fields, the free tags as tags.
      expect(item.system).toBe(question.system);
      expect(item.discipline).toEqual(question.disciplines);
      expect(item.competency).toBe(question.competency);
      expect(item.difficulty).toBe(question.difficulty ?? undefined);
      expect(item.tags).toEqual(question.tags);
      expect(item.assets?.length ?? 0).toBe(question.stem.includes('<img') ? 1 : 0);
    }
  });
});
