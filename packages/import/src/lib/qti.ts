import path from 'node:path';
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { assetFileName } from './assets.js';
import { hastToMdast, mdastToMarkdown, splitHtmlQuestion, type ImageResolver } from './html.js';
import type { ImportedAsset, ImportedQuestion, ReadResult, SourceInput, SourcePlace } from './model.js';
import { decodeText } from './text.js';
import { assetPlaceholder } from './write.js';
import { list, parseXml, textOf, type XmlNode } from './xml.js';
import { unzipSafely } from './zip.js';

// QTI 2.1 (`assessmentItem`, `choiceInteraction`, `simpleChoice`) and QTI 3.0
// (`qti-assessment-item`, `qti-choice-interaction`, `qti-simple-choice`) single-response items,
// from a content package (a zip with imsmanifest.xml) or a loose XML file. The item body is read
// as HTML: the interaction is taken out, its prompt is the lead-in and the rest is the stem.

/** Local name of an element (namespace prefix dropped, lowercase as HTML parsing gives it). */
function local(element: Element): string {
  return element.tagName.split(':').pop()!.replace(/-/g, '').replace(/^qti/, '');
}

function children(element: Element | HastRoot, name: string): Element[] {
  return (element.children as ElementContent[]).filter(
    (child): child is Element => child.type === 'element' && local(child) === name,
  );
}

function find(node: Element | HastRoot, names: readonly string[]): Element[] {
  const found: Element[] = [];
  for (const child of node.children) {
    if (child.type !== 'element') continue;
    if (names.includes(local(child))) found.push(child);
    else found.push(...find(child, names));
  }
  return found;
}

function remove(node: Element | HastRoot, target: Element): void {
  node.children = node.children.filter((child) => child !== target) as typeof node.children;
  for (const child of node.children) if (child.type === 'element') remove(child, target);
}

const interactionNames = [
  'choiceinteraction',
  'textentryinteraction',
  'extendedtextinteraction',
  'orderinteraction',
  'matchinteraction',
  'associateinteraction',
  'gapmatchinteraction',
  'inlinechoiceinteraction',
  'hottextinteraction',
  'hotspotinteraction',
  'sliderinteraction',
  'uploadinteraction',
  'drawinginteraction',
  'graphicgapmatchinteraction',
  'selectpointinteraction',
];

function markdownOf(nodes: ElementContent[], resolve: ImageResolver, lossy: string[], inline: boolean): string {
  const root: HastRoot = {
    type: 'root',
    children: inline ? [{ type: 'element', tagName: 'p', properties: {}, children: nodes }] : nodes,
  };
  const converted = hastToMdast(root, resolve);
  lossy.push(...converted.lossy);
  const markdown = mdastToMarkdown(converted.tree.children);
  return inline ? markdown.replace(/\s*\n\s*/g, ' ') : markdown;
}

interface ItemSource {
  xml: string;
  place: SourcePlace;
  /** Reads a file the item refers to, relative to the item; `undefined` when absent. */
  readRelative: (href: string) => Uint8Array | undefined;
}

function correctValues(doc: XmlNode): { cardinality: string; values: string[] } | undefined {
  const item = (doc.assessmentItem ?? doc['qti-assessment-item']) as XmlNode | undefined;
  const declarations = list(item?.responseDeclaration ?? item?.['qti-response-declaration']);
  const declaration = declarations[0];
  if (!declaration) return undefined;
  const correct = (declaration.correctResponse ?? declaration['qti-correct-response']) as XmlNode | undefined;
  const values = list(correct?.value ?? correct?.['qti-value'])
    .map(textOf)
    .concat([correct?.value, correct?.['qti-value']].flat().filter((v) => typeof v === 'string') as string[])
    .map((value) => value.trim());
  return { cardinality: String(declaration['@_cardinality'] ?? ''), values };
}

function readItem(source: ItemSource): ImportedQuestion | { skip: string } | { problem: string } {
  const parsed = parseXml(source.xml, source.place.file, []);
  if ('problem' in parsed) return { problem: parsed.problem.message };
  const item = (parsed.doc.assessmentItem ?? parsed.doc['qti-assessment-item']) as XmlNode | undefined;
  if (!item) return { skip: 'not an assessment item' };
  const response = correctValues(parsed.doc);
  const body = /<((?:[\w-]+:)?(?:itemBody|qti-item-body))\b[^>]*>([\s\S]*)<\/\1>/.exec(source.xml)?.[2];
  if (!body) return { skip: 'no item body' };
  const tree = fromHtml(body, { fragment: true });
  const interactions = find(tree, interactionNames);
  const choice = interactions[0];
  if (interactions.length !== 1 || !choice || local(choice) !== 'choiceinteraction') {
    const names = interactions.map((i) => i.tagName).join(', ') || 'none';
    return { skip: `interactions: ${names}; only one single-response choice interaction is imported` };
  }
  const maxChoices = String(
    choice.properties.maxChoices ?? choice.properties.maxchoices ?? choice.properties['max-choices'] ?? '1',
  );
  if (response?.cardinality !== 'single' || maxChoices !== '1')
    return { skip: 'a multiple-response choice interaction: not a single best answer item' };
  const lossy: string[] = [];
  const assets: ImportedAsset[] = [];
  const resolve: ImageResolver = (src, alt) => {
    const bytes = source.readRelative(src);
    if (!bytes) return undefined;
    const stored = assetFileName(src, bytes);
    assets.push({ name: stored, bytes });
    if (!alt.trim())
      lossy.push(`image \`${src}\` has no alt text: write one (qbank validate reports asset/missing-alt)`);
    return `${assetPlaceholder}${stored}`;
  };
  const prompt = children(choice, 'prompt')[0];
  const simple = children(choice, 'simplechoice');
  if (simple.length < 2) return { skip: 'fewer than two choices' };
  remove(tree, choice);
  const choices = simple.map((element) => {
    const feedback = find(element, ['feedbackinline']);
    for (const f of feedback) remove(element, f);
    const rationale = feedback.map((f) => markdownOf(f.children, resolve, lossy, false)).join('\n\n');
    return {
      text: { markdown: markdownOf(element.children, resolve, lossy, true) },
      correct: response.values.includes(String(element.properties.identifier ?? '')),
      rationale: rationale ? { markdown: rationale } : undefined,
    };
  });
  if (choices.filter((c) => c.correct).length !== 1)
    return { skip: 'the correct response does not name exactly one choice' };
  const stemConverted = hastToMdast(tree, resolve);
  lossy.push(...stemConverted.lossy);
  let stem = mdastToMarkdown(stemConverted.tree.children);
  let leadIn = prompt ? markdownOf(prompt.children, resolve, lossy, true) : '';
  if (!leadIn) {
    const split = splitHtmlQuestion(stemConverted.tree);
    stem = mdastToMarkdown(split.stem);
    leadIn = split.leadIn ? mdastToMarkdown([split.leadIn]) : '';
  }
  const modal = [
    ...source.xml.matchAll(/<((?:[\w-]+:)?(?:modalFeedback|qti-modal-feedback))\b[^>]*>([\s\S]*?)<\/\1>/g),
  ];
  const explanation = modal
    .map((m) => markdownOf(fromHtml(m[2]!, { fragment: true }).children as ElementContent[], resolve, lossy, false))
    .join('\n\n');
  return {
    place: source.place,
    sourceId: String(item['@_identifier'] ?? '') || undefined,
    stem: { markdown: stem },
    leadIn: { markdown: leadIn },
    choices,
    explanation: explanation ? { markdown: explanation } : undefined,
    assets,
    lossy,
  };
}

function collect(result: ReadResult, got: ReturnType<typeof readItem>, place: SourcePlace): void {
  if ('problem' in got) result.problems.push({ place, ruleId: 'import/qti', message: got.problem });
  else if ('skip' in got) result.skipped.push({ place, reason: got.skip });
  else result.items.push(got);
}

function readPackage(input: SourceInput, result: ReadResult): void {
  const unzipped = unzipSafely(input.bytes, input.name);
  if ('problem' in unzipped) {
    result.problems.push(unzipped.problem);
    return;
  }
  const files = unzipped.files;
  const manifest = files['imsmanifest.xml'];
  if (!manifest) {
    result.problems.push({
      place: { file: input.name },
      ruleId: 'import/qti',
      message: 'Unexpected zip without `imsmanifest.xml`, expected a QTI content package',
    });
    return;
  }
  const parsed = parseXml(new TextDecoder().decode(manifest), `${input.name}/imsmanifest.xml`, ['resource']);
  if ('problem' in parsed) {
    result.problems.push(parsed.problem);
    return;
  }
  const resources = list(((parsed.doc.manifest as XmlNode | undefined)?.resources as XmlNode | undefined)?.resource);
  for (const resource of resources) {
    const type = String(resource['@_type'] ?? '');
    const href = String(resource['@_href'] ?? '');
    if (!/^imsqti_item/i.test(type) || !href) continue;
    const entry = path.posix.normalize(href);
    const place = { file: input.name, path: entry };
    const bytes = files[entry];
    if (!bytes) {
      result.skipped.push({ place, reason: `the manifest names \`${href}\`, which is not in the package` });
      continue;
    }
    const readRelative = (src: string) => {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(entry), decodeURIComponent(src)));
      // Inside the package only: `../x` leaves it, a folder named `..x` does not.
      const outside = target === '..' || target.startsWith('../') || path.posix.isAbsolute(target);
      return outside ? undefined : files[target];
    };
    collect(result, readItem({ xml: new TextDecoder().decode(bytes), place, readRelative }), place);
  }
}

/**
 * Read QTI 2.1 or 3.0 items with one single-response choice interaction,
 * from a content package (zip with `imsmanifest.xml`; images inside it are
 * imported) or a loose item XML file. Other interactions are skipped.
 *
 * @param input The source.
 * @returns Questions, skipped items and problems.
 */
export function readQti(input: SourceInput): ReadResult {
  const result: ReadResult = { items: [], skipped: [], problems: [] };
  if (input.bytes[0] === 0x50 && input.bytes[1] === 0x4b) {
    readPackage(input, result);
    return result;
  }
  const decoded = decodeText(input);
  if ('problem' in decoded) return { ...result, problems: [decoded.problem] };
  collect(
    result,
    readItem({ xml: decoded.text, place: { file: input.name, line: 1 }, readRelative: () => undefined }),
    { file: input.name, line: 1 },
  );
  return result;
}
