// XML imports decode what XML defines, and only that: the five predefined entities and numeric
// character references, however many a large export holds; declared entities stay refused.
import { describe, expect, it } from 'vitest';
import { readMoodleXml } from '@qbank/import';

const encoder = new TextEncoder();
const source = (name: string, text: string) => ({ name, bytes: encoder.encode(text) });

/** A Moodle XML export of `count` questions whose text is written with entities, not CDATA. */
function moodleExport(count: number): string {
  const question = (i: number) => `  <question type="multichoice">
    <name><text>Q${i} caf&#233; &amp; co</text></name>
    <questiontext format="html"><text>&lt;p&gt;Na&#x2B;/K&#43; &amp; the caf&#233; &quot;${i}&quot; &apos;x&apos;?&lt;/p&gt;</text></questiontext>
    <answer fraction="100" format="html"><text>&lt;p&gt;A &amp; B&lt;/p&gt;</text></answer>
    <answer fraction="0" format="html"><text>&lt;p&gt;C &#8805; D&lt;/p&gt;</text></answer>
  </question>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${Array.from({ length: count }, (_, i) => question(i)).join('\n')}\n</quiz>\n`;
}

describe('entities in XML imports', () => {
  it('reads a 3,000-question Moodle export written with 30,000 entity references', () => {
    const result = readMoodleXml(source('big.xml', moodleExport(3000)));
    expect(result.problems).toEqual([]);
    expect(result.items).toHaveLength(3000);
  });

  it('decodes numeric character references and the predefined entities to their characters', () => {
    const result = readMoodleXml(source('one.xml', moodleExport(1)));
    expect(result.problems).toEqual([]);
    const text = JSON.stringify(result.items[0]);
    expect(text).toContain('Na+/K+ & the café \\"0\\" \'x\'?');
    expect(text).toContain('C ≥ D');
    expect(text).not.toMatch(/&#|&amp;|&quot;/);
  });

  it('still refuses a document that declares entities', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><quiz>&b;</quiz>`;
    const result = readMoodleXml(source('bomb.xml', bomb));
    expect(result.items).toEqual([]);
    expect(result.problems.map((p) => p.ruleId)).toEqual(['import/xml-entity']);
  });
});
