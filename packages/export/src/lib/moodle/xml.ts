import type { BundleQuestion, LoadedBundle } from '@qbank/runtime';
import { loadQuestions, readAssets, taxonomyLabels, type ExportAsset, type Labels } from '../bundle.js';
import { imagesIn } from '../xhtml.js';
import { el, textEl, writeXml, type XmlNode } from '../xml.js';
import { choiceOrder } from '../qti/choices.js';

/** Options of {@link buildMoodleXml}. */
export interface MoodleExportOptions {
  /**
   * The top category, under the course's question bank: each question goes
   * into `<top>/<system label>/<primary discipline label>`.
   *
   * @default the bank's name
   */
  category?: string;
}

/** A Moodle XML file. */
export interface MoodleXml {
  /** The XML. */
  xml: string;
  /** Questions written. */
  questions: number;
  /** Categories written (full paths). */
  categories: string[];
  /** Image files embedded. */
  images: number;
}

/** The path of a Moodle category: `/` inside a name is written `//`. */
function categoryPath(parts: string[]): string {
  return ['$course$', 'top', ...parts.map((part) => part.replaceAll('/', '//'))].join('/');
}

/**
 * A rich-text element: `<name format="html"><text>HTML</text><file .../></name>`,
 * the HTML's bundle images pointing at `@@PLUGINFILE@@/<file>` and each image
 * embedded once as base64.
 */
function richText(name: string, html: string, assets: Map<string, ExportAsset>): XmlNode {
  const files: XmlNode[] = [];
  const seen = new Set<string>();
  for (const { src } of imagesIn(html)) {
    const asset = assets.get(src);
    if (!asset || seen.has(src)) continue;
    seen.add(src);
    const file = src.replace(/^assets\//, '');
    files.push(
      textEl('file', Buffer.from(asset.bytes).toString('base64'), { name: file, path: '/', encoding: 'base64' }),
    );
  }
  const rewritten = html.replace(/(<img\b[^>]*\bsrc=")assets\//g, '$1@@PLUGINFILE@@/');
  return el(name, { format: 'html' }, [textEl('text', rewritten), ...files]);
}

function tagsOf(question: BundleQuestion): string[] {
  return [
    `system:${question.system}`,
    ...question.disciplines.map((id) => `discipline:${id}`),
    `competency:${question.competency}`,
    ...(question.difficulty ? [`difficulty:${question.difficulty}`] : []),
    ...question.tags,
  ];
}

function questionNode(question: BundleQuestion, assets: Map<string, ExportAsset>): XmlNode {
  const order = choiceOrder(question.choices);
  // Moodle shuffles all answers or none: a fixed "none of the above" keeps them all in place.
  const shuffle = order.shuffle && !order.fixed.some(Boolean);
  const stem = `<div class="qbank-stem">${question.stem}</div><div class="qbank-lead-in">${question.leadIn}</div>`;
  const explanation = [
    question.explanation,
    question.objective ? `<h4>Educational objective</h4>${question.objective}` : '',
    question.references ? `<h4>References</h4>${question.references}` : '',
  ].join('');
  return el('question', { type: 'multichoice' }, [
    el('name', {}, [textEl('text', question.id)]),
    richText('questiontext', stem, assets),
    richText('generalfeedback', explanation, assets),
    textEl('defaultgrade', '1.0000000'),
    textEl('penalty', '0.3333333'),
    textEl('hidden', '0'),
    textEl('idnumber', question.id),
    textEl('single', 'true'),
    textEl('shuffleanswers', shuffle ? 'true' : 'false'),
    textEl('answernumbering', 'ABCD'),
    textEl('showstandardinstruction', '0'),
    ...question.choices.map((choice) =>
      el('answer', { fraction: choice.letter === question.answer ? '100' : '0', format: 'html' }, [
        textEl('text', choice.html),
        richText('feedback', choice.rationale ?? '', assets),
      ]),
    ),
    el(
      'tags',
      {},
      tagsOf(question).map((tag) => el('tag', {}, [textEl('text', tag)])),
    ),
  ]);
}

function categoryNode(path: string): XmlNode {
  return el('question', { type: 'category' }, [
    el('category', {}, [textEl('text', path)]),
    el('info', { format: 'html' }, [el('text')]),
  ]);
}

function groupByCategory(questions: BundleQuestion[], top: string, labels: Labels): Map<string, BundleQuestion[]> {
  const groups = new Map<string, BundleQuestion[]>();
  for (const question of questions) {
    const discipline = question.disciplines[0];
    const parts = [top, labels.label('systems', question.system)];
    if (discipline) parts.push(labels.label('disciplines', discipline));
    const path = categoryPath(parts);
    groups.set(path, [...(groups.get(path) ?? []), question]);
  }
  return new Map([...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Export the published questions of a bundle as Moodle XML: per category
 * (`<bank>/<system>/<primary discipline>`) a category entry, then its
 * `multichoice` questions (single answer; fraction 100 for the key and 0
 * for the others; each option's rationale as its feedback; the explanation,
 * objective and references as general feedback; `idnumber` and name = the
 * question id; tags for system, disciplines, competency, difficulty and the
 * free tags), images embedded as base64 files referenced by `@@PLUGINFILE@@`.
 *
 * Note: the stem and the lead-in are written as `<div class="qbank-stem">`
 * and `<div class="qbank-lead-in">`, so an import can take them apart again.
 * The same bundle always gives the same bytes.
 *
 * @param bundle An opened bundle; every file it reads is verified.
 * @param options The top category.
 * @returns The XML and what it holds.
 * @example
 * const { xml } = await buildMoodleXml(await openBundle(fromDirectory('dist/bundle')));
 */
export async function buildMoodleXml(bundle: LoadedBundle, options: MoodleExportOptions = {}): Promise<MoodleXml> {
  const questions = await loadQuestions(bundle);
  const html = (q: BundleQuestion) => [
    q.stem,
    q.leadIn,
    q.explanation,
    q.objective ?? '',
    q.references ?? '',
    ...q.choices.flatMap((c) => [c.html, c.rationale ?? '']),
  ];
  const paths = questions.flatMap((q) => html(q).flatMap((part) => imagesIn(part).map((image) => image.src)));
  const assets = new Map((await readAssets(bundle, paths)).map((asset) => [asset.path, asset]));
  const top = options.category?.trim() || bundle.manifest.bank.name;
  const groups = groupByCategory(questions, top, taxonomyLabels(bundle));
  const nodes: XmlNode[] = [];
  for (const [path, members] of groups) nodes.push(categoryNode(path), ...members.map((q) => questionNode(q, assets)));
  return {
    xml: writeXml(el('quiz', {}, nodes), true),
    questions: questions.length,
    categories: [...groups.keys()],
    images: assets.size,
  };
}
