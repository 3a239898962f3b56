// The GIFT grammar against the cases Moodle's "GIFT format" page describes: answers on one line or
// several (indented), per-answer feedback with spaces, general feedback, `\n` for a line break,
// escapes of ~ = # { } :, comment lines, titles, formats, and the types that are not single best answer.
import { readGift, type ImportText } from '@qbank/import';
import { describe, expect, test } from 'vitest';

function read(text: string) {
  return readGift({ name: 'doc.gift', bytes: new TextEncoder().encode(text) });
}

const plain = (part: ImportText | undefined) => (part && 'text' in part ? part.text : undefined);

describe('GIFT, as Moodle documents it', () => {
  test('multiple choice on one line, the key marked with =', () => {
    const { items } = read("Who's buried in Grant's tomb?{~Grant ~Jefferson =no one}");
    expect(items).toHaveLength(1);
    expect(plain(items[0]!.leadIn)).toBe("Who's buried in Grant's tomb?");
    expect(items[0]!.choices.map((c) => [plain(c.text), c.correct])).toEqual([
      ['Grant', false],
      ['Jefferson', false],
      ['no one', true],
    ]);
  });

  test('answers on separate, indented lines; feedback after # with spaces; general feedback after ####', () => {
    const { items } = read(
      "::Q2:: What's between orange and green in the spectrum?\n{\n   =yellow # right; good!\n   ~red # wrong, it's yellow\n   ~blue # wrong, it's yellow\n   ####Yellow lies between them.\n}",
    );
    const [item] = items;
    expect(item!.sourceId).toBe('Q2');
    expect(item!.choices.map((c) => [plain(c.text), plain(c.rationale), c.correct])).toEqual([
      ['yellow', 'right; good!', true],
      ['red', "wrong, it's yellow", false],
      ['blue', "wrong, it's yellow", false],
    ]);
    expect(plain(item!.explanation)).toBe('Yellow lies between them.');
  });

  test('escapes stand for the character; \\n is a line break; comment lines are ignored', () => {
    const { items } = read(
      '// a comment line\n::Title with \\: colon::Is 1 \\= 1 \\{always\\}?\\nAnswer \\~ \\# now.{\n// another comment\n=Yes \\= true#Right \\# 1\n~No}',
    );
    const [item] = items;
    expect(item!.sourceId).toBe('Title with : colon');
    expect(plain(item!.stem)).toBe('Is 1 = 1 {always}?');
    expect(plain(item!.leadIn)).toBe('Answer ~ # now.');
    expect(plain(item!.choices[0]!.text)).toBe('Yes = true');
    expect(plain(item!.choices[0]!.rationale)).toBe('Right # 1');
  });

  test('[html] text is converted from HTML; [plain] text is taken as it is', () => {
    const html = read('[html]<p>Which is <b>bold</b>?</p>{=<i>this</i> ~that}').items[0]!;
    expect(html.leadIn).toEqual({ markdown: 'Which is **bold**?' });
    expect(html.choices[0]!.text).toEqual({ markdown: '_this_' });
    const one = read(
      '[html]<p>A man has <b>crushing</b> chest pain. Which artery is occluded?</p>{=Right coronary ~Left main}',
    );
    expect(one.items[0]!.stem).toEqual({ markdown: 'A man has **crushing** chest pain.' });
    expect(one.items[0]!.leadIn).toEqual({ markdown: 'Which artery is occluded?' });
    const text = read('[plain]Is <b> a tag?{=No ~Yes}').items[0]!;
    expect(plain(text.leadIn)).toBe('Is <b> a tag?');
  });

  test('every other question type is skipped with its name', () => {
    const { items, skipped } = read(
      [
        '::Q1:: 1+1=2 {T}',
        '::Q3:: Two plus {=two =2} equals four.',
        '::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }',
        '::Q5:: What is a number from 1 to 5? {#3:2}',
        'Who is buried in the tomb?{=no one =nobody}',
        "Grant is {~buried =entombed ~living} in Grant's tomb.",
        'Write about it.{}',
        'A description without answers.',
        'Which two?{~%50%one ~%50%two ~%-100%three}',
      ].join('\n\n'),
    );
    expect(items).toEqual([]);
    expect(skipped.map((s) => [s.place.line, s.reason.split(':')[0]])).toEqual([
      [1, 'a true/false question'],
      [3, 'a missing-word question (text after the answer block)'],
      [5, 'a matching question'],
      [7, 'a numerical question'],
      [9, 'a short-answer question (no `~` options)'],
      [11, 'a missing-word question (text after the answer block)'],
      [13, 'an essay question (empty answer block)'],
      [15, 'no answer block `{...}`'],
      [17, 'a multiple-answer question (partial-credit weights, no `=` answer)'],
    ]);
  });
});
