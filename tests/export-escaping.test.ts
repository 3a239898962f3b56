// Open-ended text through the exporters: whatever characters a question holds, the QTI item and the
// Moodle XML are well-formed and give the same text back.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BundleQuestion } from '@qbank/runtime';
import { buildItem } from '../packages/export/src/lib/qti/item.js';
import { child, descendants, parseXml, textOf } from './fixtures/export/xml.js';

const escape = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * What a reader gets back: line endings as an HTML parser reads them, NUL dropped by it, and every
 * other character XML 1.0 cannot hold as U+FFFD (written here from the XML Char production).
 */
function readBack(text: string): string {
  return [...text.replace(/\r\n?/g, '\n').replaceAll('\u0000', '')]
    .map((c) => {
      const code = c.codePointAt(0)!;
      const allowed =
        code === 0x9 ||
        code === 0xa ||
        code === 0xd ||
        (code >= 0x20 && code <= 0xd7ff) ||
        (code >= 0xe000 && code <= 0xfffd) ||
        code >= 0x10000;
      return allowed ? c : '\ufffd';
    })
    .join('');
}

function question(texts: string[]): BundleQuestion {
  return {
    id: 'q-escaping',
    type: 'question',
    source: 'questions/q.md',
    disciplines: ['pathology'],
    system: 'cardiovascular',
    competency: 'medical-knowledge',
    difficulty: null,
    tags: [],
    notes: [],
    authors: [],
    stem: `<p>${escape(texts[0]!)}</p>`,
    leadIn: `<p>${escape(texts[1]!)}</p>`,
    choices: texts.slice(2).map((text, i) => ({
      letter: String.fromCharCode(65 + i),
      html: escape(text),
      text,
      rationale: `<p>${escape(text)}</p>`,
    })),
    answer: 'A',
    explanation: '<p>x</p>',
    objective: null,
    references: null,
    secondarySystems: [],
    hash: 'h',
  } as unknown as BundleQuestion;
}

describe('any text', () => {
  it('makes a well-formed QTI 3.0 and 2.1 item whose options say the same', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', minLength: 1 }), { minLength: 4, maxLength: 6 }), (texts) => {
        for (const version of ['3.0', '2.1'] as const) {
          const root = parseXml(buildItem(question(texts), version, (src) => src).xml);
          const choices = descendants(root).filter(
            (e) => e.name === (version === '3.0' ? 'qti-simple-choice' : 'simpleChoice'),
          );
          expect(choices.map(textOf)).toEqual(texts.slice(2).map(readBack));
          expect(child(root, version === '3.0' ? 'qti-item-body' : 'itemBody')).toBeDefined();
        }
      }),
      { numRuns: 200 },
    );
  });
});
