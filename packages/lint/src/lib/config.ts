import picomatch from 'picomatch';
import type { LintConfig, LintPresetName, LintRuleSetting, LintSeverity, ResolvedRule } from './model.js';
import { lintRules, suppressionRules } from './rules.js';

/** The built-in presets: `recommended` for everyday authoring, `strict` for review before publishing. */
export const presets: Readonly<Record<LintPresetName, Readonly<Record<string, LintRuleSetting>>>> = {
  recommended: {
    'item/convergence-cue': 'off',
    'item/data-after-lead-in': 'warning',
    'item/management-lead-in': 'warning',
    'item/missing-exhibit': 'error',
    'item/mixed-script': 'error',
    'item/option-order-cue': 'warning',
    'bank/key-position-balance': 'info',
    'bank/near-duplicate-questions': 'warning',
    'item/absolute-terms': 'warning',
    'item/all-of-the-above': 'error',
    'item/duplicate-options': 'error',
    'item/grammatical-cue': 'warning',
    'item/lead-in-not-question': 'warning',
    'item/lead-in-open': 'warning',
    'item/longest-option-cue': 'off',
    'item/missing-rationale': 'off',
    'item/negative-lead-in': 'error',
    'item/none-of-the-above': 'error',
    'item/numeric-options-order': 'warning',
    'item/option-count': 'warning',
    'item/vague-frequency': 'warning',
    'item/vignette-opening': 'info',
    'item/word-repeat-cue': 'off',
    'item/unexpanded-abbreviation': 'info',
    'item/idiom': 'info',
    'bank/long-stem': 'info',
    'lint/suppression-missing-reason': 'error',
    'lint/unused-suppression': 'warning',
  },
  strict: {
    'item/convergence-cue': 'info',
    'item/data-after-lead-in': 'error',
    'item/management-lead-in': 'error',
    'item/missing-exhibit': 'error',
    'item/mixed-script': 'error',
    'item/option-order-cue': 'error',
    'bank/key-position-balance': 'warning',
    'bank/near-duplicate-questions': 'error',
    'item/absolute-terms': 'error',
    'item/all-of-the-above': 'error',
    'item/duplicate-options': 'error',
    'item/grammatical-cue': 'error',
    'item/lead-in-not-question': 'error',
    'item/lead-in-open': 'error',
    'item/longest-option-cue': 'info',
    'item/missing-rationale': 'warning',
    'item/negative-lead-in': 'error',
    'item/none-of-the-above': 'error',
    'item/numeric-options-order': 'error',
    'item/option-count': 'error',
    'item/vague-frequency': 'error',
    'item/vignette-opening': 'warning',
    'item/word-repeat-cue': 'info',
    'item/unexpanded-abbreviation': 'warning',
    'item/idiom': 'warning',
    'bank/long-stem': 'warning',
    'lint/suppression-missing-reason': 'error',
    'lint/unused-suppression': 'error',
  },
};

/** Every rule id a config may set: the rules and the suppression checks. */
const knownIds = new Set<string>([...lintRules.map((r) => r.id), ...Object.values(suppressionRules).map((r) => r.id)]);

type Resolved = Map<string, ResolvedRule>;

const severities = new Set<string>(['error', 'warning', 'info', 'off']);

function apply(target: Resolved, rules: LintConfig['rules']): void {
  for (const [id, setting] of Object.entries(rules ?? {})) {
    const [severity, options] = Array.isArray(setting) ? setting : [setting, undefined];
    // Unknown ids and severities are left to the config schema to report.
    if (!knownIds.has(id) || !severities.has(severity)) continue;
    target.set(id, { severity, options: options ?? target.get(id)?.options ?? {} });
  }
}

const matcherCache = new WeakMap<object, (path: string) => boolean>();

/**
 * The settings from `extends` and `rules` alone, before any override.
 *
 * @param config The lint config; none means `recommended`.
 * @returns Every known rule id with its severity and options.
 */
export function resolveBaseConfig(config: LintConfig | undefined): Map<string, ResolvedRule> {
  const resolved: Resolved = new Map([...knownIds].map((id) => [id, { severity: 'off' as LintSeverity, options: {} }]));
  for (const name of config?.extends ?? ['recommended']) apply(resolved, presets[name]);
  apply(resolved, config?.rules);
  return resolved;
}

/**
 * How every lint rule runs for one file: the presets in `extends` (default
 * `["recommended"]`; `[]` starts with every rule off), then `rules`, then each
 * override whose `files` globs match the path. A bare severity keeps the
 * options set before it. Unknown rule ids and severities are ignored.
 *
 * @param config The lint config; none means `recommended`.
 * @param relativePath The file's path relative to the content root, `/`-separated.
 * @returns Every known rule id with its severity and options.
 */
export function resolveLintConfig(config: LintConfig | undefined, relativePath: string): Map<string, ResolvedRule> {
  const resolved = resolveBaseConfig(config);
  const file = relativePath.replace(/\\/g, '/');
  for (const override of config?.overrides ?? []) {
    let matches = matcherCache.get(override);
    if (!matches) {
      matches = picomatch(override.files, { dot: true });
      matcherCache.set(override, matches);
    }
    if (matches(file)) apply(resolved, override.rules);
  }
  return resolved;
}
