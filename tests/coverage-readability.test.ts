// `qbank coverage`'s readability section: the sample bank's distribution in every format through the
// built binary (golden files), agreement with the manifest `qbank build` writes, and the quantiles.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  computeReadability,
  formatReadabilityMarkdown,
  type CoverageReport,
  type QuestionReadability,
  type ReadabilityDistribution,
} from '@qbank/coverage';
import type { BundleManifest, ManifestReadability } from '@qbank/compiler';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { repoRoot, runQbank, spawnQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('coverage-readability');
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** The golden file of each format's section (tests/fixtures.test.ts checks each is committed and used). */
const goldens: readonly [format: string, file: string][] = [
  ['table', 'coverage-readability.sample.txt'],
  ['markdown', 'coverage-readability.sample.md'],
  ['json', 'coverage-readability.sample.json'],
  ['html', 'coverage-readability.sample.html'],
];
const golden = (format: string) => path.join(repoRoot, 'tests/golden', goldens.find(([name]) => name === format)![1]);

/** The sample bank's coverage report through the built binary. */
function sampleCoverage(format: string, extra: string[] = []): string {
  const result = spawnQbank(['coverage', '--format', format, ...extra], repoRoot);
  expect(result.stderr).not.toMatch(/qbank:/);
  expect(result.code).toBe(0);
  return result.stdout;
}

/** R's type 7 quantile, written out here to check the package's against. */
function quantile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  return sorted[low]! + (sorted[Math.ceil(at)]! - sorted[low]!) * (at - low);
}

function expected(values: readonly number[]): ReadabilityDistribution {
  const r = (p: number) => Math.round(quantile(values, p) * 10) / 10;
  return { min: r(0), q1: r(0.25), median: r(0.5), q3: r(0.75), p90: r(0.9), max: r(1) };
}

describe('qbank coverage: readability of the sample bank', () => {
  it.each([
    ['table', 'Readability of stems and lead-ins'],
    ['markdown', '#### Readability of stems and lead-ins'],
  ])('prints the %s section', async (format, heading) => {
    const out = sampleCoverage(format);
    await expect(out.slice(out.indexOf(heading))).toMatchFileSnapshot(golden(format));
  });

  it('gives the section in JSON (coverageFormat 1.1.0)', async () => {
    const report = JSON.parse(sampleCoverage('json')) as CoverageReport;
    expect(report.coverageFormat).toBe('1.1.0');
    await expect(JSON.stringify(report.readability, null, 2) + '\n').toMatchFileSnapshot(golden('json'));
  });

  it('writes an inert HTML section with links to the longest questions', async () => {
    sampleCoverage('html', ['--out', path.join(work, 'coverage.html')]);
    const html = readFileSync(path.join(work, 'coverage.html'), 'utf8');
    expect(html).not.toMatch(/<script|\son\w+=|javascript:|https?:\/\//i);
    const section = html.slice(html.indexOf('<section class="readability">'), html.lastIndexOf('</section>') + 10);
    // Links are relative to the page, so they open the question's file from where the page is.
    const hrefs = [...section.matchAll(/<a href="([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
    expect(hrefs).toHaveLength(5);
    for (const href of hrefs) expect(existsSync(path.resolve(work, href)), href).toBe(true);
    await expect(section + '\n').toMatchFileSnapshot(golden('html'));
  });

  it("agrees with the manifest's readability figures of `qbank build`", async () => {
    const out = path.join(work, 'bundle');
    const built = await runQbank(['build', '--out', out, '--no-cache'], repoRoot);
    expect(built.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as BundleManifest;
    const figures = new Map<string, ManifestReadability>(
      manifest.items.flatMap((item) => (item.readability ? [[item.id, item.readability] as const] : [])),
    );
    const report = (JSON.parse((await runQbank(['coverage', '--format', 'json'], repoRoot)).stdout) as CoverageReport)
      .readability!;
    expect(report.questions).toBe(manifest.counts.questions);
    expect(report.questions).toBe(figures.size);
    const all = [...figures.values()];
    expect(report.words).toEqual(expected(all.map((f) => f.words)));
    expect(report.wordsPerSentence).toEqual(expected(all.map((f) => f.wordsPerSentence)));
    expect(report.grade).toEqual(expected(all.map((f) => f.grade)));
    for (const q of report.longest) {
      const { words, sentences, wordsPerSentence, grade } = q;
      expect({ words, sentences, wordsPerSentence, grade }, q.id).toEqual(figures.get(q.id));
    }
    const mostWords = Math.max(...all.map((f) => f.words));
    expect(report.longest[0]!.words).toBe(mostWords);
    for (const system of report.systems) {
      const ids = manifest.items.filter((i) => i.type === 'question' && i.systems[0] === system.id).map((i) => i.id);
      expect(system.questions, system.id).toBe(ids.length);
      expect(system.words, system.id).toEqual(expected(ids.map((id) => figures.get(id)!.words)));
    }
  });
});

describe('readability distribution', () => {
  const taxonomy = builtinTaxonomy();
  const question = (id: string, words: number, system = 'cardiovascular'): QuestionReadability => ({
    id,
    system,
    file: `content/questions/${id}.md`,
    words,
    sentences: 1,
    wordsPerSentence: words,
    grade: words / 10,
  });

  it('is null without questions and lists the longest first, ties by id', () => {
    expect(computeReadability([], taxonomy)).toBeNull();
    const report = computeReadability(
      [question('b', 30), question('a', 30), question('c', 10, 'renal-urinary'), question('d', 20)],
      taxonomy,
      3,
    )!;
    expect(report.longest.map((q) => q.id)).toEqual(['a', 'b', 'd']);
    expect(report.words).toEqual({ min: 10, q1: 17.5, median: 25, q3: 30, p90: 30, max: 30 });
    expect(report.systems.map((s) => [s.id, s.questions])).toEqual([
      ['cardiovascular', 3],
      ['renal-urinary', 1],
    ]);
  });

  it('orders its quantiles and keeps them within the values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 60 }), (words) => {
        const report = computeReadability(
          words.map((w, i) => question(`q${i}`, w)),
          taxonomy,
        )!;
        const { min, q1, median, q3, p90, max } = report.words;
        expect([min, q1, median, q3, p90, max]).toEqual([min, q1, median, q3, p90, max].sort((a, b) => a - b));
        expect(min).toBe(Math.min(...words));
        expect(max).toBe(Math.max(...words));
        expect(report.words).toEqual(expected(words));
      }),
    );
  });

  it('links files in Markdown even when their paths have spaces or parentheses', () => {
    const report = computeReadability([{ ...question('a', 5), file: 'content/my (old) q.md' }], taxonomy)!;
    expect(formatReadabilityMarkdown(report)).toContain('[`a`](content/my%20%28old%29%20q.md)');
  });
});

describe('scripts/readability-report.mjs', () => {
  it('prints the same section as `qbank coverage --format markdown`', () => {
    const script = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/readability-report.mjs')], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(script.status).toBe(0);
    const markdown = sampleCoverage('markdown');
    const section = markdown.slice(markdown.indexOf('#### Readability'));
    // The script's heading is level 1, and its file links are relative to the content root.
    expect(script.stdout.replace(/^# /, '#### ').replace(/\]\(/g, '](content/').trimEnd()).toBe(section.trimEnd());
  });
});
