// Every rule id, of qbank's own checks and of the lint, has a page in docs/rules/: the page its
// diagnostics link to, and the one `qbank explain` prints.
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDocsBaseUrl, ruleDocsUrl, rulePageName, rules } from '@qbank/core';
import { lintRules, presets } from '@qbank/lint';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const docs = path.join(repoRoot, 'docs/rules');
// The presets name every lint rule, the engine's own (`lint/...`) too.
const lint = new Set([...lintRules.map((rule) => rule.id), ...Object.keys(presets.recommended)]);
const ids = [...Object.keys(rules), ...lint].sort();

describe('rule pages', () => {
  it.each(ids)('%s has a page headed with its id', (id) => {
    const page = path.join(docs, rulePageName(id));
    expect(existsSync(page), `docs/rules/${rulePageName(id)}`).toBe(true);
    expect(readFileSync(page, 'utf8').split('\n')[0]).toBe(`# \`${id}\``);
  });

  it('has no page for a rule that does not exist', () => {
    const pages = readdirSync(docs).filter((name) => name !== 'README.md');
    expect(pages.sort()).toEqual(ids.map(rulePageName).sort());
  });

  it('links each page by an absolute URL, under the config base when there is one', async () => {
    expect(ruleDocsUrl('schema/enum')).toBe(`${defaultDocsBaseUrl}schema-enum.md`);
    expect(defaultDocsBaseUrl).toMatch(/^https:\/\/.*\/$/);
    expect(ruleDocsUrl('item/negative-lead-in', 'https://docs.example.org/rules/')).toBe(
      'https://docs.example.org/rules/item-negative-lead-in.md',
    );
    const fixture = path.join(repoRoot, 'tests/fixtures/diagnostics/unknown-taxonomy');
    const json = JSON.parse((await runQbank(['validate', '.', '--format', 'json'], fixture)).stdout) as {
      ruleId: string;
      url: string;
    }[];
    for (const d of json) expect(d.url).toBe(`${defaultDocsBaseUrl}${rulePageName(d.ruleId)}`);
  });

  it('relative links between the pages and to the guide lead to files that exist', () => {
    for (const name of readdirSync(docs)) {
      const text = readFileSync(path.join(docs, name), 'utf8').replace(/```[\s\S]*?```|`[^`\n]*`/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        expect(existsSync(path.join(docs, target!)), `${name} links ${target}`).toBe(true);
      }
    }
  });
});

describe('the rules reference of the authoring guide', () => {
  it('lists every rule of the catalogue with its page and default severity', () => {
    const guide = readFileSync(path.join(repoRoot, 'docs/authoring.md'), 'utf8');
    for (const [id, rule] of Object.entries(rules)) {
      expect(guide, id).toContain(`| [\`${id}\`](rules/${rulePageName(id)}) | ${rule.severity} |`);
    }
  });
});

describe('docsBaseUrl', () => {
  it('puts every link of JSON, SARIF and pretty output under the config base', async () => {
    const dir = makeTempDir('docs-base');
    try {
      cpSync(
        path.join(repoRoot, 'tests/fixtures/diagnostics/unknown-taxonomy/questions'),
        path.join(dir, 'content/questions'),
        {
          recursive: true,
        },
      );
      const base = 'https://qbank.example.org/rules/';
      const config = { name: 'x', version: '1.0.0', docsBaseUrl: base };
      writeFileSync(path.join(dir, 'qbank.config.json'), JSON.stringify(config));
      const json = JSON.parse((await runQbank(['validate', '--format', 'json'], dir)).stdout) as { url: string }[];
      expect(json.length).toBeGreaterThan(2);
      for (const d of json) expect(d.url.startsWith(base)).toBe(true);
      const sarif = JSON.parse((await runQbank(['validate', '--format', 'sarif'], dir)).stdout);
      for (const rule of sarif.runs[0].tool.driver.rules) expect(rule.helpUri).toBe(`${base}${rulePageName(rule.id)}`);
      const pretty = (await runQbank(['validate'], dir)).stdout;
      expect(pretty).toContain(`  taxonomy/alias: ${base}taxonomy-alias.md\n`);
      // A base that is not a folder's address is a config mistake, said plainly.
      writeFileSync(path.join(dir, 'qbank.config.json'), JSON.stringify({ ...config, docsBaseUrl: 'docs/rules' }));
      const bad = JSON.parse((await runQbank(['validate', '--format', 'json'], dir)).stdout);
      expect(bad).toMatchObject([{ ruleId: 'config/invalid', hint: expect.stringContaining('ends in `/`') }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
