import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuestion, sourceFileFromText } from '@qbank/parser';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

// The parser assembles GFM itself, leaving literal autolinks out of files without `www.`, `://`
// or `@`. These tests hold it to the tree remark-parse + remark-gfm give, on text made of the
// pieces that shortcut reads and of the constructs it assembles (tables, tasks, footnotes).
const reference = {
  md: unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze(),
  mdx: unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkFrontmatter, ['yaml']).freeze(),
};

function expectSameTree(text: string, mdx = false) {
  const file = sourceFileFromText(mdx ? '/bank/questions/q.mdx' : '/bank/questions/q.md', text);
  let expected: unknown;
  try {
    // The text as read (line endings normalised), as the parser sees it.
    expected = reference[mdx ? 'mdx' : 'md'].parse(file.toString());
  } catch {
    // An MDX syntax error: the parser reports it as a diagnostic and has no tree.
    expected = undefined;
  }
  expect(parseQuestion(file).tree).toEqual(expected);
}

const pieces = [
  '|',
  '-',
  ':',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '> ',
  '- ',
  '1. ',
  '* ',
  '  ',
  'a',
  'Na',
  '140',
  '\\|',
  '`',
  '~~',
  '[ ]',
  '[x]',
  'www.',
  'www.x.org',
  'http://x.org/a',
  'https://',
  'a@b.org',
  'mailto:a@b.org',
  '@',
  '.',
  '_',
  '[^1]',
  '[^1]: n',
  '<Pearl>',
  '</Pearl>',
  '\n---\n',
  // Escapes and character references that decode to what makes a literal autolink.
  '&#64;',
  '&commat;',
  '&#46;',
  '&#58;',
  '\\.',
  '\\:',
  '\\/',
  'x.com',
  'www',
  'https',
];
const markdownText = fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((parts) => parts.join(''));
// Whole lines, so that header and delimiter rows meet often, in and out of containers.
const lines = [
  '| a | b |',
  'a | b',
  '| a |',
  '|---|---|',
  '--|--',
  '| :-: |',
  '|-',
  '---',
  '> | a | b |',
  '> |---|---|',
  '>',
  '  |---|---|',
  '    | a |',
  '- | a | b |',
  '1. |---|',
  'text www.x.org',
  'mail a@b.co',
  '',
];
const tableText = fc.array(fc.constantFrom(...lines), { maxLength: 12 }).map((parts) => parts.join('\n'));

describe('GFM parsing', () => {
  it('gives the tree of remark-parse + remark-gfm on tables, autolinks and their near misses', () => {
    fc.assert(
      fc.property(markdownText, fc.boolean(), (text, mdx) => expectSameTree(text, mdx)),
      { numRuns: 3000 },
    );
    let tables = 0;
    fc.assert(
      fc.property(tableText, fc.boolean(), (text, mdx) => {
        if (/"table"/.test(JSON.stringify(reference.md.parse(text)))) tables++;
        expectSameTree(text, mdx);
      }),
      { numRuns: 3000 },
    );
    // The generator must reach what it is meant to test.
    expect(tables).toBeGreaterThan(300);
  });

  it('gives the same tree for tables in containers, lazy lines, and autolinks in any case', () => {
    const cases = [
      '| a | b |\n|---|:-:|\n| 1 | 2 |\n',
      'a | b\n-- | --\n1 | 2\n',
      'para\n| a | b |\n| - | - |\n',
      '> | a | b |\n> |---|---|\n> | 1 | 2 |\n',
      '> | a |\n|---|\n',
      '- | a |\n  |---|\n  | 1 |\n',
      '1. | a |\n   | - |\n',
      '| a |\n| - |\nlazy\n| b |\n',
      '| a |\r\n| - |\r\n| 1 |\r\n',
      '| a |\r| - |\r| 1 |\r',
      'Visit WWW.EXAMPLE.COM or HTTPS://X.ORG or A@B.CO.',
      'foo&#64;example.com a&commat;b.org www\\.example.com www&#46;x.com &#119;ww.x.com https&#58;//x.com https\\:\\/\\/x.com',
      '---\nid: x\n---\n\n| a |\n|---|\n',
      '  | a |\n  |---|\n',
      '| a |\n  |---|\n',
    ];
    for (const text of cases) {
      expectSameTree(text);
      expectSameTree(text, true);
    }
  });
});
