import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, seriousViolations } from './helpers/browser.js';
import type { CoverageReport } from '@qbank/coverage';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('coverage');
const bank = path.join(work, 'bank');

// A bank with a known distribution: four published questions and one draft.
const questions = [
  ['cv-1', 'cardiovascular', '[pathology, physiology]', 'medical-knowledge', 'published'],
  ['cv-2', 'cardiovascular', '[pharmacology]', 'patient-care-diagnosis', 'published'],
  ['resp-1', 'respiratory', '[biochemistry]', 'diagnosis', 'published'],
  ['renal-1', 'renal-urinary', '[biochemistry, nutrition]', 'medical-knowledge', 'published'],
  ['endo-1', 'endocrine', '[pathology]', 'medical-knowledge', 'draft'],
];

beforeAll(() => {
  mkdirSync(path.join(bank, 'content/questions'), { recursive: true });
  mkdirSync(path.join(bank, 'content/notes'), { recursive: true });
  writeFileSync(path.join(bank, 'qbank.config.json'), JSON.stringify({ name: 'Coverage fixture', version: '1.0.0' }));
  for (const [id, system, discipline, competency, status] of questions) {
    writeFileSync(
      path.join(bank, 'content/questions', `${id}.md`),
      `---\nid: ${id}\nstatus: ${status}\ndiscipline: ${discipline}\nsystem: ${system}\ncompetency: ${competency}\nnotes: [${id === 'cv-1' ? 'linked-note' : ''}]\n---\n\nA 50-year-old man has a finding.\n\nWhich of the following is the most likely cause?\n\n- [x] One\n- [ ] Two\n\n## Explanation\n\nBecause.\n`,
    );
  }
  for (const id of ['linked-note', 'lonely-note']) {
    writeFileSync(
      path.join(bank, 'content/notes', `${id}.md`),
      `---\nid: ${id}\ntitle: ${id}\nstatus: published\ndiscipline: pathology\nsystem: cardiovascular\n---\n\nText.\n`,
    );
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function coverage(args: string[] = []) {
  const result = await runQbank(['coverage', '--format', 'json', ...args], bank);
  return { ...result, report: JSON.parse(result.stdout) as CoverageReport };
}

const row = (report: CoverageReport, axis: 'specGroups' | 'systems' | 'disciplines' | 'competencies', id: string) =>
  report[axis].find((r) => r.id === id);

describe('qbank coverage', () => {
  it('counts published questions per axis against the blueprint', async () => {
    const { code, report } = await coverage();
    expect(code).toBe(0);
    expect(report.questions).toBe(4);
    expect(row(report, 'systems', 'cardiovascular')).toMatchObject({
      count: 2,
      share: 50,
      range: { min: 7, max: 11 },
      status: 'over',
    });
    expect(row(report, 'systems', 'respiratory')).toMatchObject({
      count: 1,
      share: 25,
      range: null,
      status: 'unranged',
    });
    expect(row(report, 'systems', 'endocrine')).toMatchObject({ count: 0, share: 0 });
    expect(row(report, 'specGroups', 'respiratory-renal')).toMatchObject({ count: 2, share: 50, status: 'over' });
    expect(row(report, 'specGroups', 'gastrointestinal-group')).toMatchObject({ count: 0, status: 'under' });
    // A question counts under each of its disciplines, and a child also under its parent, once.
    expect(row(report, 'disciplines', 'pathology')).toMatchObject({ count: 1, share: 25, status: 'under' });
    expect(row(report, 'disciplines', 'biochemistry')).toMatchObject({ count: 2, parent: 'biochemistry-nutrition' });
    expect(row(report, 'disciplines', 'nutrition')).toMatchObject({ count: 1 });
    expect(row(report, 'disciplines', 'biochemistry-nutrition')).toMatchObject({ count: 2, share: 50, status: 'over' });
    expect(row(report, 'competencies', 'medical-knowledge')).toMatchObject({ count: 2, share: 50, status: 'under' });
    expect(row(report, 'competencies', 'patient-care-diagnosis')).toMatchObject({
      count: 2,
      share: 50,
      status: 'over',
    });
    expect(row(report, 'competencies', 'diagnosis')).toMatchObject({ count: 1 });
    expect(report.systems.some((r) => r.id === 'general-principles')).toBe(false);
    const { systems, disciplines, counts } = report.matrix;
    expect(counts[systems.indexOf('cardiovascular')]![disciplines.indexOf('pathology')]).toBe(1);
    expect(counts[systems.indexOf('renal-urinary')]![disciplines.indexOf('biochemistry-nutrition')]).toBe(1);
    expect(counts.flat().reduce((a, b) => a + b, 0)).toBe(5);
    expect(report.notesWithoutQuestions).toEqual(['lonely-note']);
  });

  it('fails under the blueprint minimum only when asked', async () => {
    expect((await coverage()).code).toBe(0);
    const gated = await runQbank(['coverage', '--fail-under', 'spec-groups'], bank);
    expect(gated.code).toBe(1);
    expect(gated.stderr).toContain('specGroups `gastrointestinal-group` is under its blueprint minimum: 0% < 6%');
    expect((await runQbank(['coverage', '--fail-under', 'bogus'], bank)).code).toBe(2);
  });

  it.each([
    ['table', 'coverage.table.txt'],
    ['markdown', 'coverage.markdown.md'],
    ['json', 'coverage.json'],
  ])('prints the %s format', async (format, golden) => {
    const result = await runQbank(['coverage', '--format', format], bank);
    await expect(result.stdout).toMatchFileSnapshot(path.join(repoRoot, 'tests/golden', golden));
  });
});

describe('coverage HTML page in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => browser?.close());

  it('renders offline with bar charts and a heat map, and gives a screenshot', async () => {
    const result = await runQbank(['coverage', '--format', 'html', '--out', 'coverage.html'], bank);
    expect(result.code).toBe(0);
    const html = readFileSync(path.join(bank, 'coverage.html'), 'utf8');
    expect(html).not.toMatch(/<script|https?:\/\//);
    // A context of its own: axe-core runs its frames through the page's context.
    const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${path.join(bank, 'coverage.html')}`);
    expect(await page.title()).toBe('Blueprint coverage: USMLE Step 1');
    expect(await page.locator('svg.bar-chart').count()).toBe(3);
    expect(await page.locator('svg.bar-chart g.row[data-id="cardiovascular-group"][data-status="over"]').count()).toBe(
      1,
    );
    const box = await page.locator('svg.bar-chart').first().boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    const cells = await page.locator('svg.heatmap rect.cell').count();
    const report = (await coverage()).report;
    expect(cells).toBe(report.matrix.systems.length * report.matrix.disciplines.length);
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    // The readability section: distribution, longest questions (linked), medians per system.
    expect(await page.locator('section.readability table').count()).toBe(3);
    expect(await page.locator('section.readability svg.box-plot g.box').count()).toBe(1 + 3);
    expect(await page.locator('section.readability a[href="content/questions/cv-1.md"]').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    const shot = path.join(repoRoot, 'tests/artifacts/coverage.png');
    mkdirSync(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    expect(existsSync(shot)).toBe(true);
    await context.close();
  });
});
