// The sample bank in content/ is what new users build first: it must be clean and broad.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleManifest } from '@qbank/compiler';
import { loadBank } from '@qbank/cli';
import { repoRoot, spawnQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('sample');
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('sample bank', () => {
  it('validates with no errors and no warnings', async () => {
    const bank = await loadBank({ cwd: repoRoot });
    expect(bank.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(bank.report?.hasErrors).toBe(false);
  });

  it('spans at least 40 questions, 10 systems, 8 disciplines and 12 notes', async () => {
    const bank = await loadBank({ cwd: repoRoot });
    const items = bank.report!.items.filter((i) => i.data.status === 'published');
    const questions = items.filter((i) => i.kind === 'question');
    const notes = items.filter((i) => i.kind === 'note');
    expect(questions.length).toBeGreaterThanOrEqual(40);
    expect(notes.length).toBeGreaterThanOrEqual(12);
    expect(new Set(questions.map((q) => q.kind === 'question' && q.tags.system)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(questions.flatMap((q) => q.tags.disciplines)).size).toBeGreaterThanOrEqual(8);
    // Every published question has its explanation and a rationale for each choice.
    for (const q of questions) {
      if (q.kind !== 'question') continue;
      expect(
        q.parsed.choices.every((c) => c.rationale.length > 0),
        q.data.id,
      ).toBe(true);
    }
  });

  it('builds with the real binary into a verified bundle', () => {
    const out = path.join(work, 'bundle');
    const result = spawnQbank(['build', '--out', out], repoRoot);
    expect(result.stderr).toContain('bundle written');
    expect(result.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as BundleManifest;
    expect(manifest.counts.questions).toBeGreaterThanOrEqual(40);
    expect(manifest.items.some((i) => i.id.includes('draft'))).toBe(false);
  });
});
