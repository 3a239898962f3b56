import type { DiagnosticInit } from '@qbank/core';
import type { CheckedQuestion } from '@qbank/validate';

/** How a lint rule reports: as an error (fails `validate`), a warning, info, or not at all. */
export type LintSeverity = 'error' | 'warning' | 'info' | 'off';

/** What a rule reports, without the `ruleId` and `severity` that the engine stamps on it. */
export type LintReport = Omit<DiagnosticInit, 'ruleId' | 'severity'>;

/** What every lint rule declares about itself. */
export interface LintRuleMeta {
  /** Stable id, `item/...` or `bank/...`. Never renamed once released. */
  id: string;
  /** One line: what the rule checks. */
  description: string;
  /** Default severity: the rule's severity in `recommended`, or in `strict` when `recommended` turns it off. */
  severity: Exclude<LintSeverity, 'off'>;
  /** `item` rules look at one question, `bank` rules at all of them at once. */
  scope: 'item' | 'bank';
  /** Whether the rule's diagnostics carry a safe automatic fix. */
  fixable?: boolean;
}

/** What an item rule is given besides the question. */
export interface ItemRuleContext {
  /** Report a problem in the question's file. */
  report(init: LintReport): void;
  /** The rule's options from the config (`{}` when none are given). */
  options: Record<string, unknown>;
}

/** A rule that checks one question at a time. */
export interface ItemRule extends LintRuleMeta {
  /** Discriminant. */
  scope: 'item';
  /**
   * Check one question and report what is wrong with it.
   *
   * @param question A question that passed validation.
   * @param context Where to report, and the rule's options.
   */
  check(question: CheckedQuestion, context: ItemRuleContext): void;
}

/** What a bank rule is given besides the questions. */
export interface BankRuleContext {
  /** Report a problem in the file of `question`. */
  report(question: CheckedQuestion, init: LintReport): void;
  /** The rule's options from the config (`{}` when none are given). */
  options: Record<string, unknown>;
}

/** A rule that checks the whole bank at once. */
export interface BankRule extends LintRuleMeta {
  /** Discriminant. */
  scope: 'bank';
  /**
   * Check all questions together and report what is wrong across them.
   *
   * @param questions Every question being linted, in bank order.
   * @param context Where to report, and the rule's options.
   */
  check(questions: readonly CheckedQuestion[], context: BankRuleContext): void;
}

/** An item or bank rule. */
export type LintRule = ItemRule | BankRule;

/** A rule's setting in a config: a severity, or a severity with options (as in ESLint). */
export type LintRuleSetting = LintSeverity | [LintSeverity, Record<string, unknown>];

/** The names of the built-in presets. */
export type LintPresetName = 'recommended' | 'strict';

/** The `lint` section of a qbank config. */
export interface LintConfig {
  /** Presets to start from, applied in order. */
  extends?: LintPresetName[];
  /** Rule settings on top of the presets, by rule id. */
  rules?: Record<string, LintRuleSetting>;
  /** Rule settings for some files only, applied in order after `rules`. */
  overrides?: LintOverride[];
}

/** Rule settings for the files that match some globs. */
export interface LintOverride {
  /** Globs (picomatch) on the file's path relative to the content root, `/`-separated. */
  files: string[];
  /** Rule settings for those files, by rule id. */
  rules: LintConfig['rules'];
}

/** How one rule runs for one file, after presets, rules and overrides are merged. */
export interface ResolvedRule {
  /** Severity (`off`: the rule does not run). */
  severity: LintSeverity;
  /** Options for the rule. */
  options: Record<string, unknown>;
}
