import type { CoverageReport, CoverageRow } from './model.js';
import { readabilitySection } from './readability-html.js';
import { escapeHtml, labelWidthOf, shortLabel } from './svg-text.js';

const colours = { under: '#d9534f', within: '#3c8d40', over: '#e39b21', unranged: '#7a869a' } as const;

/** A horizontal bar chart of share against the blueprint band, one row per entry. */
function barChart(title: string, rows: readonly CoverageRow[]): string {
  const rowHeight = 26;
  const labelWidth = labelWidthOf(rows.map((r) => r.label));
  const plotWidth = 420;
  const maxShare = Math.max(20, ...rows.map((r) => Math.max(r.share, r.range?.max ?? 0))) * 1.1;
  const x = (share: number) => labelWidth + (share / maxShare) * plotWidth;
  const height = rows.length * rowHeight + 30;
  const ticks = [0, 10, 20, 30, 40, 50, 60, 70, 80].filter((t) => t <= maxShare);
  const parts = rows.map((row, i) => {
    const y = 10 + i * rowHeight;
    const band = row.range
      ? `<rect class="band" x="${x(row.range.min).toFixed(1)}" y="${y}" width="${(x(row.range.max) - x(row.range.min)).toFixed(1)}" height="${rowHeight - 6}" fill="#cfe8d0"><title>Blueprint ${row.range.min}-${row.range.max}%</title></rect>`
      : '';
    return `<g class="row" data-id="${escapeHtml(row.id)}" data-status="${row.status}">
<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end"><title>${escapeHtml(row.label)}</title>${escapeHtml(shortLabel(row.label))}</text>${band}
<rect class="bar" x="${labelWidth}" y="${y + 5}" width="${(x(row.share) - labelWidth).toFixed(1)}" height="${rowHeight - 16}" fill="${colours[row.status]}"><title>${escapeHtml(row.label)}: ${row.count} items, ${row.share}%</title></rect>
<text x="${(x(row.share) + 4).toFixed(1)}" y="${y + 15}" class="value">${row.share.toFixed(1)}%</text></g>`;
  });
  const axis = ticks
    .map(
      (t) =>
        `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="8" y2="${height - 20}" class="tick"/><text x="${x(t).toFixed(1)}" y="${height - 6}" text-anchor="middle" class="value">${t}%</text>`,
    )
    .join('');
  return `<section><h2>${escapeHtml(title)}</h2>
<svg class="bar-chart" role="img" aria-label="${escapeHtml(title)}: share of questions against the blueprint range" viewBox="0 0 ${labelWidth + plotWidth + 60} ${height}" width="${labelWidth + plotWidth + 60}" height="${height}">
${axis}${parts.join('\n')}</svg></section>`;
}

/** A system x discipline heat map of question counts. */
function heatMap(report: CoverageReport): string {
  const { systems, disciplines, counts } = report.matrix;
  const label = new Map([...report.systems, ...report.disciplines].map((r) => [r.id, r.label]));
  const cell = 34;
  const left = labelWidthOf(systems.map((s) => label.get(s) ?? s));
  const top = 170;
  const max = Math.max(1, ...counts.flat());
  const width = left + disciplines.length * cell + 140;
  const height = top + systems.length * cell + 10;
  const header = disciplines
    .map(
      (d, j) =>
        `<text transform="translate(${left + j * cell + cell / 2},${top - 8}) rotate(-50)">${escapeHtml(shortLabel(label.get(d) ?? d))}</text>`,
    )
    .join('');
  const body = systems
    .map((s, i) => {
      const y = top + i * cell;
      const cells = disciplines
        .map((d, j) => {
          const n = counts[i]![j]!;
          const alpha = n ? 0.15 + 0.85 * (n / max) : 0;
          return `<rect class="cell" x="${left + j * cell}" y="${y}" width="${cell - 2}" height="${cell - 2}" fill="rgba(31,94,166,${alpha.toFixed(2)})" stroke="#e3e6ea"><title>${escapeHtml(label.get(s) ?? s)} x ${escapeHtml(label.get(d) ?? d)}: ${n}</title></rect>${n ? `<text x="${left + j * cell + (cell - 2) / 2}" y="${y + cell / 2 + 3}" text-anchor="middle" class="count">${n}</text>` : ''}`;
        })
        .join('');
      const name = label.get(s) ?? s;
      return `<text x="${left - 8}" y="${y + cell / 2 + 3}" text-anchor="end"><title>${escapeHtml(name)}</title>${escapeHtml(shortLabel(name))}</text>${cells}`;
    })
    .join('\n');
  return `<section><h2>Systems x disciplines</h2>
<svg class="heatmap" role="img" aria-label="Questions per system and discipline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${header}${body}</svg></section>`;
}

/**
 * Coverage as one self-contained HTML page (inline CSS and SVG, no scripts, no
 * network): bar charts of share against the blueprint range per spec group,
 * discipline and competency, a system x discipline heat map, and the
 * readability distribution in tables when the report has it.
 *
 * @param report A coverage report.
 * @returns The HTML document.
 */
export function formatCoverageHtml(report: CoverageReport): string {
  const title = `Blueprint coverage: ${report.taxonomy.label}`;
  const under = [...report.specGroups, ...report.disciplines, ...report.competencies].filter(
    (r) => r.status === 'under',
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2733; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
svg text { font: 12px system-ui, sans-serif; fill: #1d2733; }
svg .value { fill: #4a5664; font-size: 11px; } svg .count { fill: #fff; font-size: 11px; font-weight: 600; }
svg .tick { stroke: #e3e6ea; }
.legend span { display: inline-block; margin-right: 16px; } .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
table { border-collapse: collapse; margin: 12px 0 20px; } caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { border-bottom: 1px solid #e3e6ea; padding: 3px 10px; text-align: right; } th[scope="row"], thead th:first-child { text-align: left; font-weight: normal; }
a { color: #1f5ea6; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${report.questions} published questions. ${under.length ? `${under.length} blueprint rows are under their minimum.` : 'No blueprint row is under its minimum.'}</p>
<p class="legend"><span><i style="background:#cfe8d0"></i>blueprint range</span><span><i style="background:${colours.under}"></i>under</span><span><i style="background:${colours.within}"></i>within</span><span><i style="background:${colours.over}"></i>over</span><span><i style="background:${colours.unranged}"></i>no published range</span></p>
${barChart('Spec groups', report.specGroups)}
${barChart('Disciplines', report.disciplines)}
${barChart('Competencies', report.competencies)}
${heatMap(report)}
${report.notesWithoutQuestions.length ? `<section><h2>Notes no question links</h2><ul>${report.notesWithoutQuestions.map((id) => `<li>${escapeHtml(id)}</li>`).join('')}</ul></section>` : ''}
${report.readability ? readabilitySection(report.readability) : ''}
</body>
</html>
`;
}
