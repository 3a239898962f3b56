// Readability of a bank's questions: per-item figures (words, sentences, words per sentence,
// Flesch-Kincaid grade) of the vignette and lead-in, and the bank's distribution of each, as a
// coverage-style Markdown report. With --medqa, the MedQA corpus (../shared/corpora/medqa-us, test
// data only) converted verbatim, for comparison with real exam items.
//
// Usage: pnpm run build && node scripts/readability-report.mjs [content-dir] [--medqa] [--items]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { toString } from 'mdast-util-to-string';
import { sourceFileFromText } from '@qbank/parser';
import { discoverSources, loadConfig, findConfigFile } from '@qbank/project';
import { readability } from '@qbank/readability';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank } from '@qbank/validate';
import { medqaItems, medqaQuestionSource } from '../tests/helpers/medqa.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    medqa: { type: 'boolean', default: false },
    corpus: { type: 'string', default: path.join(root, '../shared/corpora/medqa-us') },
    items: { type: 'boolean', default: false },
  },
});

/** The bank's questions as validated items. */
async function questions() {
  if (values.medqa) {
    const bankRoot = '/medqa';
    const sources = medqaItems(values.corpus).map((item) => ({
      file: sourceFileFromText(path.join(bankRoot, `${item.id}.md`), medqaQuestionSource(item), bankRoot),
      kind: 'question',
    }));
    return validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot: bankRoot }).items;
  }
  const dir = path.resolve(positionals[0] ?? path.join(root, 'content'));
  const configFile = findConfigFile(dir) ?? findConfigFile(root);
  const { config } = loadConfig(configFile, path.dirname(configFile));
  const { sources } = await discoverSources({ ...config, contentRoot: dir }, [], dir);
  return validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot: dir }).items;
}

const rows = (await questions())
  .filter((item) => item.kind === 'question')
  .map((item) => {
    const { stem, leadIn } = item.parsed;
    const text = [...stem.filter((node) => node.type !== 'html'), ...(leadIn ? [leadIn] : [])]
      .map((node) => toString(node))
      .join('\n');
    return { id: item.data.id, ...readability(text) };
  })
  .sort((a, b) => (a.id < b.id ? -1 : 1));

const figures = ['words', 'sentences', 'wordsPerSentence', 'fleschKincaidGrade', 'fleschReadingEase'];
const at = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
console.log(`# Readability: ${rows.length} questions\n`);
console.log('| figure | min | 10 % | 25 % | median | 75 % | 90 % | max |\n|---|---:|---:|---:|---:|---:|---:|---:|');
for (const figure of figures) {
  const sorted = rows.map((row) => row[figure]).sort((a, b) => a - b);
  const cells = [0, 0.1, 0.25, 0.5, 0.75, 0.9].map((q) => at(sorted, q)).concat(sorted.at(-1));
  console.log(`| ${figure} | ${cells.join(' | ')} |`);
}
if (values.items) {
  console.log('\n| id | words | sentences | words per sentence | grade |\n|---|---:|---:|---:|---:|');
  for (const row of rows)
    console.log(
      `| ${row.id} | ${row.words} | ${row.sentences} | ${row.wordsPerSentence} | ${row.fleschKincaidGrade} |`,
    );
}
