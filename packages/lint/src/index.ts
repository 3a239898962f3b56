export type {
  BankQuestion,
  BankRule,
  BankRuleContext,
  ItemRule,
  ItemRuleContext,
  LintConfig,
  LintOverride,
  LintPresetName,
  LintReport,
  LintRule,
  LintRuleMeta,
  LintRuleSetting,
  LintSeverity,
  PendingReport,
  QuestionLint,
  ResolvedRule,
  SuppressionComment,
} from './lib/model.js';
export { lintRules, lintRuleDocsUrl } from './lib/rules.js';
export { presets, resolveLintConfig } from './lib/config.js';
export type { LintBankOptions, LintMemo, LintOptions } from './lib/lint.js';
export { lintBank, lintQuestion, lintQuestions } from './lib/lint.js';
export { fixNumericOrder } from './lib/rules/numeric-options-order.js';
export type { NearDuplicateSnapshot } from './lib/rules/near-duplicate-questions.js';
export {
  nearDuplicateSnapshot,
  nearDuplicateWork,
  restoreNearDuplicates,
} from './lib/rules/near-duplicate-questions.js';
