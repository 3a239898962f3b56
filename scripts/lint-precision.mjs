// Lint precision on real exam items: converts the MedQA corpus (../shared/corpora/medqa-us, test data
// only) verbatim into questions, lints them with every rule on, prints per-rule counts and writes a
// seeded sample of each rule's flags for review (out/lint-precision/<rule>.md).
//
// Usage: pnpm run build && node scripts/lint-precision.mjs [--corpus dir] [--sample 15] [--seed 1]
// The judged samples live in tests/fixtures/lint-precision/judged.json; tests/lint-precision.test.ts
// re-checks them so that a regression shows.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { lintQuestions, lintRules } from '@qbank/lint';
import { medqaItems, medqaQuestionSource } from '../tests/helpers/medqa.mjs';
import { sourceFileFromText } from '@qbank/parser';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank } from '@qbank/validate';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: path.join(root, '../shared/corpora/medqa-us') },
    sample: { type: 'string', default: '15' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: path.join(root, 'out/lint-precision') },
  },
});

/** Every rule on at its strict severity (missing-rationale aside: the corpus has no rationales). */
const config = {
  extends: ['strict'],
  rules: { 'item/missing-rationale': 'off' },
};

const items = medqaItems(values.corpus);
const bankRoot = '/medqa';
const sources = items.map((item) => ({
  file: sourceFileFromText(path.join(bankRoot, `${item.id}.md`), medqaQuestionSource(item), bankRoot),
  kind: 'question',
}));
const started = performance.now();
const report = validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot: bankRoot });
const questions = report.items.filter((item) => item.kind === 'question');
lintQuestions(questions, { contentRoot: bankRoot, config });
const ms = performance.now() - started;

const byRule = new Map(lintRules.map((rule) => [rule.id, []]));
const itemOf = new Map(items.map((item) => [path.join(bankRoot, `${item.id}.md`), item]));
for (const file of report.files) {
  for (const message of file.messages) {
    if (!byRule.has(message.ruleId)) continue;
    byRule
      .get(message.ruleId)
      .push({ item: itemOf.get(file.path), message: message.reason, flagged: flaggedText(file, message) });
  }
}

/** The text a diagnostic points at (its first line when it spans several). */
function flaggedText(file, message) {
  const start = message.place?.start ?? message.place;
  if (!start?.line) return '';
  const line = String(file.value).split('\n')[start.line - 1] ?? '';
  const end = message.place?.end?.line === start.line ? message.place.end.column - 1 : line.length;
  const word = line.slice(start.column - 1, end);
  const before = line.slice(Math.max(0, start.column - 121), start.column - 1);
  return `${before}[[${word}]]${line.slice(end, end + 120)}`;
}

/** mulberry32: a small seeded generator, so the samples are the same every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sample(list, size, next) {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, size);
}

mkdirSync(values.out, { recursive: true });
const next = random(Number(values.seed));
const rows = [];
for (const [ruleId, flags] of byRule) {
  const flagged = new Set(flags.map((f) => f.item.id)).size;
  rows.push({ rule: ruleId, flags: flags.length, items: flagged });
  const picked = sample(flags, Number(values.sample), next);
  const text = picked
    .map(
      ({ item, message, flagged }) =>
        `## ${item.id}\n\n> ${message}\n> at: ${flagged}\n\n${item.question}\n\n${Object.entries(item.options)
          .map(
            ([letter, option]) =>
              `${letter === item.answer_idx ? '**' : ''}${letter}. ${option}${letter === item.answer_idx ? '**' : ''}`,
          )
          .join('\n')}\n`,
    )
    .join('\n');
  writeFileSync(
    path.join(values.out, `${ruleId.replace('/', '-')}.md`),
    `# ${ruleId}: ${flags.length} flags\n\n${text}`,
  );
}
console.log(`${items.length} items, ${questions.length} valid questions, linted in ${(ms / 1000).toFixed(1)} s\n`);
console.log('| rule | flags | items |\n|---|---:|---:|');
for (const row of rows) console.log(`| ${row.rule} | ${row.flags} | ${row.items} |`);
console.log(`\nSamples: ${path.relative(process.cwd(), values.out)}/`);
const invalid = report.files.filter((f) => f.messages.some((m) => m.fatal === true && !byRule.has(m.ruleId)));
if (invalid.length)
  console.log(
    `\n${invalid.length} items did not convert into valid questions (first: ${invalid[0].path}: ${invalid[0].messages.find((m) => m.fatal)?.reason})`,
  );
