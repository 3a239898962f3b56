import { assetFileName } from './assets.js';
import type { ImageResolver } from './html.js';
import type { ImportedAsset, ImportedChoice, ImportedQuestion, ReadResult, SourceInput } from './model.js';
import { failed } from './model.js';
import { looksLikeHtml, questionParts, textPart, type TextFormat } from './parts.js';
import { decodeText } from './text.js';
import { assetPlaceholder } from './write.js';
import { lineAt, list, parseXml, textOf, type XmlNode } from './xml.js';

// Moodle XML as Moodle documents and exports it: <quiz> holding <question type="...">; categories
// as <question type="category">; multichoice with <single>true</single>, <answer fraction="100">,
// per-answer <feedback>, <generalfeedback>, <tags>, and files as <file encoding="base64"> that the
// HTML refers to as @@PLUGINFILE@@/<name>.

/** Largest embedded image: 10 MiB, as `qbank validate` allows. */
const maxImageBytes = 10 * 1024 * 1024;

/** How a text element is written: `html`, or plain for `plain_text`, `markdown`, and `moodle_auto_format` without tags (whose line breaks are kept). */
function format(node: XmlNode | undefined): TextFormat {
  const declared = node?.['@_format'];
  if (declared === 'plain_text' || declared === 'markdown') return 'plain';
  if (declared === 'moodle_auto_format' && !looksLikeHtml(textOf(node?.text))) return 'plain';
  return 'html';
}

/** Embedded files of an element and where the HTML's `@@PLUGINFILE@@/name` points. */
function files(elements: (XmlNode | undefined)[], assets: ImportedAsset[], lossy: string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const element of elements) {
    for (const file of list(element?.file)) {
      const name = String(file['@_name'] ?? '');
      const bytes = Buffer.from(textOf(file).replace(/\s+/g, ''), 'base64');
      if (bytes.length > maxImageBytes) {
        lossy.push(`image \`${name}\` dropped: ${bytes.length} bytes, more than ${maxImageBytes}`);
        continue;
      }
      const stored = assetFileName(name, bytes);
      assets.push({ name: stored, bytes });
      names.set(name, stored);
    }
  }
  return names;
}

function resolver(names: Map<string, string>, lossy: string[]): ImageResolver {
  return (src, alt) => {
    const match = /^@@PLUGINFILE@@\/(.+)$/.exec(src);
    const name = match ? decodeURIComponent(match[1]!.split(/[?#]/)[0]!) : undefined;
    const stored = name === undefined ? undefined : (names.get(name) ?? names.get(name.split('/').pop()!));
    if (!stored) return undefined;
    if (!alt.trim())
      lossy.push(`image \`${name}\` has no alt text: write one (qbank validate reports asset/missing-alt)`);
    return `${assetPlaceholder}${stored}`;
  };
}

function skipReason(question: XmlNode, type: string): string | undefined {
  if (type !== 'multichoice') return `a Moodle \`${type}\` question: not a single best answer item`;
  if (textOf(question.single).trim() === 'false')
    return 'a multiple-answer question (`<single>false</single>`): not a single best answer item';
  const answers = list(question.answer);
  if (answers.length < 2) return 'fewer than two answers';
  const keys = answers.filter((answer) => Number(answer['@_fraction']) === 100).length;
  if (keys !== 1) return `${keys} answers with fraction 100, expected exactly one`;
  return undefined;
}

/** The taxonomy that `qbank export moodle` writes as tags (`system:cardiovascular`), taken out of the tags. */
function taxonomyTags(all: string[]): {
  tags: string[];
  fields: { system?: string; discipline: string[]; competency?: string; difficulty?: number };
} {
  const fields: { system?: string; discipline: string[]; competency?: string; difficulty?: number } = {
    discipline: [],
  };
  const tags: string[] = [];
  for (const tag of all) {
    const m = /^(system|discipline|competency|difficulty):([\w-]+)$/.exec(tag);
    if (!m) tags.push(tag);
    else if (m[1] === 'system') fields.system = m[2];
    else if (m[1] === 'discipline') fields.discipline.push(m[2]!);
    else if (m[1] === 'competency') fields.competency = m[2];
    else if (/^[1-5]$/.test(m[2]!)) fields.difficulty = Number(m[2]);
    else tags.push(tag);
  }
  return { tags, fields };
}

function multichoice(question: XmlNode, file: string, line: number, category: string | undefined): ImportedQuestion {
  const lossy: string[] = [];
  const assets: ImportedAsset[] = [];
  const questionText = question.questiontext as XmlNode | undefined;
  const general = question.generalfeedback as XmlNode | undefined;
  const answers = list(question.answer);
  const names = files([questionText, general, ...answers, ...answers.map((a) => a.feedback as XmlNode)], assets, lossy);
  const resolve = resolver(names, lossy);
  const parts = questionParts(textOf(questionText?.text), format(questionText), resolve);
  const part = (node: XmlNode | undefined) => {
    const converted = textPart(textOf(node?.text), format(node), resolve);
    lossy.push(...converted.lossy);
    return converted.part;
  };
  const choices: ImportedChoice[] = answers.map((answer) => {
    const feedback = answer.feedback as XmlNode | undefined;
    return {
      text: part(answer),
      correct: Number(answer['@_fraction']) === 100,
      rationale: textOf(feedback?.text).trim() ? part(feedback) : undefined,
    };
  });
  if (answers.some((a) => Number(a['@_fraction']) > 0 && Number(a['@_fraction']) < 100)) {
    lossy.push('partial-credit fractions of wrong answers dropped');
  }
  if (format(questionText) === 'plain' && questionText?.['@_format'] === 'markdown') {
    lossy.push('Markdown-format text kept as plain text (its marks stay visible)');
  }
  const segments = (category ?? '')
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s && !/^\$\w+\$$|^top$/i.test(s));
  const { tags, fields } = taxonomyTags(
    list((question.tags as XmlNode | undefined)?.tag)
      .map((tag) => textOf(tag.text).trim())
      .filter(Boolean),
  );
  const idnumber = textOf(question.idnumber).trim();
  return {
    place: { file, line },
    sourceId: idnumber || textOf((question.name as XmlNode | undefined)?.text).trim() || undefined,
    stem: parts.stem,
    leadIn: parts.leadIn,
    choices,
    explanation: textOf(general?.text).trim() ? part(general) : undefined,
    // qbank's own export names the taxonomy in tags; other banks' last category is the best guess.
    system: fields.system ?? segments.at(-1),
    ...(fields.discipline.length ? { discipline: fields.discipline } : {}),
    ...(fields.competency ? { competency: fields.competency } : {}),
    ...(fields.difficulty ? { difficulty: fields.difficulty } : {}),
    tags,
    assets,
    lossy: [...parts.lossy, ...lossy],
  };
}

/**
 * Read a Moodle XML question export. Single-answer `multichoice` questions
 * are read (with feedback, general feedback, tags, the category as the
 * system, and embedded images); other types are skipped with the reason.
 *
 * @param input The source.
 * @returns Questions, skipped items and problems.
 */
export function readMoodleXml(input: SourceInput): ReadResult {
  const decoded = decodeText(input);
  if ('problem' in decoded) return failed(decoded.problem);
  const parsed = parseXml(decoded.text, input.name, ['question', 'answer', 'file', 'tag']);
  if ('problem' in parsed) return failed(parsed.problem);
  const quiz = parsed.doc.quiz as XmlNode | undefined;
  if (!quiz) {
    return failed({
      place: { file: input.name },
      ruleId: 'import/moodle-xml',
      message: 'Unexpected XML without a `<quiz>` element, expected a Moodle XML export',
    });
  }
  const starts = [...decoded.text.matchAll(/<question[\s>]/g)].map((match) => lineAt(decoded.text, match.index));
  const result: ReadResult = { items: [], skipped: [], problems: [] };
  let category: string | undefined;
  list(quiz.question).forEach((question, index) => {
    const type = String(question['@_type'] ?? '');
    const place = { file: input.name, line: starts[index], path: `quiz/question[${index + 1}]` };
    if (type === 'category') {
      category = textOf((question.category as XmlNode | undefined)?.text).trim();
      return;
    }
    const why = skipReason(question, type);
    if (why) {
      result.skipped.push({ place, reason: why });
      return;
    }
    const item = multichoice(question, input.name, starts[index] ?? 0, category);
    item.place = place;
    if (decoded.note) item.lossy?.push(decoded.note);
    result.items.push(item);
  });
  return result;
}
