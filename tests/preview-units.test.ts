// @qbank/preview without a browser: its public API, the lab-values table (every SI range follows
// from its conventional range), the path and host rules, editor links, and the page script's types.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as preview from '@qbank/preview';
import { labValues, rangeText } from '../packages/preview/client/lab-values.js';
import { repoRoot } from './helpers/cli.js';

/** Half a unit of the last digit an SI value is written with: what rounding may move it by. */
function tolerance(value: number): number {
  const decimals = (String(value).split('.')[1] ?? '').length;
  return 0.5 * 10 ** -decimals + 1e-9;
}

describe('@qbank/preview', () => {
  it('exports its API and nothing else', () => {
    expect(Object.keys(preview).sort()).toEqual([
      'editorLink',
      'editorTemplate',
      'isLoopback',
      'isUnsafePath',
      'pageCsp',
      'startPreviewServer',
    ]);
  });

  it('lab values: every SI limit is the conventional one times the factor, rounded as written', () => {
    expect(labValues.length).toBeGreaterThan(40);
    for (const value of labValues) {
      for (const end of ['low', 'high'] as const) {
        const conventional = value.conventional[end];
        const si = value.si[end];
        expect(si === null, `${value.test} ${end}`).toBe(conventional === null);
        if (conventional === null || si === null) continue;
        expect(Math.abs(conventional * value.factor - si), `${value.test} ${end}`).toBeLessThanOrEqual(tolerance(si));
      }
      const { low, high } = value.conventional;
      if (low !== null && high !== null) expect(low, value.test).toBeLessThan(high);
    }
    expect(new Set(labValues.map((v) => `${v.group}/${v.test}`)).size).toBe(labValues.length);
  });

  it('lab values: ranges read as laboratories write them', () => {
    const sodium = labValues.find((v) => v.test.startsWith('Sodium'))!;
    expect(rangeText(sodium.conventional)).toBe('136–146 mEq/L');
    const cholesterol = labValues.find((v) => v.test.startsWith('Cholesterol'))!;
    expect(rangeText(cholesterol.si)).toBe('< 5.2 mmol/L');
    const potassium = labValues.find((v) => v.test.startsWith('Potassium'))!;
    expect(rangeText(potassium.conventional)).toBe('3.5–5.0 mEq/L');
    const magnesium = labValues.find((v) => v.test.startsWith('Magnesium'))!;
    expect(rangeText(magnesium.si)).toBe('0.75–1.00 mmol/L');
    const leukocytes = labValues.find((v) => v.test === 'Leukocyte count')!;
    expect(rangeText(leukocytes.conventional)).toBe('4,500–11,000 /mm³');
  });

  it('refuses paths that step outside, however encoded, and accepts the ones it serves', () => {
    for (const bad of [
      '/../etc/passwd',
      '/a/../../b',
      '/%2e%2e/x',
      '/%2E%2E%2Fx',
      '/%252e%252e/x',
      '/%25252e%25252e/x',
      '/..%5cx',
      '/a\\b',
      '/x%00',
      '/C:/Windows',
      '/%E0%A4%A',
      '/./x',
    ]) {
      expect(preview.isUnsafePath(bad), bad).toBe(true);
    }
    for (const good of [
      '/',
      '/app.js',
      '/bundle/3/questions/renal-urinary.json',
      '/bundle/1/assets/a%20b.svg',
      '/x..y',
    ]) {
      expect(preview.isUnsafePath(good), good).toBe(false);
    }
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', '.', '/', '%', '2', 'e', 'f', '5', 'c'), { maxLength: 24 }),
        (chars) => {
          const raw = `/${chars.join('')}`;
          if (preview.isUnsafePath(raw)) return;
          // Whatever is let through has no `..` segment once decoded.
          let decoded = raw;
          for (let i = 0; i < 4; i++) decoded = decodeURIComponent(decoded);
          expect(decoded.split('/')).not.toContain('..');
        },
      ),
    );
  });

  it('knows which hosts are this machine', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(preview.isLoopback(host)).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.2', 'example.org', '::']) expect(preview.isLoopback(host)).toBe(false);
  });

  it('makes editor links from QBANK_EDITOR, refusing schemes that would run in the page', () => {
    const vscode = preview.editorTemplate({ QBANK_EDITOR: 'vscode' })!;
    expect(preview.editorLink(vscode, '/home/a b/q#1.md', 3, 7)).toBe('vscode://file/home/a%20b/q%231.md:3:7');
    expect(preview.editorTemplate({ TERM_PROGRAM: 'vscode' })).toBe(vscode);
    expect(preview.editorTemplate({ QBANK_EDITOR: 'myed://open?f={file}&l={line}' })).toBe(
      'myed://open?f={file}&l={line}',
    );
    for (const refused of ['javascript:alert({file})', 'data:text/html,{file}', 'https://x/{file}', 'vim']) {
      expect(preview.editorTemplate({ QBANK_EDITOR: refused }), refused).toBeUndefined();
    }
    expect(preview.editorTemplate({})).toBeUndefined();
  });

  it('type-checks the page script against the runtime with DOM types only', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', path.join(repoRoot, 'packages/preview/client/tsconfig.json')], {
      stdio: 'pipe',
    });
  });
});
