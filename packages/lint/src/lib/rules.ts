import type { LintRule } from './model.js';
import { optionOrderCue } from './rules/option-order-cue.js';
import { mixedScript } from './rules/mixed-script.js';
import { missingExhibit } from './rules/missing-exhibit.js';
import { managementLeadInRule } from './rules/management-lead-in.js';
import { dataAfterLeadIn } from './rules/data-after-lead-in.js';
import { convergenceCue } from './rules/convergence-cue.js';
import { absoluteTerms } from './rules/absolute-terms.js';
import { allOfTheAbove } from './rules/all-of-the-above.js';
import { duplicateOptions } from './rules/duplicate-options.js';
import { grammaticalCue } from './rules/grammatical-cue.js';
import { keyPositionBalance } from './rules/key-position-balance.js';
import { leadInNotQuestion } from './rules/lead-in-not-question.js';
import { leadInOpen } from './rules/lead-in-open.js';
import { longestOptionCue } from './rules/longest-option-cue.js';
import { missingRationale } from './rules/missing-rationale.js';
import { nearDuplicateQuestions } from './rules/near-duplicate-questions.js';
import { negativeLeadIn } from './rules/negative-lead-in.js';
import { noneOfTheAbove } from './rules/none-of-the-above.js';
import { numericOptionsOrder } from './rules/numeric-options-order.js';
import { optionCount } from './rules/option-count.js';
import { vagueFrequency } from './rules/vague-frequency.js';
import { vignetteOpening } from './rules/vignette-opening.js';
import { wordRepeatCue } from './rules/word-repeat-cue.js';
import { unexpandedAbbreviation } from './rules/unexpanded-abbreviation.js';
import { idiom } from './rules/idiom.js';
import { longStem } from './rules/long-stem.js';

/** Every lint rule, sorted by id. */
export const lintRules: readonly LintRule[] = Object.freeze(
  [
    absoluteTerms,
    convergenceCue,
    dataAfterLeadIn,
    managementLeadInRule,
    missingExhibit,
    mixedScript,
    optionOrderCue,
    allOfTheAbove,
    duplicateOptions,
    grammaticalCue,
    keyPositionBalance,
    leadInNotQuestion,
    leadInOpen,
    longestOptionCue,
    missingRationale,
    nearDuplicateQuestions,
    negativeLeadIn,
    noneOfTheAbove,
    numericOptionsOrder,
    optionCount,
    vagueFrequency,
    vignetteOpening,
    wordRepeatCue,
    unexpandedAbbreviation,
    idiom,
    longStem,
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
);

/** The engine's own rules, about suppression comments. */
export const suppressionRules = {
  missingReason: {
    id: 'lint/suppression-missing-reason',
    severity: 'error',
    description: 'A `qbank-disable` comment gives no ` -- reason`.',
  },
  unused: {
    id: 'lint/unused-suppression',
    severity: 'warning',
    description: 'A `qbank-disable` comment suppresses nothing, or names an unknown rule.',
  },
} as const;

/**
 * Where a lint rule is documented, relative to the repository root.
 *
 * @param ruleId A lint rule id such as `item/negative-lead-in`.
 * @returns The path of its page, e.g. `docs/rules/item-negative-lead-in.md`.
 */
export function lintRuleDocsUrl(ruleId: string): string {
  return `docs/rules/${ruleId.replace(/\//g, '-')}.md`;
}
