import type { QuestionReadability, ReadabilityFigure, ReadabilityReport } from './model.js';
import { readabilityFigures } from './model.js';

/** Display names of the figures. */
export const figureTitles: Record<ReadabilityFigure, string> = {
  words: 'Words',
  wordsPerSentence: 'Words per sentence',
  grade: 'Grade (Flesch-Kincaid)',
};

/** Column titles of a distribution, in the order of `distributionCells`. */
export const distributionTitles = ['Min', 'Q1', 'Median', 'Q3', '90th pct', 'Max'];

/** A figure's value as shown: words as they are, the others with one decimal. */
function shown(figure: ReadabilityFigure, value: number): string {
  return figure === 'words' ? String(value) : value.toFixed(1);
}

/** The cells of a figure's distribution row. */
export function distributionCells(report: ReadabilityReport, figure: ReadabilityFigure): string[] {
  const d = report[figure];
  return [d.min, d.q1, d.median, d.q3, d.p90, d.max].map((value) => shown(figure, value));
}

/** Column titles of the longest questions, in the order of `longestCells`. */
export const longestTitles = ['Question', 'Words', 'Sentences', 'Words per sentence', 'Grade'];

/** The cells of one of the longest questions (its id first). */
export function longestCells(q: QuestionReadability): string[] {
  return [
    q.id,
    String(q.words),
    String(q.sentences),
    shown('wordsPerSentence', q.wordsPerSentence),
    shown('grade', q.grade),
  ];
}

/** Column titles of the per-system rows, in the order of `systemCells`. */
export const systemTitles = ['System', 'Items', 'Words (median)', 'Words per sentence (median)', 'Grade (median)'];

/** The cells of one system's row. */
export function systemCells(system: ReadabilityReport['systems'][number]): string[] {
  return [
    system.label,
    String(system.questions),
    shown('words', system.words.median),
    shown('wordsPerSentence', system.wordsPerSentence.median),
    shown('grade', system.grade.median),
  ];
}

/** The heading line of the section. */
export function readabilityHeading(report: ReadabilityReport): string {
  const { questions } = report;
  return `Readability of stems and lead-ins: ${questions} published question${questions === 1 ? '' : 's'}`;
}

/** Aligned plain-text columns: text (the first, and `File`) left-aligned, numbers right-aligned. */
function columns(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const left = header.map((title, i) => i === 0 || title === 'File');
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (left[i] ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/**
 * The readability section of the plain-text report.
 *
 * @param report A readability report.
 * @returns Lines of text, ending with an empty one.
 */
export function readabilityTableLines(report: ReadabilityReport): string[] {
  return [
    readabilityHeading(report),
    '',
    ...columns(
      ['Figure', ...distributionTitles],
      readabilityFigures.map((figure) => [figureTitles[figure], ...distributionCells(report, figure)]),
    ),
    '',
    ...columns(
      [...longestTitles, 'File'],
      report.longest.map((q) => [...longestCells(q), q.file]),
    ),
    '',
    ...columns(systemTitles, report.systems.map(systemCells)),
    '',
  ];
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function markdownTable(header: readonly string[], rows: readonly string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

/** A Markdown link target: spaces and parentheses would end it early. */
function linkTarget(file: string): string {
  return file.replace(/[ ()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The readability section as Markdown: the distribution of each figure, the
 * longest questions (linked to their files) and the medians per system.
 *
 * @param report A readability report (`CoverageReport.readability`).
 * @param heading Heading level of the section title (default 4).
 * @returns Markdown text ending with a newline.
 */
export function formatReadabilityMarkdown(report: ReadabilityReport, heading = 4): string {
  const longest = report.longest.map((q) => {
    const [id, ...rest] = longestCells(q);
    return [`[\`${escapeCell(id!)}\`](${linkTarget(q.file)})`, ...rest];
  });
  return [
    `${'#'.repeat(heading)} ${readabilityHeading(report)}`,
    '',
    ...markdownTable(
      ['Figure', ...distributionTitles],
      readabilityFigures.map((figure) => [figureTitles[figure], ...distributionCells(report, figure)]),
    ),
    '',
    'Longest questions:',
    '',
    ...markdownTable(longestTitles, longest),
    '',
    ...markdownTable(
      systemTitles,
      report.systems.map((s) => systemCells(s).map(escapeCell)),
    ),
    '',
  ].join('\n');
}
