import type { BundleQuestion } from '@qbank/runtime';
import { ncName } from '../bundle.js';
import { htmlToXhtml, type XhtmlContext } from '../xhtml.js';
import { el, text, writeXml, type XmlNode } from '../xml.js';
import { choiceOrder } from './choices.js';
import { profiles, qti, type QtiVersion } from './names.js';

/** Identifier of the explanation's feedback (choice identifiers are letters). */
export const explanationId = 'EXPLANATION';

/** An item document and what it refers to. */
export interface QtiItem {
  /** Item identifier (the question id, see {@link ncName}). */
  identifier: string;
  /** The item's XML. */
  xml: string;
  /** Bundle asset paths the item shows, with their alt text. */
  images: Map<string, string>;
}

function responseDeclarations(v: QtiVersion, question: BundleQuestion): XmlNode[] {
  const base = { cardinality: 'single', 'base-type': 'float' };
  return [
    qti(v, 'response-declaration', { identifier: 'RESPONSE', cardinality: 'single', 'base-type': 'identifier' }, [
      qti(v, 'correct-response', {}, [qti(v, 'value', {}, [text(question.answer)])]),
    ]),
    qti(v, 'outcome-declaration', { identifier: 'SCORE', ...base }, [
      qti(v, 'default-value', {}, [qti(v, 'value', {}, [text('0')])]),
    ]),
    qti(v, 'outcome-declaration', { identifier: 'MAXSCORE', ...base }, [
      qti(v, 'default-value', {}, [qti(v, 'value', {}, [text('1')])]),
    ]),
    qti(v, 'outcome-declaration', { identifier: 'FEEDBACK', cardinality: 'multiple', 'base-type': 'identifier' }),
  ];
}

function setOutcome(v: QtiVersion, identifier: string, value: XmlNode): XmlNode {
  return qti(v, 'set-outcome-value', { identifier }, [value]);
}

function baseValue(v: QtiVersion, type: string, value: string): XmlNode {
  return qti(v, 'base-value', { 'base-type': type }, [text(value)]);
}

/**
 * Response processing: the rules of the `match_correct` template (the key
 * scores 1, anything else 0), then FEEDBACK = the chosen option and the
 * explanation, so the chosen option's rationale and the explanation show
 * after the response.
 */
function responseProcessing(v: QtiVersion): XmlNode {
  return qti(v, 'response-processing', {}, [
    qti(v, 'response-condition', {}, [
      qti(v, 'response-if', {}, [
        qti(v, 'match', {}, [
          qti(v, 'variable', { identifier: 'RESPONSE' }),
          qti(v, 'correct', { identifier: 'RESPONSE' }),
        ]),
        setOutcome(v, 'SCORE', baseValue(v, 'float', '1')),
      ]),
      qti(v, 'response-else', {}, [setOutcome(v, 'SCORE', baseValue(v, 'float', '0'))]),
    ]),
    setOutcome(
      v,
      'FEEDBACK',
      qti(v, 'multiple', {}, [
        qti(v, 'variable', { identifier: 'RESPONSE' }),
        baseValue(v, 'identifier', explanationId),
      ]),
    ),
  ]);
}

function feedback(v: QtiVersion, identifier: string, title: string, content: XmlNode[]): XmlNode {
  const attributes = { 'outcome-identifier': 'FEEDBACK', identifier, 'show-hide': 'show', title };
  // QTI 3.0 wraps modal feedback content in qti-content-body.
  return qti(v, 'modal-feedback', attributes, v === '3.0' ? [qti(v, 'content-body', {}, content)] : content);
}

/**
 * Write one question as a QTI assessment item: a single-cardinality choice
 * interaction with the options in the authored order (identifiers are the
 * bundle's letters), shuffled with "all/none of the above" options fixed as
 * the runtime does; `match_correct` scoring; each option's rationale and the
 * explanation (with the objective and references) as modal feedback.
 *
 * @param question The question.
 * @param version The QTI version.
 * @param imageSrc The `src` to write for a bundle asset path.
 * @returns The item.
 */
export function buildItem(question: BundleQuestion, version: QtiVersion, imageSrc: (path: string) => string): QtiItem {
  const v = version;
  const images = new Map<string, string>();
  const ids = new Set<string>();
  const context: XhtmlContext = {
    profile: v === '3.0' ? 'qti3' : 'qti21',
    image: (src, alt) => {
      if (!images.has(src) || (!images.get(src) && alt)) images.set(src, alt);
      return imageSrc(src);
    },
  };
  const html = (value: string | null) => (value ? htmlToXhtml(value, context, ids) : []);
  const order = choiceOrder(question.choices);
  const interaction = qti(
    v,
    'choice-interaction',
    { 'response-identifier': 'RESPONSE', shuffle: order.shuffle, 'max-choices': 1, 'min-choices': 0 },
    [
      qti(v, 'prompt', {}, html(question.leadIn)),
      ...question.choices.map((choice, i) =>
        // One span around the option: players that lay options out with flexbox keep its spaces.
        qti(v, 'simple-choice', { identifier: choice.letter, fixed: order.fixed[i] ? true : undefined }, [
          el('span', { class: 'qbank-choice' }, html(choice.html)),
        ]),
      ),
    ],
  );
  const explanation = [
    ...html(question.explanation),
    ...(question.objective ? [el('h4', {}, [text('Educational objective')]), ...html(question.objective)] : []),
    ...(question.references ? [el('h4', {}, [text('References')]), ...html(question.references)] : []),
  ];
  const identifier = ncName(question.id);
  const profile = profiles[v];
  const root = qti(
    v,
    'assessment-item',
    {
      xmlns: profile.namespace,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${profile.namespace} ${profile.schema}`,
      identifier,
      title: question.id,
      adaptive: false,
      'time-dependent': false,
      'xml:lang': 'en',
    },
    [
      ...responseDeclarations(v, question),
      qti(v, 'item-body', {}, [el('div', { class: 'qbank-stem' }, html(question.stem)), interaction]),
      responseProcessing(v),
      ...question.choices
        .filter((choice) => choice.rationale)
        .map((choice) => feedback(v, choice.letter, `Option ${choice.letter}`, html(choice.rationale))),
      feedback(v, explanationId, 'Explanation', explanation),
    ],
  );
  return { identifier, xml: writeXml(root), images };
}
