import { el, type XmlAttributes, type XmlNode } from '../xml.js';

/** A QTI version the exporter writes. */
export type QtiVersion = '3.0' | '2.1';

/** Namespaces, schema locations and resource types of one QTI version. */
export interface QtiProfile {
  /** The version. */
  version: QtiVersion;
  /** Namespace of items and tests. */
  namespace: string;
  /** Schema location of items and tests. */
  schema: string;
  /** Namespace of the content package manifest. */
  cpNamespace: string;
  /** Schema location of the manifest. */
  cpSchema: string;
  /** Namespace of the QTI metadata in the manifest. */
  metadataNamespace: string;
  /** Schema location of the QTI metadata. */
  metadataSchema: string;
  /** Resource type of an item. */
  itemType: string;
  /** Resource type of a test. */
  testType: string;
  /** `schemaversion` of the manifest. */
  schemaVersion: string;
}

/** The LOM namespace and the loose LOM schema both versions' packages use. */
export const lom = {
  namespace: 'http://ltsc.ieee.org/xsd/LOM',
  schema: 'https://purl.imsglobal.org/spec/md/v1p3/schema/xsd/imsmd_loose_v1p3p2.xsd',
};

/** The two profiles. */
export const profiles: Record<QtiVersion, QtiProfile> = {
  '3.0': {
    version: '3.0',
    namespace: 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0',
    schema: 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd',
    cpNamespace: 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1',
    cpSchema: 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd',
    metadataNamespace: 'http://www.imsglobal.org/xsd/imsqti_metadata_v3p0',
    metadataSchema: 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_metadatav3p0_v1p0.xsd',
    itemType: 'imsqti_item_xmlv3p0',
    testType: 'imsqti_test_xmlv3p0',
    schemaVersion: '3.0.0',
  },
  '2.1': {
    version: '2.1',
    namespace: 'http://www.imsglobal.org/xsd/imsqti_v2p1',
    schema: 'http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd',
    cpNamespace: 'http://www.imsglobal.org/xsd/imscp_v1p1',
    cpSchema: 'http://www.imsglobal.org/xsd/imscp_v1p1.xsd',
    metadataNamespace: 'http://www.imsglobal.org/xsd/imsqti_metadata_v2p1',
    metadataSchema: 'http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_metadata_v2p1.xsd',
    itemType: 'imsqti_item_xmlv2p1',
    testType: 'imsqti_test_xmlv2p1',
    schemaVersion: '2.1',
  },
};

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * A QTI element under its name in the given version: `qti-choice-interaction`
 * in 3.0, `choiceInteraction` in 2.1 (attributes likewise: `response-identifier`
 * or `responseIdentifier`).
 *
 * @param version The QTI version.
 * @param name The 3.0 name without `qti-` (kebab-case).
 * @param attributes Attributes under their 3.0 names.
 * @param children Child nodes.
 * @returns The node.
 */
export function qti(
  version: QtiVersion,
  name: string,
  attributes: XmlAttributes = {},
  children: XmlNode[] = [],
): XmlNode {
  if (version === '3.0') return el(`qti-${name}`, attributes, children);
  const renamed: XmlAttributes = {};
  for (const [key, value] of Object.entries(attributes)) renamed[key.includes(':') ? key : camel(key)] = value;
  return el(camel(name), renamed, children);
}
