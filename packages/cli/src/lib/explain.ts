import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { didYouMean, rulePageName, rules } from '@qbank/core';
import { lintRules, presets } from '@qbank/lint';
import type { CliIo } from './io.js';
import { UsageError } from './errors.js';

/**
 * Where the rule pages are, first found: beside the built CLI (`dist/rules/`, copied there by the
 * package's build, so an installed CLI has them), then the repository's `docs/rules/` (from the
 * sources, or a build inside the repository).
 */
const candidates = ['./rules/', '../../../../docs/rules/', '../../../docs/rules/'];

/**
 * The folder of the rule pages that ship with the CLI.
 *
 * @returns Its absolute path, or `undefined` when no copy is found.
 */
export function rulePagesDir(): string | undefined {
  for (const relative of candidates) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}README.md`)) return dir;
  }
  return undefined;
}

/**
 * Every rule id, with the one line of what it checks: qbank's own rules, then the lint's (the
 * presets name the engine's own `lint/...` rules too; their line is the page's first).
 */
function allRules(): Map<string, string> {
  const all = new Map<string, string>(Object.entries(rules).map(([id, rule]) => [id, rule.description]));
  for (const rule of lintRules) all.set(rule.id, rule.description);
  const dir = rulePagesDir();
  for (const id of Object.keys(presets.recommended)) {
    if (all.has(id)) continue;
    const page =
      dir && existsSync(`${dir}${rulePageName(id)}`) ? readFileSync(`${dir}${rulePageName(id)}`, 'utf8') : '';
    all.set(id, page.split('\n').find((line) => line && !line.startsWith('#')) ?? '');
  }
  return all;
}

/**
 * `qbank explain <rule-id>`: print the rule's page (Markdown) from the copy that ships with the
 * CLI, so it works offline. Without an id, list every rule.
 *
 * @param rest Positional arguments: one rule id (`schema/enum`; the page name `schema-enum` works too).
 * @param io Where to write.
 * @returns The exit code.
 */
export function runExplain(rest: string[], io: CliIo): number {
  const all = allRules();
  if (rest.length > 1) throw new UsageError('explain takes one rule id, e.g. `qbank explain schema/enum`');
  const [asked] = rest;
  if (asked === undefined) {
    const width = Math.max(...[...all.keys()].map((id) => id.length));
    const lines = [...all].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, text]) => `${id.padEnd(width)}  ${text}`);
    io.stdout(`${lines.join('\n')}\n`);
    io.stderr('Run `qbank explain <rule-id>` for a rule’s page.\n');
    return 0;
  }
  const id = [...all.keys()].find((known) => known === asked || rulePageName(known) === `${asked}.md`);
  if (!id) {
    const guess = didYouMean(asked, all.keys());
    throw new UsageError(
      `no rule \`${asked}\`${guess ? `: did you mean \`${guess}\`?` : ''} (\`qbank explain\` lists them all)`,
    );
  }
  const dir = rulePagesDir();
  if (!dir) throw new Error('the rule pages are missing from this installation of qbank');
  io.stdout(readFileSync(`${dir}${rulePageName(id)}`, 'utf8'));
  return 0;
}
