// Readability of a bank's questions: the distribution (min, quartiles, median, 90th percentile, max)
// of words, words per sentence and Flesch-Kincaid grade of the vignette and lead-in, the longest
// questions and the medians per system, as Markdown. The figures and the distribution come from
// @qbank/coverage (measureReadability, computeReadability), the same code as `qbank coverage` and
// the manifest's `readability`; this script only adds the MedQA comparison and the per-item list.
// With --medqa, the MedQA corpus (../shared/corpora/medqa-us, test data only) converted verbatim,
// every item counted as published, for comparison with real exam items.
//
// Usage: pnpm run build && node scripts/readability-report.mjs [content-dir] [--medqa] [--items]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { computeReadability, formatReadabilityMarkdown, measureReadability } from '@qbank/coverage';
import { sourceFileFromText } from '@qbank/parser';
import { discoverSources, loadConfig, findConfigFile } from '@qbank/project';
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
const taxonomy = builtinTaxonomy();

/** The bank's questions as validated items, and the content root they were read from. */
async function questions() {
  if (values.medqa) {
    const bankRoot = '/medqa';
    const sources = medqaItems(values.corpus).map((item) => ({
      file: sourceFileFromText(path.join(bankRoot, `${item.id}.md`), medqaQuestionSource(item), bankRoot),
      kind: 'question',
    }));
    const { items } = validateBank(sources, { taxonomy, contentRoot: bankRoot });
    // The converted items are in review; measure them all as if published.
    const published = items.map((item) => ({ ...item, data: { ...item.data, status: 'published' } }));
    return { items: published, contentRoot: bankRoot };
  }
  const dir = path.resolve(positionals[0] ?? path.join(root, 'content'));
  const configFile = findConfigFile(dir) ?? findConfigFile(root);
  const { config } = loadConfig(configFile, path.dirname(configFile));
  const { sources } = await discoverSources({ ...config, contentRoot: dir }, [], dir);
  return { items: validateBank(sources, { taxonomy, contentRoot: dir }).items, contentRoot: dir };
}

const { items, contentRoot } = await questions();
const measured = measureReadability(
  items.filter((item) => item.kind === 'question'),
  { contentRoot },
);
const report = computeReadability(measured, taxonomy);
if (!report) {
  console.log('No published question to measure.');
  process.exit(0);
}
console.log(formatReadabilityMarkdown(report, 1));
if (values.items) {
  console.log('| id | words | sentences | words per sentence | grade |\n|---|---:|---:|---:|---:|');
  for (const row of measured)
    console.log(`| ${row.id} | ${row.words} | ${row.sentences} | ${row.wordsPerSentence} | ${row.grade} |`);
}
