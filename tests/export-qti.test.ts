// `qbank export qti`: the content package of a built bundle, unzipped and read back. Every XML file is
// well-formed (strict parser) and follows the QTI 3.0 / 2.1 and IMS CP element and attribute rules the
// team wrote down below (our own checks, not the official 1EdTech XSDs, which no registry package
// ships); items say exactly what the bundle says; the same bundle gives the same bytes; bad input
// writes nothing.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as exporter from '@qbank/export';
import {
  anchoredChoice,
  assembleBlock,
  htmlToText,
  openBundle,
  type BundleQuestion,
  type LoadedBundle,
} from '@qbank/runtime';
import { fromDirectory } from '@qbank/runtime/node';
import { validateXML } from 'xmllint-wasm';
import { child, descendants, parseXml, textOf, type XmlElement } from './fixtures/export/xml.js';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('export-qti');
const bank = path.join(work, 'bank');
const bundleDir = path.join(bank, 'out');
const env = { SOURCE_DATE_EPOCH: '1767225600' };
let bundle: LoadedBundle;
let questions: BundleQuestion[];

beforeAll(async () => {
  cpSync(path.join(repoRoot, 'tests/fixtures/export/bank'), bank, { recursive: true });
  const result = await runQbank(['build', '--out', 'out'], bank, env);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  bundle = await openBundle(fromDirectory(bundleDir));
  questions = await bundle.questions();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function exportZip(args: string[], out: string): Promise<Map<string, Uint8Array>> {
  const result = await runQbank(['export', 'qti', 'out', '--out', out, ...args], bank, env);
  expect(result.code, result.stderr).toBe(0);
  return new Map(Object.entries(unzipSync(readFileSync(path.join(bank, out)))));
}

// The names each version uses (3.0 kebab-case with `qti-`, 2.1 camelCase).
const vocabularies = {
  '3.0': {
    item: 'qti-assessment-item',
    response: 'qti-response-declaration',
    correct: 'qti-correct-response',
    value: 'qti-value',
    outcome: 'qti-outcome-declaration',
    body: 'qti-item-body',
    interaction: 'qti-choice-interaction',
    prompt: 'qti-prompt',
    choice: 'qti-simple-choice',
    processing: 'qti-response-processing',
    feedback: 'qti-modal-feedback',
    attr: (name: string) => name,
    itemType: 'imsqti_item_xmlv3p0',
    namespace: 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0',
    cp: 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1',
  },
  '2.1': {
    item: 'assessmentItem',
    response: 'responseDeclaration',
    correct: 'correctResponse',
    value: 'value',
    outcome: 'outcomeDeclaration',
    body: 'itemBody',
    interaction: 'choiceInteraction',
    prompt: 'prompt',
    choice: 'simpleChoice',
    processing: 'responseProcessing',
    feedback: 'modalFeedback',
    attr: (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()),
    itemType: 'imsqti_item_xmlv2p1',
    namespace: 'http://www.imsglobal.org/xsd/imsqti_v2p1',
    cp: 'http://www.imsglobal.org/xsd/imscp_v1p1',
  },
} as const;

// XHTML the items may hold: QTI 2.1's XHTML subset, plus HTML5 sectioning elements in 3.0.
const xhtml = new Set(
  'a abbr b blockquote br caption code col colgroup dd div dl dt em h1 h2 h3 h4 h5 h6 hr i img li ol p pre q small span strong sub sup table tbody td tfoot th thead tr ul'.split(
    ' ',
  ),
);
const xhtml3 = new Set('aside figure figcaption section article'.split(' '));

/** The team's element and attribute rules for one exported item. */
function checkItem(
  root: XmlElement,
  question: BundleQuestion,
  version: '3.0' | '2.1',
  files: Map<string, Uint8Array>,
  href: string,
) {
  const v = vocabularies[version];
  const a = v.attr;
  expect(root.name).toBe(v.item);
  expect(root.attributes).toMatchObject({
    xmlns: v.namespace,
    identifier: question.id,
    title: question.id,
    adaptive: 'false',
    [a('time-dependent')]: 'false',
  });
  const all = descendants(root);
  // Declarations first, then the body, the processing and the feedback, as the schemas order them.
  expect([...new Set(root.children.map((c) => c.name))]).toEqual([
    v.response,
    v.outcome,
    v.body,
    v.processing,
    v.feedback,
  ]);
  const response = child(root, v.response)!;
  expect(response.attributes).toEqual({
    identifier: 'RESPONSE',
    cardinality: 'single',
    [a('base-type')]: 'identifier',
  });
  expect(textOf(child(child(response, v.correct)!, v.value)!)).toBe(question.answer);
  const outcomes = root.children.filter((c) => c.name === v.outcome).map((c) => c.attributes.identifier);
  expect(outcomes).toEqual(['SCORE', 'MAXSCORE', 'FEEDBACK']);
  const interactions = all.filter((e) => e.name === v.interaction);
  expect(interactions).toHaveLength(1);
  const interaction = interactions[0]!;
  expect(interaction.attributes).toMatchObject({
    [a('response-identifier')]: 'RESPONSE',
    [a('max-choices')]: '1',
    [a('min-choices')]: '0',
  });
  expect(textOf(child(interaction, v.prompt)!).trim()).toBe(htmlToText(question.leadIn).trim());
  const choices = interaction.children.filter((c) => c.name === v.choice);
  // The authored order, the bundle's letters, the option text character for character.
  expect(choices.map((c) => c.attributes.identifier)).toEqual(question.choices.map((c) => c.letter));
  expect(choices.map((c) => textOf(c))).toEqual(question.choices.map((c) => c.text));
  expect(choices.map((c) => c.attributes.fixed === 'true')).toEqual(
    question.choices.map((c) => anchoredChoice.test(c.text)),
  );
  const feedback = root.children.filter((c) => c.name === v.feedback);
  expect(feedback.map((f) => f.attributes.identifier)).toEqual([
    ...question.choices.filter((c) => c.rationale).map((c) => c.letter),
    'EXPLANATION',
  ]);
  for (const f of feedback) {
    expect(f.attributes).toMatchObject({ [a('outcome-identifier')]: 'FEEDBACK', [a('show-hide')]: 'show' });
    const choice = question.choices.find((c) => c.letter === f.attributes.identifier);
    if (choice) expect(textOf(f).trim()).toBe(htmlToText(choice.rationale!).trim());
  }
  // Only QTI elements and allowed XHTML; images resolve inside the package and have alt text.
  const qtiNames = new Set(Object.values(v).filter((x): x is string => typeof x === 'string'));
  for (const element of all) {
    const known =
      qtiNames.has(element.name) ||
      (version === '3.0'
        ? element.name.startsWith('qti-') || xhtml3.has(element.name)
        : /^[a-z]+[A-Z]/.test(element.name)) ||
      xhtml.has(element.name) ||
      ['match', 'variable', 'multiple', 'correct'].includes(element.name);
    expect(known, `${question.id}: <${element.name}>`).toBe(true);
    if (element.name === 'img') {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(href), element.attributes.src!));
      expect(files.has(target), `${question.id}: ${target}`).toBe(true);
      expect(element.attributes.alt).toBeTruthy();
    }
  }
  expect(all.some((e) => e.name === 'script')).toBe(false);
}

/** The team's IMS CP rules for the manifest, and the metadata of every item. */
function checkManifest(files: Map<string, Uint8Array>, version: '3.0' | '2.1') {
  const v = vocabularies[version];
  const manifest = parseXml(strFromU8(files.get('imsmanifest.xml')!));
  expect(manifest.name).toBe('manifest');
  expect(manifest.attributes.xmlns).toBe(v.cp);
  expect(manifest.children.map((c) => c.name)).toEqual(['metadata', 'organizations', 'resources']);
  const resources = child(manifest, 'resources')!.children;
  const ids = resources.map((r) => r.attributes.identifier!);
  expect(new Set(ids).size).toBe(ids.length);
  for (const id of ids) expect(id).toMatch(/^[A-Za-z_][\w.-]*$/);
  const listed = new Set<string>();
  for (const resource of resources) {
    const file = child(resource, 'file')!;
    listed.add(file.attributes.href!);
    expect(file.attributes.href).toBe(resource.attributes.href);
    const bytes = files.get(file.attributes.href!)!;
    expect(bytes, file.attributes.href).toBeDefined();
    // The file's SHA-256 and size, as LOM identifier and technical metadata of the file.
    const lom = child(child(file, 'metadata')!, 'lom:lom')!;
    const identifier = child(child(lom, 'lom:general')!, 'lom:identifier')!;
    expect(textOf(child(identifier, 'lom:catalog')!)).toBe('sha256');
    expect(textOf(child(identifier, 'lom:entry')!)).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(textOf(child(child(lom, 'lom:technical')!, 'lom:size')!)).toBe(String(bytes.length));
    for (const dependency of resource.children.filter((c) => c.name === 'dependency')) {
      expect(ids).toContain(dependency.attributes.identifierref);
    }
  }
  expect([...files.keys()].filter((p) => p !== 'imsmanifest.xml').sort()).toEqual([...listed].sort());
  return resources;
}

describe.each(['3.0', '2.1'] as const)('QTI %s package', (version) => {
  let files: Map<string, Uint8Array>;
  beforeAll(async () => {
    files = await exportZip(version === '2.1' ? ['--version', '2.1'] : [], `bank-${version}.zip`);
  });

  it('holds the manifest, one item per published question and the images', () => {
    expect([...files.keys()].sort()).toEqual([
      `assets/${bundle.manifest.assets[0]!.path.replace('assets/', '')}`,
      'imsmanifest.xml',
      ...questions.map((q) => `items/${q.id}.xml`).sort(),
    ]);
  });

  it('has items that follow the rules and say what the bundle says', () => {
    for (const question of questions) {
      const href = `items/${question.id}.xml`;
      checkItem(parseXml(strFromU8(files.get(href)!)), question, version, files, href);
    }
  });

  it('has a manifest listing every file with its hash, and each item with its metadata', () => {
    const resources = checkManifest(files, version);
    for (const question of questions) {
      const resource = resources.find((r) => r.attributes.identifier === question.id)!;
      expect(resource.attributes).toEqual({
        identifier: question.id,
        type: vocabularies[version].itemType,
        href: `items/${question.id}.xml`,
      });
      const lom = child(child(resource, 'metadata')!, 'lom:lom')!;
      const all = descendants(lom);
      const texts = (name: string) => all.filter((e) => e.name === name).map(textOf);
      expect(texts('lom:entry').slice(0, 1)).toEqual([question.id]);
      expect(textOf(child(child(child(lom, 'lom:lifeCycle')!, 'lom:version')!, 'lom:string')!)).toBe(
        String(bundle.item(question.id)!.revision),
      );
      expect(texts('lom:id')).toEqual([question.system, ...question.disciplines, question.competency]);
      const keywords = all.filter((e) => e.name === 'lom:keyword').map((e) => textOf(e).trim());
      expect(keywords).toEqual(question.tags);
      const difficulty = all.find((e) => e.name === 'lom:difficulty');
      if (question.difficulty === null) expect(difficulty).toBeUndefined();
      else
        expect(textOf(child(difficulty!, 'lom:value')!)).toBe(
          ['very easy', 'easy', 'medium', 'difficult', 'very difficult'][question.difficulty - 1],
        );
      const deps = resource.children.filter((c) => c.name === 'dependency').length;
      expect(deps).toBe(question.stem.includes('<img') ? 1 : 0);
    }
  });
});

describe('QTI items and manifest against XML Schemas (libxml2 via xmllint-wasm)', () => {
  // tests/fixtures/export/xsd/qti3-item-subset.xsd is the team's own schema for the part of QTI 3.0
  // the items use, written from the specification: NOT the official 1EdTech XSD.
  const xsd = (name: string) => ({
    fileName: name,
    contents: readFileSync(path.join(repoRoot, 'tests/fixtures/export/xsd', name), 'utf8'),
  });
  const validate = (xml: { fileName: string; contents: string }[]) =>
    validateXML({ xml, schema: [xsd('qti3-item-subset.xsd')], preload: [xsd('xml.xsd')] });

  it('finds every item valid, and a broken one invalid', async () => {
    const files = await exportZip([], 'schema.zip');
    const items = [...files]
      .filter(([p]) => p.startsWith('items/'))
      .map(([fileName, bytes]) => ({ fileName, contents: strFromU8(bytes) }));
    expect(items).toHaveLength(questions.length);
    const result = await validate(items);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    const broken = items[0]!.contents.replace(
      ' cardinality="single" base-type="identifier"',
      ' base-type="identifier"',
    );
    const invalid = await validate([{ fileName: 'broken.xml', contents: broken }]);
    expect(invalid.valid).toBe(false);
    expect(invalid.errors[0]!.message).toContain("The attribute 'cardinality' is required but missing");
  });

  it('finds every QTI 2.1 item valid against the same subset under 2.1 names', async () => {
    const files = await exportZip(['--version', '2.1'], 'schema-21.zip');
    const items = [...files]
      .filter(([p]) => p.startsWith('items/'))
      .map(([fileName, bytes]) => ({ fileName, contents: strFromU8(bytes) }));
    const result = await validateXML({ xml: items, schema: [xsd('qti21-item-subset.xsd')], preload: [xsd('xml.xsd')] });
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('finds the manifest valid against our CP, LOM and QTI metadata subsets, and a wrong resource type not', async () => {
    const files = await exportZip(['--block', '3,schema'], 'schema-test.zip');
    const manifest = strFromU8(files.get('imsmanifest.xml')!);
    const check = (contents: string) =>
      validateXML({
        xml: [{ fileName: 'imsmanifest.xml', contents }],
        schema: [xsd('qti3-cp-subset.xsd')],
        preload: [xsd('lom-subset.xsd'), xsd('qti3-metadata-subset.xsd')],
      });
    const result = await check(manifest);
    expect(result.errors).toEqual([]);
    // A resource type the profile does not know.
    const broken = manifest.replace('type="webcontent"', 'type="image"');
    expect(broken).not.toBe(manifest);
    const invalid = await check(broken);
    expect(invalid.valid).toBe(false);
    expect(invalid.errors[0]!.message).toContain("'image' is not an element of the set");
  });
});

describe('an assessment test from --block', () => {
  it('holds the block the runtime assembles for that size and seed, in its order', async () => {
    const files = await exportZip(['--block', '2,midterm'], 'block.zip');
    const block = await assembleBlock(bundle, { seed: 'midterm', size: 2, blueprint: 'proportional' });
    const test = parseXml(strFromU8(files.get('tests/block-2-midterm.xml')!));
    expect(test.name).toBe('qti-assessment-test');
    const refs = descendants(test).filter((e) => e.name === 'qti-assessment-item-ref');
    expect(refs.map((r) => r.attributes.identifier)).toEqual(block.questions.map((q) => q.id));
    for (const ref of refs) expect(files.has(path.posix.normalize(`tests/${ref.attributes.href}`))).toBe(true);
    const resources = checkManifest(files, '3.0');
    expect(resources.find((r) => r.attributes.type === 'imsqti_test_xmlv3p0')!.attributes.href).toBe(
      'tests/block-2-midterm.xml',
    );
  });
});

describe('an assessment test from --form', () => {
  it('assembles the block the form describes: size, seed, title, filter and blueprint ranges', async () => {
    const form = [
      'title: Renal and cardiology quiz',
      'size: 2',
      'seed: quiz-1',
      'filter:',
      '  systems: [renal-urinary, cardiovascular]',
      'ranges:',
      '  disciplines: { pharmacology: { min: 40, max: 60 }, pathology: { min: 40, max: 60 } }',
    ].join('\n');
    writeFileSync(path.join(bank, 'form.yaml'), form);
    const files = await exportZip(['--form', 'form.yaml'], 'form.zip');
    const block = await assembleBlock(bundle, {
      seed: 'quiz-1',
      size: 2,
      blueprint: 'proportional',
      filter: { systems: ['renal-urinary', 'cardiovascular'] },
      ranges: { disciplines: { pharmacology: { min: 40, max: 60 }, pathology: { min: 40, max: 60 } } },
    });
    const test = parseXml(strFromU8(files.get('tests/block-2-quiz-1.xml')!));
    expect(test.attributes.title).toBe('Renal and cardiology quiz');
    const refs = descendants(test).filter((e) => e.name === 'qti-assessment-item-ref');
    expect(refs.map((r) => r.attributes.identifier)).toEqual(block.questions.map((q) => q.id));
    expect(refs.map((r) => r.attributes.identifier).sort()).toEqual(['cv-mi', 'renal-spironolactone-hyperkalemia']);
  });

  it('refuses a form it cannot use, saying what is wrong', async () => {
    writeFileSync(path.join(bank, 'bad-form.yaml'), 'size: many\nseed: x\n');
    const bad = await runQbank(['export', 'qti', 'out', '--form', 'bad-form.yaml', '--out', 'bad.zip'], bank);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--form bad-form.yaml: `size` must be a whole number of questions, 1 or more');
    writeFileSync(path.join(bank, 'odd-form.yaml'), 'size: 2\nseed: x\nlength: 90\n');
    const odd = await runQbank(['export', 'qti', 'out', '--form', 'odd-form.yaml', '--out', 'bad.zip'], bank);
    expect(odd.stderr).toContain(
      '--form odd-form.yaml: unexpected `length`, expected title, size, seed, filter or ranges',
    );
    expect(existsSync(path.join(bank, 'bad.zip'))).toBe(false);
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same bundle, from the CLI and the library', async () => {
    await exportZip([], 'first.zip');
    await exportZip([], 'second.zip');
    const first = readFileSync(path.join(bank, 'first.zip'));
    expect(readFileSync(path.join(bank, 'second.zip')).equals(first)).toBe(true);
    const library = await exporter.buildQtiPackage(await openBundle(fromDirectory(bundleDir)));
    expect(Buffer.from(library.bytes).equals(first)).toBe(true);
  });
});

describe('bad input', () => {
  function copyBundle(name: string): string {
    const dir = path.join(work, name);
    cpSync(bundleDir, dir, { recursive: true });
    return dir;
  }

  it('refuses a tampered bundle and writes nothing', async () => {
    const dir = copyBundle('tampered');
    const chunk = path.join(dir, 'questions/renal-urinary.json');
    writeFileSync(chunk, readFileSync(chunk, 'utf8').replace('Spironolactone is added', 'Spironolactone is given'));
    const result = await runQbank(['export', 'qti', dir, '--out', 'tampered.zip'], work);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^qbank: export stopped, nothing written: .*questions\/renal-urinary\.json/);
    expect(existsSync(path.join(work, 'tampered.zip'))).toBe(false);
  });

  it('refuses a bundle whose image is missing and writes nothing', async () => {
    const dir = copyBundle('missing-asset');
    unlinkSync(path.join(dir, bundle.manifest.assets[0]!.path));
    for (const target of ['qti', 'moodle']) {
      const result = await runQbank(['export', target, dir, '--out', `missing.${target}`], work);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('qbank: export stopped, nothing written:');
      expect(existsSync(path.join(work, `missing.${target}`))).toBe(false);
    }
  });

  it('refuses to write into the content folder, and unknown versions or blocks', async () => {
    const inside = await runQbank(['export', 'qti', '--out', 'content/bank.zip'], bank, env);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('is inside the content folder');
    expect(existsSync(path.join(bank, 'content/bank.zip'))).toBe(false);
    expect((await runQbank(['export', 'qti', 'out', '--version', '4.0'], bank)).stderr).toContain(
      'unknown QTI --version `4.0`, expected 3.0 or 2.1',
    );
    expect((await runQbank(['export', 'qti', 'out', '--block', 'ten'], bank)).code).toBe(2);
    expect((await runQbank(['export', 'pdf', 'out'], bank)).code).toBe(2);
  });
});

describe('@qbank/export public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(exporter).sort()).toEqual([
      'buildMoodleXml',
      'buildQtiPackage',
      'exportMoodleFromDirectory',
      'exportQtiFromDirectory',
    ]);
  });
});
