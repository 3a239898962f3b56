import type { ReadabilityReport } from './model.js';
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

/** Text made safe for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
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
 * The readability section of the HTML page: three tables (distribution,
 * longest questions linked to their files, medians per system).
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
${distribution}
${longest}
${systems}
</section>`;
}
