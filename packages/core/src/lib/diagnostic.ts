import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import { ruleDocsUrl } from './rules.js';

/** How serious a diagnostic is: errors fail `validate` and `build`, warnings and info do not. */
export type Severity = 'error' | 'warning' | 'info';

/** A 1-based line and column in a source file. */
export interface SourcePoint {
  /** 1-based line. */
  line: number;
  /** 1-based column, counted in UTF-16 code units as editors do. */
  column: number;
}

/** A span in a source file; `end` is exclusive. */
export interface SourceRange {
  /** First character of the span. */
  start: SourcePoint;
  /** Position just after the span, when known. */
  end?: SourcePoint | undefined;
}

/** What a check knows when it reports a problem. */
export interface DiagnosticInit {
  /** Stable rule id, e.g. `schema/enum` or `bank/duplicate-id`. Never renamed once released. */
  ruleId: string;
  /** Severity; defaults to the rule's default severity. */
  severity?: Severity | undefined;
  /** What happened, in one sentence, without a position or an "Error:" prefix. */
  message: string;
  /** What to do about it, where a fix can be suggested. */
  hint?: string | undefined;
  /** Where in the file; `undefined` means the whole file (reported at 1:1). */
  place?: SourceRange | SourcePoint | undefined;
  /** A second location that explains the problem (the other file of a duplicate id). */
  related?: { file: string; place?: SourceRange | SourcePoint | undefined; message: string } | undefined;
  /** What was expected, for machine consumers (e.g. the allowed values). */
  expected?: string[] | undefined;
  /** What was found. */
  actual?: string | undefined;
  /** A safe automatic fix: replace `range` with `text` (applied by `--fix`). */
  fix?: Fix | undefined;
}

/** A replacement that fixes a problem: the text at `range` becomes `text`. */
export interface Fix {
  /** What to replace (1-based, end exclusive). */
  range: { start: SourcePoint; end: SourcePoint };
  /** The replacement text. */
  text: string;
}

// VFileMessage has no field for fixes; keep them beside the message.
const fixes = new WeakMap<VFileMessage, Fix>();

/**
 * A problem found in content, as reporters and `--format json` print it.
 * Positions are 1-based and refer to the original file, frontmatter included.
 */
export interface Diagnostic {
  /** Path of the file, relative to the working directory, with `/` separators. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** Line just after the span, when known. */
  endLine?: number | undefined;
  /** Column just after the span, when known. */
  endColumn?: number | undefined;
  /** Severity. */
  severity: Severity;
  /** Stable rule id. */
  ruleId: string;
  /** What happened. */
  message: string;
  /** What to do about it. */
  hint?: string | undefined;
  /** Documentation of the rule. */
  url?: string | undefined;
  /** A second location that explains the problem. */
  related?: { file: string; line: number; column: number; message: string } | undefined;
  /** Allowed values, where the rule has a closed set. */
  expected?: string[] | undefined;
  /** The offending value. */
  actual?: string | undefined;
  /** A safe automatic fix. */
  fix?: Fix | undefined;
}

const fatalBySeverity = { error: true, warning: false, info: undefined } as const;

function toPosition(place: SourceRange | SourcePoint | undefined) {
  if (!place) return { start: { line: 1, column: 1 }, end: undefined };
  if ('start' in place) return { start: place.start, end: place.end };
  return { start: place, end: undefined };
}

/**
 * Record a diagnostic on a file, as a `VFileMessage` in `file.messages`.
 *
 * @param file The source file the problem is in.
 * @param init What to report.
 * @returns The message, already added to `file.messages`.
 */
export function reportDiagnostic(file: VFile, init: DiagnosticInit): VFileMessage {
  const severity = init.severity ?? 'error';
  const position = toPosition(init.place);
  const message = new VFileMessage(init.message, {
    place: position.end ? { start: position.start, end: position.end } : position.start,
    ruleId: init.ruleId,
    source: 'qbank',
    cause: init.related ? relatedMessage(init.related) : undefined,
  });
  message.file = file.path;
  message.fatal = fatalBySeverity[severity];
  message.url = ruleDocsUrl(init.ruleId);
  if (init.hint) message.note = init.hint;
  if (init.expected) message.expected = init.expected;
  if (init.actual !== undefined) message.actual = init.actual;
  if (init.fix) fixes.set(message, init.fix);
  file.messages.push(message);
  return message;
}

function relatedMessage(related: NonNullable<DiagnosticInit['related']>): VFileMessage {
  const position = toPosition(related.place);
  const message = new VFileMessage(related.message, { place: position.start });
  message.file = related.file;
  return message;
}

function startOf(place: VFileMessage['place']): { line: number; column: number } | undefined {
  if (!place) return undefined;
  return 'start' in place ? place.start : place;
}

function severityOf(message: VFileMessage): Severity {
  if (message.fatal === true) return 'error';
  if (message.fatal === false) return 'warning';
  return 'info';
}

/**
 * Convert a `VFileMessage` to the plain diagnostic object reporters print.
 *
 * @param message A message made by `reportDiagnostic` (or by a unified plugin).
 * @param file Path to print for the file; defaults to the message's own file.
 * @returns A JSON-serialisable diagnostic.
 */
export function diagnosticFromMessage(message: VFileMessage, file?: string): Diagnostic {
  const start = startOf(message.place);
  const end = message.place && 'end' in message.place ? message.place.end : undefined;
  const cause = message.cause instanceof VFileMessage ? message.cause : undefined;
  const causeStart = startOf(cause?.place);
  return {
    file: file ?? message.file ?? '',
    line: start?.line ?? 1,
    column: start?.column ?? 1,
    endLine: end?.line,
    endColumn: end?.column,
    severity: severityOf(message),
    ruleId: message.ruleId ?? 'internal/unknown',
    message: message.reason,
    hint: message.note,
    url: message.url,
    related: cause
      ? { file: cause.file ?? '', line: causeStart?.line ?? 1, column: causeStart?.column ?? 1, message: cause.reason }
      : undefined,
    expected: message.expected,
    actual: message.actual,
    fix: fixes.get(message),
  };
}

/**
 * A diagnostic as reporters print it, straight from what a check reports
 * (for checks that work on plain data rather than on a `VFile`).
 *
 * @param file Path to print for the file.
 * @param init What to report.
 * @returns A JSON-serialisable diagnostic, as `reportDiagnostic` would record it.
 */
export function createDiagnostic(file: string, init: DiagnosticInit): Diagnostic {
  // Built directly rather than through a VFileMessage (an Error, with a stack trace to capture):
  // bank rules can report thousands. Same fields, in the same order, as `diagnosticFromMessage`.
  const { start, end } = toPosition(init.place);
  const related = init.related && { ...init.related, place: toPosition(init.related.place).start };
  return {
    file,
    line: start.line,
    column: start.column,
    endLine: end?.line,
    endColumn: end?.column,
    severity: init.severity ?? 'error',
    ruleId: init.ruleId,
    message: init.message,
    hint: init.hint || undefined,
    url: ruleDocsUrl(init.ruleId),
    related: related && {
      file: related.file,
      line: related.place.line,
      column: related.place.column,
      message: related.message,
    },
    expected: init.expected || undefined,
    actual: init.actual,
    fix: init.fix || undefined,
  };
}

/**
 * The automatic fix recorded with a message, if any.
 *
 * @param message A message made by `reportDiagnostic`.
 * @returns The fix, or `undefined`.
 */
export function fixOf(message: VFileMessage): Fix | undefined {
  return fixes.get(message);
}

/**
 * Apply fixes to a file's original text, leaving every other byte as it was
 * (line endings included). Positions are lines and columns, which CRLF and LF
 * files share. Overlapping fixes after the first are skipped.
 *
 * @param text The file's text as on disk.
 * @param edits Fixes to apply.
 * @returns The fixed text and how many fixes were applied.
 */
export function applyFixes(text: string, edits: readonly Fix[]): { text: string; applied: number } {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  const offset = (p: SourcePoint) => (lineStarts[p.line - 1] ?? text.length) + p.column - 1;
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.text }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  let applied = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) continue;
    out += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
    applied++;
  }
  return { text: out + text.slice(cursor), applied };
}

/**
 * Sort diagnostics by file, then position, then rule id, for stable output.
 *
 * @param diagnostics Diagnostics in any order.
 * @returns A new sorted array.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/**
 * Count diagnostics by severity.
 *
 * @param diagnostics Diagnostics to count.
 * @returns The number of errors, warnings and infos.
 */
export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
