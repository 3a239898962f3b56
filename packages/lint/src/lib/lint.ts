import path from 'node:path';
import { reportDiagnostic, type SourcePoint, type SourceRange } from '@qbank/core';
import type { BankFinding, CheckedQuestion } from '@qbank/validate';
import { resolveBaseConfig, resolveLintConfig } from './config.js';
import type { LintConfig, LintSeverity, PendingReport, QuestionLint } from './model.js';
import { bankQuestionOf } from './question.js';
import { lintRules, suppressionRules } from './rules.js';
import { findSuppressions, suppress, type Suppression } from './suppress.js';

/** What `lintQuestions` needs besides the questions. */
export interface LintOptions {
  /** The `lint` section of the config; none means the `recommended` preset. */
  config?: LintConfig | undefined;
  /** Absolute path of the content root: override globs match paths relative to it. */
  contentRoot: string;
  /** Every term and variant of the bank's glossary, as written (none without a glossary). */
  glossary?: ReadonlySet<string> | undefined;
}

/** What `lintBank` needs besides the questions' lint. */
export interface LintBankOptions {
  /** The `lint` section of the config; none means the `recommended` preset. */
  config?: LintConfig | undefined;
  /**
   * Paths of the files whose problems are wanted (`--changed-since`): bank
   * rules may skip problems that involve none of them.
   */
  focus?: ReadonlySet<string> | undefined;
  /** Kept between runs of one process (watch mode), so bank rules redo only what changed. */
  memo?: LintMemo | undefined;
}

/** What bank rules keep between runs; create one with `new Map()` and pass it to every `lintBank`. */
export type LintMemo = Map<string, Map<string, unknown>>;

function ruleMemo(memo: LintMemo | undefined, ruleId: string): Map<string, unknown> {
  if (!memo) return new Map();
  let own = memo.get(ruleId);
  if (!own) memo.set(ruleId, (own = new Map()));
  return own;
}

const ruleIds = new Set(lintRules.map((r) => r.id));
const noNames: ReadonlySet<string> = new Set();

function startLine(place: SourceRange | SourcePoint | undefined): number {
  if (!place) return 1;
  return 'start' in place ? place.start.line : place.line;
}

/**
 * Run the item rules on one question with the settings for its file
 * (overrides included). Nothing is reported yet: `lintBank` adds the bank
 * rules' reports and applies the suppressions.
 *
 * @param question A question that passed validation.
 * @param options The lint config and the content root.
 * @returns The question's lint, as plain data.
 */
export function lintQuestion(question: CheckedQuestion, options: LintOptions): QuestionLint {
  const file = question.parsed.file;
  const relative = path.relative(options.contentRoot, path.resolve(file.cwd, file.path)).split(path.sep).join('/');
  const settings = resolveLintConfig(options.config, relative);
  const reports: PendingReport[] = [];
  for (const rule of lintRules) {
    const setting = settings.get(rule.id)!;
    if (rule.scope !== 'item' || setting.severity === 'off') continue;
    const severity = setting.severity;
    rule.check(question, {
      options: setting.options,
      glossary: options.glossary ?? noNames,
      report: (init) => reports.push({ ruleId: rule.id, severity, init }),
    });
  }
  const severities: Record<string, LintSeverity> = {};
  for (const [id, setting] of settings) severities[id] = setting.severity;
  return {
    path: file.path,
    reports,
    suppressions: findSuppressions(question),
    severities,
    question: bankQuestionOf(question),
  };
}

/**
 * Run the bank rules over every question's lint, then apply each file's
 * suppressions to all reports. Bank rules run once with the settings before
 * overrides; their reports take the severity for the file they land in.
 * A suppression without a reason, or one that suppresses nothing, is itself
 * reported.
 *
 * @param lints Every question's `lintQuestion` result, in bank order.
 * @param options The lint config.
 * @returns What to report, and in which file.
 */
export function lintBank(lints: readonly QuestionLint[], options: LintBankOptions): BankFinding[] {
  // Bank rules' reports first, as rules run in id order and `bank/` sorts before `item/`.
  const pending = new Map<QuestionLint, PendingReport[]>(lints.map((l) => [l, []]));
  const byQuestion = new Map(lints.map((l) => [l.question, l]));
  const base = resolveBaseConfig(options.config);
  const focus = options.focus && new Set(lints.filter((l) => options.focus!.has(l.path)).map((l) => l.question));
  for (const rule of lintRules) {
    if (rule.scope !== 'bank' || !lints.some((l) => (l.severities[rule.id] ?? 'off') !== 'off')) continue;
    rule.check(
      lints.map((l) => l.question),
      {
        options: base.get(rule.id)!.options,
        focus,
        memo: ruleMemo(options.memo, rule.id),
        report: (question, init) => {
          const lint = byQuestion.get(question)!;
          const severity = lint.severities[rule.id] ?? 'off';
          if (severity !== 'off') pending.get(lint)!.push({ ruleId: rule.id, severity, init });
        },
      },
    );
  }
  const findings: BankFinding[] = [];
  for (const lint of lints) {
    const emit = (ruleId: string, severity: LintSeverity, init: PendingReport['init']) => {
      if (severity !== 'off') findings.push({ path: lint.path, init: { ...init, ruleId, severity } });
    };
    const suppressions: Suppression[] = lint.suppressions.map((s) => ({ ...s, used: new Set() }));
    for (const { ruleId, severity, init } of [...pending.get(lint)!, ...lint.reports]) {
      if (!suppress(suppressions, ruleId, startLine(init.place))) emit(ruleId, severity, init);
    }
    for (const s of suppressions) checkSuppression(s, lint.severities, emit);
  }
  return findings;
}

/**
 * Lint checked questions and report what the rules find in each file's
 * `messages`, like every other diagnostic: `lintQuestion` on each, then
 * `lintBank` over all of them.
 *
 * @param questions Questions that passed validation.
 * @param options The lint config and the content root.
 */
export function lintQuestions(questions: readonly CheckedQuestion[], options: LintOptions): void {
  const files = new Map(questions.map((q) => [q.parsed.file.path, q.parsed.file]));
  const lints = questions.map((q) => lintQuestion(q, options));
  for (const finding of lintBank(lints, options)) reportDiagnostic(files.get(finding.path)!, finding.init);
}

type Emit = (ruleId: string, severity: LintSeverity, init: PendingReport['init']) => void;

function checkSuppression(s: Suppression, severities: Record<string, LintSeverity>, emit: Emit): void {
  const severityOf = (id: string) => severities[id] ?? 'off';
  const missing = suppressionRules.missingReason.id;
  if (!s.reason) {
    emit(missing, severityOf(missing), {
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
    emit(unused, unusedSeverity, {
      message: 'Unexpected suppression with nothing to suppress, expected one only where a rule reports a problem',
      hint,
      place: s.place,
    });
  }
  for (const id of s.rules) {
    if (!ruleIds.has(id)) {
      emit(unused, unusedSeverity, {
        message: `Unexpected unknown rule \`${id}\` in a suppression, expected a lint rule id such as \`item/negative-lead-in\``,
        hint: 'Check the spelling (`qbank explain` lists every rule); only lint rules (`item/...`, `bank/...`) can be suppressed.',
        place: s.place,
        actual: id,
      });
    } else if (!s.used.has(id) && severityOf(id) !== 'off') {
      emit(unused, unusedSeverity, {
        message: `Unexpected suppression of \`${id}\` with nothing to suppress, expected one only where the rule reports a problem`,
        hint,
        place: s.place,
        actual: id,
      });
    }
  }
}
