// Benchmark: reading the frontmatter of question files with qbank's reader (the frontmatter block,
// then `yaml`'s parseDocument with a LineCounter: data plus the position of every key, for
// diagnostics) against gray-matter (js-yaml, data only), on the sample bank in content/ and on
// question files generated from the MedQA-USMLE corpus (../shared/corpora/medqa-us, measurement
// data only: nothing of it is written to the repository).
// gray-matter is measured twice: with its default cache (any call without options keeps every
// text it was given, for good, keyed by the whole text) and without it (options given).
// Usage: node scripts/bench-frontmatter.mjs [--rounds N] [--corpus <dir>]
// Needs a build first (`pnpm build`): it runs @qbank/parser from packages/parser/dist.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    corpus: { type: 'string', default: path.join(root, '../shared/corpora/medqa-us') },
  },
});
const rounds = Number(values.rounds);
// gray-matter is a dependency of the packages that write frontmatter (the CLI's `new` and `init`).
const matter = createRequire(path.join(root, 'packages/cli/package.json'))('gray-matter');
const { parseFrontmatterOnly, sourceFileFromText } = await import(path.join(root, 'packages/parser/dist/index.js'));
const { parseYaml } = await import(path.join(root, 'packages/core/dist/index.js'));
const yaml = createRequire(path.join(root, 'packages/core/package.json'))('yaml');
/** The frontmatter block, as the parser finds it. */
const frontmatterBlock = /^---[ \t]*\n([\s\S]*?\n)?---[ \t]*(?:\n|$)/;
const wholeFile = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };

/** Every Markdown file under `dir`, as text. */
function markdownFiles(dir) {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.mdx?$/.test(name))
    .sort()
    .map((name) => ({ path: path.join(dir, name), text: readFileSync(path.join(dir, name), 'utf8') }));
}

const systems = ['cardiovascular', 'respiratory', 'renal-urinary', 'gastrointestinal', 'endocrine', 'reproductive'];
const disciplines = ['pathology', 'physiology', 'pharmacology', 'microbiology', 'biochemistry'];

/** One question file as an author writes it, around a corpus question's text. */
function questionFile(record, index) {
  const letters = Object.keys(record.options);
  const lines = record.question.split(/(?<=\.)\s+(?=[A-Z])/);
  const leadIn = lines.pop();
  return {
    path: path.join('/corpus', `q-${index}.md`),
    text: [
      '---',
      `id: medqa-${String(index).padStart(5, '0')}`,
      'status: published',
      `discipline: [${disciplines[index % disciplines.length]}, ${disciplines[(index + 2) % disciplines.length]}]`,
      `system: ${systems[index % systems.length]}`,
      'competency: patient-care-diagnosis',
      `difficulty: ${(index % 5) + 1}`,
      `tags: [medqa, step1, set-${index % 40}]`,
      `notes: [note-${index % 120}]`,
      `authors: [author-${index % 12}]`,
      '---',
      '',
      lines.join(' '),
      '',
      leadIn,
      '',
      ...letters.map((letter) => `- [${letter === record.answer_idx ? 'x' : ' '}] ${record.options[letter]}`),
      '',
      '## Explanation',
      '',
      `The answer is ${record.answer}.`,
      '',
    ].join('\n'),
  };
}

function corpusFiles(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean))
    .map((line, index) => questionFile(JSON.parse(line), index));
}

const readers = {
  'qbank, YAML only (parseDocument + LineCounter)': (file) =>
    parseYaml(frontmatterBlock.exec(file.text)?.[1] ?? '', 1, wholeFile).data,
  'yaml parse, data only (no positions)': (file) => yaml.parse(frontmatterBlock.exec(file.text)?.[1] ?? ''),
  'qbank, whole read (VFile, UTF-8 check, YAML)': (file) =>
    parseFrontmatterOnly(sourceFileFromText(file.path, file.text, root), 'question').frontmatter?.data,
  'gray-matter, no cache': (file) => matter(file.text, { language: 'yaml' }).data,
  'gray-matter, default (cached)': (file) => matter(file.text).data,
};

/** Median time of `rounds` passes over `files`, in ms, after one pass to warm up. */
function time(read, files) {
  // Each measurement starts with gray-matter's cache empty.
  matter.clearCache();
  const first = performance.now();
  for (const file of files) read(file);
  const cold = performance.now() - first;
  const passes = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    for (const file of files) read(file);
    passes.push(performance.now() - start);
  }
  passes.sort((a, b) => a - b);
  return { cold, median: passes[Math.floor(passes.length / 2)] };
}

/** Do both readers agree on the data? (Dates and other YAML 1.1 forms differ: js-yaml makes Date objects.) */
function agreement(files) {
  let same = 0;
  for (const file of files) {
    const ours = JSON.stringify(readers['qbank, YAML only (parseDocument + LineCounter)'](file));
    if (ours === JSON.stringify(readers['gray-matter, no cache'](file))) same++;
  }
  return `${same}/${files.length}`;
}

const sets = [
  ['sample bank (content/)', markdownFiles(path.join(root, 'content'))],
  [`MedQA-like questions (${path.relative(root, values.corpus)})`, corpusFiles(values.corpus)],
];
const rows = [];
for (const [name, files] of sets) {
  const kb = files.reduce((sum, file) => sum + file.text.length, 0) / 1024;
  for (const [reader, read] of Object.entries(readers)) {
    const { cold, median } = time(read, files);
    rows.push(
      `| ${name}: ${files.length} files, ${kb.toFixed(0)} KB | ${reader} | ${cold.toFixed(1)} | ${median.toFixed(1)} | ${((median / files.length) * 1000).toFixed(1)} |`,
    );
  }
  rows.push(`| ${name} | same data from both readers | ${agreement(files)} | | |`);
}
console.log(`Node ${process.version}, ${rounds} rounds (median), gray-matter ${matter.version ?? '4.x'}\n`);
console.log('| files | reader | first pass, ms | median pass, ms | µs per file |');
console.log('|---|---|---:|---:|---:|');
for (const row of rows) console.log(row);

// What gray-matter's default cache holds once every file was read: each whole text, for good (a
// watch session would keep every saved version of every file).
matter.clearCache();
const all = sets.flatMap(([, files]) => files);
for (const file of all) matter(file.text);
const held = Object.keys(matter.cache);
const heldKb = held.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1024;
console.log(
  `\ngray-matter's default cache after one read of both sets: ${held.length} entries holding ${heldKb.toFixed(0)} KB of text (as keys; each entry also keeps its file object)`,
);
