import { coverageAxes, type CoverageAxis, type CoverageReport, type CoverageRow } from './model.js';
import { formatReadabilityMarkdown, readabilityTableLines } from './readability-text.js';

const axisTitles: Record<CoverageAxis, string> = {
  specGroups: 'Spec group',
  systems: 'System',
  disciplines: 'Discipline',
  competencies: 'Competency',
};

function rangeText(row: CoverageRow): string {
  return row.range ? `${row.range.min}-${row.range.max}%` : '-';
}

/** A child (biochemistry under biochemistry-nutrition) is indented under its parent row. */
function label(row: CoverageRow, rows: readonly CoverageRow[]): string {
  return rows.some((r) => r.id === row.parent) ? `  ${row.label}` : row.label;
}

/**
 * Coverage as aligned plain-text tables, one per axis, for a terminal, then
 * the readability distribution when the report has it.
 *
 * @param report A coverage report.
 * @returns The text.
 */
export function formatCoverageTable(report: CoverageReport): string {
  const out = [`Coverage of ${report.taxonomy.label} by ${report.questions} published questions`, ''];
  for (const axis of coverageAxes) {
    const rows = report[axis];
    const width = Math.max(axisTitles[axis].length, ...rows.map((r) => label(r, rows).length));
    out.push(`${axisTitles[axis].padEnd(width)}  Items   Share  Blueprint  Status`);
    for (const row of rows) {
      out.push(
        `${label(row, rows).padEnd(width)}  ${String(row.count).padStart(5)}  ${`${row.share.toFixed(1)}%`.padStart(6)}  ${rangeText(row).padStart(9)}  ${row.status === 'unranged' ? '' : row.status}`.trimEnd(),
      );
    }
    out.push('');
  }
  if (report.notesWithoutQuestions.length) {
    out.push(
      `Notes no question links (${report.notesWithoutQuestions.length}): ${report.notesWithoutQuestions.join(', ')}`,
      '',
    );
  }
  if (report.readability) out.push(...readabilityTableLines(report.readability));
  return out.join('\n');
}

const statusMark = { under: '🔻 under', within: '✅ within', over: '🔺 over', unranged: '' } as const;

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * Coverage as Markdown tables, for a pull-request comment, then the
 * readability distribution when the report has it.
 *
 * @param report A coverage report.
 * @returns Markdown text.
 */
export function formatCoverageMarkdown(report: CoverageReport): string {
  const out = [`### Blueprint coverage: ${report.taxonomy.label}`, '', `${report.questions} published questions.`, ''];
  for (const axis of coverageAxes) {
    out.push(`| ${axisTitles[axis]} | Items | Share | Blueprint | Status |`, '|---|---:|---:|---:|---|');
    for (const row of report[axis]) {
      out.push(
        `| ${escapeCell(label(row, report[axis]).trim())} | ${row.count} | ${row.share.toFixed(1)}% | ${rangeText(row)} | ${statusMark[row.status]} |`,
      );
    }
    out.push('');
  }
  if (report.notesWithoutQuestions.length) {
    out.push(`Notes no question links: ${report.notesWithoutQuestions.map((id) => `\`${id}\``).join(', ')}`, '');
  }
  if (report.readability) out.push(formatReadabilityMarkdown(report.readability));
  return out.join('\n');
}

/**
 * Coverage as JSON (the documented, stable format).
 *
 * @param report A coverage report.
 * @returns JSON text with a trailing newline.
 */
export function formatCoverageJson(report: CoverageReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
