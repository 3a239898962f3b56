import path from 'node:path';
import { writeFileAtomic } from '@qbank/atomic-write';
import {
  checkCoverageGates,
  computeCoverage,
  coverageAxes,
  formatCoverageHtml,
  formatCoverageJson,
  formatCoverageMarkdown,
  formatCoverageTable,
  measureReadability,
  type CoverageAxis,
} from '@qbank/coverage';
import type { CheckedNote, CheckedQuestion } from '@qbank/validate';
import { loadBank } from './bank.js';
import type { CliIo } from './io.js';
import { UsageError } from './errors.js';

const formats = ['table', 'json', 'markdown', 'html'] as const;
const axisNames: Record<string, CoverageAxis> = {
  'spec-groups': 'specGroups',
  systems: 'systems',
  disciplines: 'disciplines',
  competencies: 'competencies',
};

/** Parse `--fail-under spec-groups,disciplines` (or `all`) into axes. */
function gateAxes(value: string | undefined): CoverageAxis[] {
  if (!value) return [];
  return value.split(',').flatMap((name) => {
    const trimmed = name.trim();
    if (trimmed === 'all') return [...coverageAxes];
    const axis = axisNames[trimmed];
    if (!axis)
      throw new UsageError(
        `unknown --fail-under axis \`${trimmed}\`, expected: ${[...Object.keys(axisNames), 'all'].join(', ')}`,
      );
    return [axis];
  });
}

/**
 * `qbank coverage`: count the published questions against the blueprint and
 * print (or write) the report; with `--fail-under`, fail when a row is under its minimum.
 *
 * @param rest Positional arguments after the command.
 * @param values Parsed options.
 * @param io Where to read and write.
 * @returns The exit code.
 */
export async function runCoverage(
  rest: string[],
  values: {
    config?: string | undefined;
    format?: string | undefined;
    out?: string | undefined;
    'fail-under'?: string | undefined;
  },
  io: CliIo,
): Promise<number> {
  if (rest.length > 1) throw new UsageError('coverage takes at most one content directory');
  const format = (values.format ?? 'table') as (typeof formats)[number];
  if (!formats.includes(format))
    throw new UsageError(`unknown --format \`${values.format}\`, expected one of: ${formats.join(', ')}`);
  const axes = gateAxes(values['fail-under']);
  const bank = await loadBank({ cwd: io.cwd, configPath: values.config, contentDir: rest[0] });
  if (!bank.report || !bank.taxonomy) {
    io.stderr('qbank: the config or taxonomy is invalid: run `qbank validate`\n');
    return 1;
  }
  const items = bank.report.items;
  const out = values.out ?? (format === 'html' ? 'coverage.html' : undefined);
  const questions = items.filter((i): i is CheckedQuestion => i.kind === 'question');
  // The manifest's readability figures (the compiler's own code), file paths relative to the report.
  const readability = bank.config
    ? measureReadability(questions, {
        contentRoot: bank.config.contentRoot,
        cwd: out ? path.dirname(path.resolve(io.cwd, out)) : io.cwd,
      })
    : undefined;
  const report = computeCoverage(
    questions,
    items.filter((i): i is CheckedNote => i.kind === 'note'),
    bank.taxonomy,
    readability,
  );
  const text =
    format === 'json'
      ? formatCoverageJson(report)
      : format === 'markdown'
        ? formatCoverageMarkdown(report)
        : format === 'html'
          ? formatCoverageHtml(report)
          : formatCoverageTable(report);
  if (out) {
    await writeFileAtomic(path.resolve(io.cwd, out), text);
    io.stderr(`✔ coverage report written to ${out}\n`);
  } else {
    io.stdout(text);
  }
  let code = 0;
  if (bank.report.hasErrors) {
    const files = new Set(bank.diagnostics.filter((d) => d.severity === 'error').map((d) => d.file)).size;
    io.stderr(`qbank: ${files} file(s) with errors were left out of the counts: run \`qbank validate\`\n`);
    code = 1;
  }
  const failures = checkCoverageGates(report, axes);
  for (const { axis, row } of failures) {
    io.stderr(`qbank: ${axis} \`${row.id}\` is under its blueprint minimum: ${row.share}% < ${row.range!.min}%\n`);
  }
  return failures.length ? 1 : code;
}
