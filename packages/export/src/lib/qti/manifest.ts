import { createHash } from 'node:crypto';
import type { BundleQuestion, ManifestItem } from '@qbank/runtime';
import type { Labels } from '../bundle.js';
import { el, text, textEl, writeXml, type XmlNode } from '../xml.js';
import { lom, profiles, type QtiVersion } from './names.js';

/** A resource of the package. */
export interface PackageResource {
  /** Resource identifier (an NCName). */
  identifier: string;
  /** `item`, `test` or `asset`. */
  kind: 'item' | 'test' | 'asset';
  /** Path in the package. */
  href: string;
  /** The file's bytes (for its size and hash). */
  bytes: Uint8Array;
  /** Media type (assets). */
  mediaType?: string;
  /** Identifiers of the resources it uses. */
  dependencies: string[];
  /** The question (items), for metadata. */
  question?: BundleQuestion;
  /** The question's index entry (items), for its revision. */
  entry?: ManifestItem;
}

// LOM's five-step difficulty vocabulary for qbank's 1 (easy) to 5 (hard).
const difficulties = ['very easy', 'easy', 'medium', 'difficult', 'very difficult'];

const m = (name: string, children: XmlNode[] = []) => el(`lom:${name}`, {}, children);
const langString = (value: string) => m('string', [text(value)]);
const vocabulary = (name: string, value: string) =>
  m(name, [textEl('lom:source', 'LOMv1.0'), textEl('lom:value', value)]);

function classification(source: string, purpose: string, taxa: { id: string; label: string }[]): XmlNode {
  return m('classification', [
    vocabulary('purpose', purpose),
    ...taxa.map((taxon) =>
      m('taxonPath', [
        m('source', [langString(source)]),
        m('taxon', [textEl('lom:id', taxon.id), m('entry', [langString(taxon.label)])]),
      ]),
    ),
  ]);
}

/** LOM of an item: id, revision, tags, difficulty, and system, disciplines and competency as classifications. */
function itemLom(question: BundleQuestion, entry: ManifestItem | undefined, labels: Labels): XmlNode {
  const general = [
    m('identifier', [textEl('lom:catalog', 'qbank'), textEl('lom:entry', question.id)]),
    m('title', [langString(question.id)]),
    textEl('lom:language', 'en'),
    ...question.tags.map((tag) => m('keyword', [langString(tag)])),
  ];
  const educational = question.difficulty
    ? [m('educational', [vocabulary('difficulty', difficulties[question.difficulty - 1]!)])]
    : [];
  return m('lom', [
    m('general', general),
    m('lifeCycle', [m('version', [langString(String(entry?.revision ?? 1))])]),
    ...educational,
    classification('qbank systems', 'discipline', [
      { id: question.system, label: labels.label('systems', question.system) },
    ]),
    classification(
      'qbank disciplines',
      'discipline',
      question.disciplines.map((id) => ({ id, label: labels.label('disciplines', id) })),
    ),
    classification('qbank competencies', 'competency', [
      { id: question.competency, label: labels.label('competencies', question.competency) },
    ]),
  ]);
}

/** Per file: its SHA-256 as a LOM identifier (catalog `sha256`), its media type and size. */
function fileNode(resource: PackageResource): XmlNode {
  const sha256 = createHash('sha256').update(resource.bytes).digest('hex');
  const technical = [
    ...(resource.mediaType ? [textEl('lom:format', resource.mediaType)] : []),
    textEl('lom:size', resource.bytes.length),
  ];
  const metadata = m('lom', [
    m('general', [m('identifier', [textEl('lom:catalog', 'sha256'), textEl('lom:entry', sha256)])]),
    m('technical', technical),
  ]);
  return el('file', { href: resource.href }, [el('metadata', {}, [metadata])]);
}

function resourceNode(resource: PackageResource, version: QtiVersion, labels: Labels): XmlNode {
  const profile = profiles[version];
  const type = { item: profile.itemType, test: profile.testType, asset: 'webcontent' }[resource.kind];
  const metadata: XmlNode[] = [];
  if (resource.question) {
    metadata.push(
      el('metadata', {}, [
        itemLom(resource.question, resource.entry, labels),
        el('qti:qtiMetadata', {}, [
          textEl('qti:timeDependent', 'false'),
          textEl('qti:interactionType', 'choiceInteraction'),
          textEl('qti:feedbackType', 'nonadaptive'),
          textEl('qti:solutionAvailable', 'true'),
        ]),
      ]),
    );
  }
  return el('resource', { identifier: resource.identifier, type, href: resource.href }, [
    ...metadata,
    fileNode(resource),
    ...resource.dependencies.map((id) => el('dependency', { identifierref: id })),
  ]);
}

/**
 * Write `imsmanifest.xml`: package metadata (LOM title and version), then
 * one resource per item, test and image, each listing its file with the
 * file's SHA-256, media type and size (LOM `identifier` and `technical`
 * under the file's `metadata`), items with their LOM (id, revision, tags,
 * difficulty; system, disciplines and competency as classifications) and
 * QTI metadata, and dependencies on the images they show.
 *
 * @param options Package name, version, QTI version and the resources.
 * @param labels Taxonomy labels.
 * @returns The manifest's XML.
 */
export function buildManifest(
  options: { identifier: string; title: string; version: string; qti: QtiVersion; resources: PackageResource[] },
  labels: Labels,
): string {
  const profile = profiles[options.qti];
  const root = el(
    'manifest',
    {
      xmlns: profile.cpNamespace,
      'xmlns:lom': lom.namespace,
      'xmlns:qti': profile.metadataNamespace,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': [
        `${profile.cpNamespace} ${profile.cpSchema}`,
        `${lom.namespace} ${lom.schema}`,
        `${profile.metadataNamespace} ${profile.metadataSchema}`,
      ].join(' '),
      identifier: options.identifier,
    },
    [
      el('metadata', {}, [
        textEl('schema', 'QTI Package'),
        textEl('schemaversion', profile.schemaVersion),
        m('lom', [
          m('general', [m('title', [langString(options.title)])]),
          m('lifeCycle', [m('version', [langString(options.version)])]),
        ]),
      ]),
      el('organizations'),
      el(
        'resources',
        {},
        options.resources.map((resource) => resourceNode(resource, options.qti, labels)),
      ),
    ],
  );
  return writeXml(root, true);
}
