import type { DiagnosticInit, Severity, SourceRange } from '@qbank/core';
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
  /** Every term and variant of the bank's glossary, as written (empty without a glossary). */
  glossary?: ReadonlySet<string> | undefined;
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

/**
 * What bank rules read of one question: plain data, so that it can be cached
 * and compared with questions that were not parsed in this run.
 */
export interface BankQuestion {
  /** The question id. */
  id: string;
  /** Absolute path of its file. */
  path: string;
  /**
   * The vignette and lead-in as sorted hashes of their 3-word phrases (an
   * array, or a Uint32Array as a cache may keep them).
   */
  phrases: readonly number[] | Uint32Array;
  /** Where the vignette and lead-in are. */
  stemPlace: SourceRange | undefined;
  /** 0-based position of the key when there is exactly one, else `null`. */
  key: number | null;
  /** Number of options. */
  options: number;
  /** Words of the vignette and lead-in (runs with a letter: numbers are left out); absent in older caches. */
  stemWords?: number | undefined;
}

/** What a bank rule is given besides the questions. */
export interface BankRuleContext {
  /** Report a problem in the file of `question`. */
  report(question: BankQuestion, init: LintReport): void;
  /** The rule's options from the config (`{}` when none are given). */
  options: Record<string, unknown>;
  /**
   * When set, only problems that involve these questions are wanted
   * (`--changed-since`): a rule may skip work on the others.
   */
  focus?: ReadonlySet<BankQuestion> | undefined;
  /**
   * The rule's own store, kept between runs of one process (watch mode) so a
   * rule can redo only what changed; empty on the first run.
   */
  memo: Map<string, unknown>;
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
  check(questions: readonly BankQuestion[], context: BankRuleContext): void;
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

/** A lint report with its rule and the severity it has in its file. */
export interface PendingReport {
  /** The rule. */
  ruleId: string;
  /** Its severity in this file. */
  severity: Severity;
  /** What it reports. */
  init: LintReport;
}

/** A `<!-- qbank-disable... -->` comment, as plain data. */
export interface SuppressionComment {
  /** `file` for `qbank-disable`, `next-line` for `qbank-disable-next-line`. */
  kind: 'file' | 'next-line';
  /** The rule ids it names; empty means every rule. */
  rules: string[];
  /** The text after ` -- `, when given. */
  reason: string | undefined;
  /** Where the comment is. */
  place: SourceRange;
  /** For `next-line`: the line it applies to (the next non-blank line). */
  line: number | undefined;
}

/**
 * One question's lint before the bank rules run (`lintQuestion`): the item
 * rules' reports, the file's suppressions and settings, and what bank rules
 * read. Plain data, so it can be cached and sent between threads.
 */
export interface QuestionLint {
  /** Absolute path of the file. */
  path: string;
  /** Reports of the item rules, before suppressions. */
  reports: PendingReport[];
  /** The file's suppression comments. */
  suppressions: SuppressionComment[];
  /** Every lint rule's severity in this file (overrides applied). */
  severities: Record<string, LintSeverity>;
  /** What bank rules read. */
  question: BankQuestion;
}
