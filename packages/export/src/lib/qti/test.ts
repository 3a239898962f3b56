import { profiles, qti, type QtiVersion } from './names.js';
import { writeXml } from '../xml.js';

/**
 * Write an assessment test: one test part (nonlinear navigation, responses
 * submitted together), one visible section with the items in block order,
 * and SCORE as the sum of the items' SCORE.
 *
 * @param options Identifier, title, version, and the items (identifier and href relative to the test).
 * @returns The test's XML.
 */
export function buildTest(options: {
  identifier: string;
  title: string;
  version: QtiVersion;
  items: { identifier: string; href: string }[];
}): string {
  const v = options.version;
  const profile = profiles[v];
  const root = qti(
    v,
    'assessment-test',
    {
      xmlns: profile.namespace,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${profile.namespace} ${profile.schema}`,
      identifier: options.identifier,
      title: options.title,
    },
    [
      qti(v, 'outcome-declaration', { identifier: 'SCORE', cardinality: 'single', 'base-type': 'float' }),
      qti(v, 'test-part', { identifier: 'part-1', 'navigation-mode': 'nonlinear', 'submission-mode': 'simultaneous' }, [
        qti(v, 'assessment-section', { identifier: 'section-1', title: options.title, visible: true }, [
          ...options.items.map((item) =>
            qti(v, 'assessment-item-ref', { identifier: item.identifier, href: item.href }),
          ),
        ]),
      ]),
      qti(v, 'outcome-processing', {}, [
        qti(v, 'set-outcome-value', { identifier: 'SCORE' }, [
          qti(v, 'sum', {}, [qti(v, 'test-variables', { 'variable-identifier': 'SCORE' })]),
        ]),
      ]),
    ],
  );
  return writeXml(root, true);
}
