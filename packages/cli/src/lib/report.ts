import { countBySeverity, ruleDocsUrl, sortDiagnostics, type Diagnostic } from '@qbank/core';
import { createColors } from 'picocolors';
import { escapeJsonControls, escapeTerminal } from './terminal.js';

/** Output formats of diagnostics. */
export type ReportFormat = 'pretty' | 'json' | 'github' | 'sarif';

/** Report formats accepted by `--format`. */
export const reportFormats: readonly ReportFormat[] = ['pretty', 'json', 'github', 'sarif'];

/**
 * Format diagnostics for people: grouped by file, one line each with
 * `line:column`, severity, message and rule id, and the hint below.
 *
 * @param diagnostics Diagnostics to print.
 * @param color Whether to use ANSI colours.
 * @returns The text, ending in a newline when not empty.
 */
export function formatPretty(diagnostics: readonly Diagnostic[], color: boolean): string {
  const c = createColors(color);
  const lines: string[] = [];
  let currentFile: string | undefined;
  // Content reaches the terminal through these fields: its control characters are escaped, and a
  // line break in one indents what follows it so that it cannot pass for a line of the report.
  const safe = (text: string) => escapeTerminal(text).replace(/\n/g, `\n${' '.repeat(16)}`);
  for (const d of sortDiagnostics(diagnostics)) {
    if (d.file !== currentFile) {
      if (currentFile !== undefined) lines.push('');
      lines.push(c.underline(safe(d.file)));
      currentFile = d.file;
    }
    const place = `${d.line}:${d.column}` + (d.endLine ? `-${d.endLine}:${d.endColumn}` : '');
    const severity =
      d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.blue('info');
    lines.push(
      `  ${c.dim(place.padEnd(13))} ${severity.padEnd(color ? 16 : 7)} ${safe(d.message)}  ${c.dim(safe(d.ruleId))}`,
    );
    if (d.hint) lines.push(`  ${' '.repeat(13)} ${c.dim('hint:')} ${safe(d.hint)}`);
    if (d.related)
      lines.push(
        `  ${' '.repeat(13)} ${c.dim('see:')} ${safe(d.related.file)}:${d.related.line}:${d.related.column} ${safe(d.related.message)}`,
      );
  }
  if (!lines.length) return '';
  // One link per rule, after the files: a page explains the rule and how to fix what it reports.
  const pages = new Map(diagnostics.map((d) => [d.ruleId, d.url ?? ruleDocsUrl(d.ruleId)]));
  lines.push('', c.dim('Rule pages (also offline: `qbank explain <rule-id>`):'));
  for (const id of [...pages.keys()].sort()) lines.push(`  ${id}: ${pages.get(id)}`);
  return lines.join('\n') + '\n';
}

/**
 * One summary line: counts by severity and files.
 *
 * @param diagnostics All diagnostics of the run.
 * @param filesChecked How many files were checked.
 * @param color Whether to use ANSI colours.
 * @returns The line, with a newline.
 */
export function formatSummary(diagnostics: readonly Diagnostic[], filesChecked: number, color: boolean): string {
  const c = createColors(color);
  const counts = countBySeverity(diagnostics);
  const files = new Set(diagnostics.map((d) => d.file)).size;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const text = `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info in ${plural(files, 'file')} (${plural(filesChecked, 'file')} checked)`;
  return (counts.error ? c.red(`✖ ${text}`) : c.green(`✔ ${text}`)) + '\n';
}

/**
 * Format diagnostics as a JSON array (stable field order, sorted by place).
 *
 * @param diagnostics Diagnostics to print.
 * @returns JSON text with a trailing newline.
 */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return escapeJsonControls(JSON.stringify(sortDiagnostics(diagnostics), null, 2)) + '\n';
}

function escapeData(text: string): string {
  return escapeTerminal(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Format diagnostics as GitHub Actions workflow commands, so each shows inline
 * on the pull request's changed files.
 *
 * @param diagnostics Diagnostics to print.
 * @returns One `::error`/`::warning`/`::notice` line per diagnostic.
 */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  const command = { error: 'error', warning: 'warning', info: 'notice' } as const;
  return sortDiagnostics(diagnostics)
    .map((d) => {
      const properties = [
        `file=${escapeProperty(d.file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        ...(d.endLine ? [`endLine=${d.endLine}`, `endColumn=${d.endColumn}`] : []),
        `title=${escapeProperty(d.ruleId)}`,
      ].join(',');
      return `::${command[d.severity]} ${properties}::${escapeData(d.hint ? `${d.message}. ${d.hint}` : d.message)}\n`;
    })
    .join('');
}
