import { escapeBlock, escapeLine, escapeOption, optionText, plainText } from '@qbank/import';
import { parseQuestion, sourceFileFromText } from '@qbank/parser';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

// Arbitrary text must read back through qbank's parser as exactly the text that was escaped.
// Markdown's own characters and line starts are drawn far more often than chance would.
const markdownish = fc.constantFrom(
  ...'\\`*_[]<>|~#+-=:!&;.)(1 \t\n'.split(''),
  '1.',
  '1)',
  '10*9/L',
  '&amp;',
  '&#42;',
  '<div>',
  '<!--',
  '```',
  '~~~',
  '***',
  '---',
  '===',
  '    ',
  '[ ]',
  '[x]',
  '- ',
  '> ',
  '# ',
  '| a |',
  '|---|',
  'http://x.org',
  'www.x.org',
  'a@b.org',
  '\r',
  '\u00a0',
  'µ',
  '≥',
);
// NUL is not representable: qbank refuses files with a NUL byte, and CommonMark reads `&#0;` as U+FFFD.
const character = fc.oneof(
  markdownish,
  fc.string({ unit: 'binary', maxLength: 1 }).filter((c) => c !== '\0'),
);
const text = fc.array(character, { maxLength: 40 }).map((parts) => parts.join(''));
// An option is never empty (readers skip items with an empty option).
const line = text.map((value) => value.replace(/\n/g, '')).filter((value) => /\S/.test(optionText(value)));

function parse(body: string) {
  const file = sourceFileFromText('x.md', `---\nid: escape-test\nstatus: draft\n---\n\n${body}\n`);
  return parseQuestion(file);
}

const options = { numRuns: 600 };

describe('escaper', () => {
  test('a stem of arbitrary text reads back as the text (leading and trailing line breaks dropped)', () => {
    fc.assert(
      fc.property(text, (value) => {
        const stem = escapeBlock(value);
        fc.pre(stem !== '');
        const question = parse(`${stem}\n\nWhich?\n\n- [x] a\n- [ ] b`);
        expect(plainText(question.stem)).toBe(value.replace(/^\n+|\n+$/g, ''));
      }),
      options,
    );
  });

  test('a lead-in of arbitrary text stays one paragraph and reads back as the text', () => {
    fc.assert(
      fc.property(text, (value) => {
        const leadIn = escapeBlock(value, false);
        fc.pre(leadIn !== '');
        const question = parse(`Stem.\n\n${leadIn}\n\n- [x] a\n- [ ] b`);
        expect(question.leadIn && plainText([question.leadIn])).toBe(value.replace(/^\n+|\n+$/g, ''));
        expect(plainText(question.stem)).toBe('Stem.');
      }),
      options,
    );
  });

  test('an option of arbitrary text stays on its line and reads back as the text (trailing spaces dropped)', () => {
    fc.assert(
      fc.property(line, line, (first, second) => {
        const question = parse(`Which?\n\n- [ ] ${escapeOption(first)}\n- [x] ${escapeOption(second)}\n  Because.`);
        expect(question.choices.map((choice) => plainText(choice.label))).toEqual([first, second].map(optionText));
        expect(question.choices.map((choice) => choice.checked)).toEqual([false, true]);
        expect(plainText(question.choices[1]!.rationale)).toBe('Because.');
      }),
      options,
    );
  });

  test('known cases', () => {
    expect(escapeLine('17.4 x 10*9/L')).toBe('17.4 x 10\\*9/L');
    expect(escapeLine('1) the cells')).toBe('1\\) the cells');
    expect(escapeLine('# not a heading')).toBe('\\# not a heading');
    expect(escapeLine('  indented ')).toBe('&#32;&#32;indented&#32;');
    expect(escapeLine('AT&T &amp;')).toBe('AT&T \\&amp;');
    expect(escapeBlock('WBC\n9,800/mm3\n\nNext')).toBe('WBC\\\n9,800/mm3\n\nNext');
    expect(escapeOption('Propranolol\n"')).toBe('Propranolol "');
  });
});
