import path from 'node:path';
import { reportDiagnostic, type Severity, type SourcePoint, type SourceRange } from '@qbank/core';
import type { CheckedQuestion } from '@qbank/validate';
import { resolveBaseConfig, resolveLintConfig } from './config.js';
import type { LintConfig, LintReport, ResolvedRule } from './model.js';
import { lintRuleDocsUrl, lintRules, suppressionRules } from './rules.js';
import { findSuppressions, suppress, type Suppression } from './suppress.js';

/** What `lintQuestions` needs besides the questions. */
export interface LintOptions {
  /** The `lint` section of the config; none means the `recommended` preset. */
  config?: LintConfig | undefined;
  /** Absolute path of the content root: override globs match paths relative to it. */
  contentRoot: string;
}

interface Pending {
  ruleId: string;
  severity: Severity;
  init: LintReport;
}

const ruleIds = new Set(lintRules.map((r) => r.id));

function startLine(place: SourceRange | SourcePoint | undefined): number {
  if (!place) return 1;
  return 'start' in place ? place.start.line : place.line;
}

/**
 * Run the lint rules on checked questions and report what they find in each
 * file's `messages`, like every other diagnostic. Item rules run on each
 * question with the settings for its file (overrides included); bank rules
 * run once with the settings before overrides, and their reports take the
 * severity for the file they land in. `<!-- qbank-disable-next-line rule -- reason -->`
 * and `<!-- qbank-disable rule -- reason -->` comments suppress reports; a
 * suppression without a reason, or one that suppresses nothing, is itself reported.
 *
 * @param questions Questions that passed validation.
 * @param options The lint config and the content root.
 */
export function lintQuestions(questions: readonly CheckedQuestion[], options: LintOptions): void {
  const settings = new Map<CheckedQuestion, Map<string, ResolvedRule>>();
  const pending = new Map<CheckedQuestion, Pending[]>();
  for (const question of questions) {
    const file = question.parsed.file;
    const relative = path.relative(options.contentRoot, path.resolve(file.cwd, file.path)).split(path.sep).join('/');
    settings.set(question, resolveLintConfig(options.config, relative));
    pending.set(question, []);
  }
  const add = (question: CheckedQuestion, ruleId: string, init: LintReport) => {
    const severity = settings.get(question)?.get(ruleId)?.severity ?? 'off';
    if (severity !== 'off') pending.get(question)?.push({ ruleId, severity, init });
  };
  const base = resolveBaseConfig(options.config);
  for (const rule of lintRules) {
    if (rule.scope === 'item') {
      for (const question of questions) {
        const setting = settings.get(question)!.get(rule.id)!;
        if (setting.severity === 'off') continue;
        rule.check(question, { options: setting.options, report: (init) => add(question, rule.id, init) });
      }
    } else if (questions.some((q) => settings.get(q)!.get(rule.id)!.severity !== 'off')) {
      const options = base.get(rule.id)!.options;
      rule.check(questions, { options, report: (question, init) => add(question, rule.id, init) });
    }
  }
  for (const question of questions) report(question, pending.get(question)!, settings.get(question)!);
}

function emit(question: CheckedQuestion, ruleId: string, severity: Severity, init: LintReport): void {
  const message = reportDiagnostic(question.parsed.file, { ...init, ruleId, severity });
  message.url = lintRuleDocsUrl(ruleId);
}

function report(question: CheckedQuestion, pending: Pending[], setting: Map<string, ResolvedRule>): void {
  const suppressions = findSuppressions(question);
  for (const { ruleId, severity, init } of pending) {
    if (!suppress(suppressions, ruleId, startLine(init.place))) emit(question, ruleId, severity, init);
  }
  for (const s of suppressions) checkSuppression(question, s, setting);
}

function checkSuppression(question: CheckedQuestion, s: Suppression, setting: Map<string, ResolvedRule>): void {
  const severityOf = (id: string) => setting.get(id)?.severity ?? 'off';
  const missing = suppressionRules.missingReason.id;
  const missingSeverity = severityOf(missing);
  if (!s.reason && missingSeverity !== 'off') {
    emit(question, missing, missingSeverity, {
      message: 'Unexpected suppression without a reason, expected ` -- ` and why the rule does not apply',
      hint: 'Write the reason after the rule ids, e.g. `<!-- qbank-disable-next-line item/negative-lead-in -- the lead-in quotes a guideline -->`.',
      place: s.place,
    });
  }
  const unused = suppressionRules.unused.id;
  const unusedSeverity = severityOf(unused);
  if (unusedSeverity === 'off') return;
  const hint =
    s.kind === 'file'
      ? 'Remove it: nothing in the file is reported any more.'
      : 'It covers the next non-blank line only: move it above the reported line, or remove it.';
  if (s.rules.length === 0 && s.used.size === 0) {
    emit(question, unused, unusedSeverity, {
      message: 'Unexpected suppression with nothing to suppress, expected one only where a rule reports a problem',
      hint,
      place: s.place,
    });
  }
  for (const id of s.rules) {
    if (!ruleIds.has(id)) {
      emit(question, unused, unusedSeverity, {
        message: `Unexpected unknown rule \`${id}\` in a suppression, expected a lint rule id such as \`item/negative-lead-in\``,
        hint: 'Check the spelling against docs/rules/; only lint rules (`item/...`, `bank/...`) can be suppressed.',
        place: s.place,
        actual: id,
      });
    } else if (!s.used.has(id) && severityOf(id) !== 'off') {
      emit(question, unused, unusedSeverity, {
        message: `Unexpected suppression of \`${id}\` with nothing to suppress, expected one only where the rule reports a problem`,
        hint,
        place: s.place,
        actual: id,
      });
    }
  }
}
