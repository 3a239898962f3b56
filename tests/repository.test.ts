// Keeps what is written in more than one place in step: schemas and types, rules and docs.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '@qbank/core';
import { lintRules } from '@qbank/lint';
import { builtinTaxonomy, builtinTaxonomyPath, loadTaxonomyFile } from '@qbank/taxonomy';
import { repoRoot } from './helpers/cli.js';

describe('repository consistency', () => {
  it('the TypeScript types and compiled validators are generated from the current schemas', async () => {
    // @ts-expect-error -- a plain .mjs script without types
    const { generateTypes, generateValidators } = (await import('../scripts/generate-types.mjs')) as {
      generateTypes: () => Promise<string>;
      generateValidators: () => string;
    };
    const committed = readFileSync(path.join(repoRoot, 'packages/core/src/lib/generated.ts'), 'utf8');
    expect(committed, 'run `node scripts/generate-types.mjs`').toBe(await generateTypes());
    const validators = readFileSync(path.join(repoRoot, 'packages/core/src/lib/validators.generated.ts'), 'utf8');
    expect(validators, 'run `node scripts/generate-types.mjs`').toBe(generateValidators());
  });

  it('the built-in taxonomy JSON is generated from its YAML, which is valid', async () => {
    // @ts-expect-error -- a plain .mjs script without types
    const { generateBuiltinTaxonomy } = (await import('../scripts/generate-types.mjs')) as {
      generateBuiltinTaxonomy: () => Promise<string>;
    };
    const committed = readFileSync(path.join(repoRoot, 'packages/taxonomy/src/lib/usmle-step1.generated.json'), 'utf8');
    expect(committed, 'run `node scripts/generate-types.mjs`').toBe(await generateBuiltinTaxonomy());
    const loaded = loadTaxonomyFile(builtinTaxonomyPath);
    expect(loaded.file.messages.map(String)).toEqual([]);
    expect(builtinTaxonomy().systems).toEqual(loaded.taxonomy!.systems);
  });

  it('every rule id in the fixtures is in the catalogue, and every error-level rule has a fixture or a test', () => {
    const root = path.join(repoRoot, 'tests/fixtures/diagnostics');
    const seen = new Set<string>();
    for (const name of readdirSync(root)) {
      const expected = JSON.parse(readFileSync(path.join(root, name, 'expected.json'), 'utf8')) as {
        diagnostics: { ruleId: string }[];
      };
      for (const d of expected.diagnostics) seen.add(d.ruleId);
    }
    const known = [...Object.keys(rules), ...lintRules.map((r) => r.id)];
    for (const id of seen) expect(known).toContain(id);
  });
});
