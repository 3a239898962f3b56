// `qbank explain`: a rule's page, printed from the copy that ships with the CLI (no network).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '@qbank/core';
import { repoRoot, runQbank, spawnQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

describe('qbank explain', () => {
  it('prints the page of a rule, by its id or its page name', async () => {
    const page = readFileSync(path.join(repoRoot, 'docs/rules/schema-enum.md'), 'utf8');
    const byId = await runQbank(['explain', 'schema/enum'], repoRoot);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toBe(page);
    expect((await runQbank(['explain', 'schema-enum'], repoRoot)).stdout).toBe(page);
    expect((await runQbank(['explain', 'item/negative-lead-in'], repoRoot)).stdout).toContain(
      '# `item/negative-lead-in`',
    );
  });

  it('lists every rule without an id', async () => {
    const list = await runQbank(['explain'], repoRoot);
    expect(list.code).toBe(0);
    for (const id of Object.keys(rules)) expect(list.stdout).toMatch(new RegExp(`^${id} +\\S`, 'm'));
    expect(list.stdout).toContain('item/negative-lead-in');
  });

  it('suggests the rule meant, as a usage error', async () => {
    const typo = await runQbank(['explain', 'schema/enun'], repoRoot);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no rule `schema/enun`: did you mean `schema/enum`?');
  });

  it('the built CLI prints it from its own copy, outside any repository', () => {
    const dir = makeTempDir('explain');
    const result = spawnQbank(['explain', 'yaml/syntax'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(readFileSync(path.join(repoRoot, 'packages/cli/dist/rules/yaml-syntax.md'), 'utf8'));
  });
});
