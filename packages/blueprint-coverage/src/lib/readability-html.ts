import type { ReadabilityDistribution, ReadabilityReport } from './model.js';
import { readabilityFigures } from './model.js';
import {
  distributionCells,
  distributionTitles,
  figureTitles,
  longestCells,
  longestTitles,
  readabilityHeading,
  systemCells,
  systemTitles,
} from './readability-text.js';
import { escapeHtml, labelWidthOf, shortLabel } from './svg-text.js';

/** A box and its whiskers: one group's words per stem. */
interface BoxRow {
  label: string;
  questions: number;
  words: ReadabilityDistribution;
}

/**
 * Box plots of words per stem, all questions first and then each system, on
 * one scale: whiskers from the shortest to the longest stem, a box from the
 * first to the third quartile, a line at the median and a tick at the 90th
 * percentile.
 */
function wordsBoxPlot(report: ReadabilityReport): string {
  const rows: BoxRow[] = [
    { label: 'All questions', questions: report.questions, words: report.words },
    ...report.systems,
  ];
  const rowHeight = 24;
  const labelWidth = labelWidthOf(rows.map((r) => r.label));
  const plotWidth = 420;
  // About four to eight ticks: 50, 100, 200, 500... words apart.
  const step = [50, 100, 200, 500, 1000, 2000, 5000].find((s) => report.words.max / s <= 8) ?? 10000;
  const top = Math.max(1, Math.ceil(report.words.max / step)) * step;
  const x = (words: number) => (labelWidth + (words / top) * plotWidth).toFixed(1);
  const height = rows.length * rowHeight + 30;
  const ticks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  const axis = ticks
    .map(
      (t) =>
        `<line x1="${x(t)}" x2="${x(t)}" y1="8" y2="${height - 20}" class="tick"/><text x="${x(t)}" y="${height - 6}" text-anchor="middle" class="value">${t}</text>`,
    )
    .join('')
    .concat(`<text x="${labelWidth + plotWidth + 14}" y="${height - 6}" class="value">words</text>`);
  const boxes = rows.map((row, i) => {
    const y = 10 + i * rowHeight;
    const mid = y + rowHeight / 2 - 2;
    const d = row.words;
    const summary = `${row.label}: ${row.questions} questions, words min ${d.min}, quartiles ${d.q1} to ${d.q3}, median ${d.median}, 90th percentile ${d.p90}, max ${d.max}`;
    return `<g class="box"><title>${escapeHtml(summary)}</title>
<text x="${labelWidth - 8}" y="${mid + 4}" text-anchor="end">${escapeHtml(shortLabel(row.label))}</text>
<line x1="${x(d.min)}" x2="${x(d.max)}" y1="${mid}" y2="${mid}" stroke="#4a5664"/>
<rect x="${x(d.q1)}" y="${y + 3}" width="${(((d.q3 - d.q1) / top) * plotWidth).toFixed(1)}" height="${rowHeight - 10}" fill="#cfe0f3" stroke="#1f5ea6"/>
<line x1="${x(d.median)}" x2="${x(d.median)}" y1="${y + 3}" y2="${y + rowHeight - 7}" stroke="#1f5ea6" stroke-width="2"/>
<line x1="${x(d.p90)}" x2="${x(d.p90)}" y1="${mid - 4}" y2="${mid + 4}" stroke="#d9534f" stroke-width="2"/></g>`;
  });
  return `<svg class="box-plot" role="img" aria-label="Words per stem, all questions and per system: range, quartiles, median and 90th percentile" viewBox="0 0 ${labelWidth + plotWidth + 40} ${height}" width="${labelWidth + plotWidth + 40}" height="${height}">
${axis}${boxes.join('\n')}</svg>`;
}

/** A table whose first column heads its rows; cells are HTML already escaped. */
function table(caption: string, header: readonly string[], rows: readonly string[][]): string {
  const head = header.map((title) => `<th scope="col">${escapeHtml(title)}</th>`).join('');
  const body = rows
    .map(
      (row) =>
        `<tr><th scope="row">${row[0]}</th>${row
          .slice(1)
          .map((cell) => `<td>${cell}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  return `<table><caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table>`;
}

/** A link to a question's file, relative to the page (the working directory when written there). */
function fileLink(id: string, file: string): string {
  const href = file.split('/').map(encodeURIComponent).join('/');
  return `<a href="${escapeHtml(href)}"><code>${escapeHtml(id)}</code></a>`;
}

/**
 * The readability section of the HTML page: box plots of words per stem
 * (all questions, then per system) and three tables (distribution, longest
 * questions linked to their files, medians per system).
 *
 * @param report A readability report.
 * @returns An HTML `<section>`.
 */
export function readabilitySection(report: ReadabilityReport): string {
  const escaped = (cells: readonly string[]) => cells.map(escapeHtml);
  const distribution = table(
    'Distribution over the published questions',
    ['Figure', ...distributionTitles],
    readabilityFigures.map((figure) => escaped([figureTitles[figure], ...distributionCells(report, figure)])),
  );
  const longest = table(
    'Longest questions',
    longestTitles,
    report.longest.map((q) => [fileLink(q.id, q.file), ...escaped(longestCells(q).slice(1))]),
  );
  const systems = table(
    'Medians per system',
    systemTitles,
    report.systems.map((s) => escaped(systemCells(s))),
  );
  return `<section class="readability"><h2>${escapeHtml(readabilityHeading(report))}</h2>
<p>Words per stem (vignette and lead-in): box from the first to the third quartile, a line at the median, whiskers from the shortest to the longest, a red tick at the 90th percentile.</p>
${wordsBoxPlot(report)}
${distribution}
${longest}
${systems}
</section>`;
}
