// `qbank preview` in Chromium: a temporary copy of the sample bank served on 127.0.0.1, driven by
// keyboard alone (a tutor and a timed block), live updates on save, the error banner, axe-core,
// inert content and refused paths. Screenshots go to tests/artifacts/.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, seriousViolations as audit } from './helpers/browser.js';
import { repoRoot } from './helpers/cli.js';
import { copySampleBank, makeTempDir } from './helpers/fs.js';
import { startPreview, type PreviewServer } from './helpers/preview-server.js';

const work = makeTempDir('preview');
const bank = path.join(work, 'bank');
const artifacts = path.join(repoRoot, 'tests/artifacts');
/** What the browser-side functions below use of the page (the tests are type-checked without the DOM library). */
interface Browserish {
  document: {
    activeElement: { id: string } | null;
    body: unknown;
    documentElement: { dataset: Record<string, string | undefined>; scrollWidth: number };
    querySelector(selector: string): { textContent: string | null } | null;
  };
  stayed?: boolean;
  __pwned?: number;
}
const inertId = 'cv-preview-inert-markup';
const requests: string[] = [];
const log: string[] = [];
let server: PreviewServer;
let base: string;
let browser: Browser;

/** A published question whose Markdown holds a script and an event handler. */
function writeInertQuestion(): void {
  const source = readFileSync(
    path.join(bank, 'content/questions/cardiovascular/cv-calcific-aortic-stenosis.md'),
    'utf8',
  );
  const text = source
    .replace('id: cv-calcific-aortic-stenosis', `id: ${inertId}`)
    .replace(
      'A 78-year-old man',
      '<script>window.__pwned = 1; alert(1)</script>\n<img src="x" onerror="window.__pwned = 2; alert(2)">\n\nA 78-year-old man',
    );
  writeFileSync(path.join(bank, 'content/questions/cardiovascular/cv-preview-inert-markup.md'), text);
  const draft = source
    .replace('id: cv-calcific-aortic-stenosis', 'id: cv-preview-draft')
    .replace('status: published', 'status: draft')
    .replace('A 78-year-old man', 'A 77-year-old man');
  writeFileSync(path.join(bank, 'content/questions/cardiovascular/cv-preview-draft.md'), draft);
}

/** The source file of a question, found by its id. */
function fileOf(id: string): string {
  const dir = path.join(bank, 'content/questions');
  for (const system of readdirSync(dir)) {
    for (const name of readdirSync(path.join(dir, system))) {
      const file = path.join(dir, system, name);
      if (readFileSync(file, 'utf8').includes(`\nid: ${id}\n`)) return file;
    }
  }
  throw new Error(`no file for ${id}`);
}

async function state(): Promise<{ build: number; ok: boolean; version: number }> {
  const response = await fetch(`${base}api/state`);
  return (await response.json()) as { build: number; ok: boolean; version: number };
}

async function open(width = 1280, height = 800): Promise<{ page: Page; errors: string[]; dialogs: string[] }> {
  // A context of its own: axe-core runs its frames through the page's context.
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(base);
  await page.waitForFunction(
    () => Number((globalThis as unknown as Browserish).document.documentElement.dataset.build) > 0,
  );
  return { page, errors, dialogs };
}

/** Press Tab until the element with this id has focus. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if ((await page.evaluate(() => (globalThis as unknown as Browserish).document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

/** Start a block from the start page by keyboard. */
async function startBlock(page: Page, mode: 'tutor' | 'timed', size: number): Promise<void> {
  await tabTo(page, 'mode-tutor');
  if (mode === 'timed') await page.keyboard.press('ArrowDown');
  await tabTo(page, 'size');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(size));
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid="stem"]');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: false });
}

async function focusIsOnPage(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as Browserish;
    return document.activeElement !== null && document.activeElement !== document.body;
  });
}

beforeAll(async () => {
  copySampleBank(bank);
  writeInertQuestion();
  mkdirSync(artifacts, { recursive: true });
  server = await startPreview(bank, { QBANK_EDITOR: 'vscode' }, (text) => void log.push(text));
  base = server.base;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('qbank preview', () => {
  it('listens on 127.0.0.1 and builds the bank in memory (nothing written into the bank)', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await state()).toMatchObject({ ok: true, version: 1 });
    expect(
      readdirSync(bank)
        .filter((name) => name !== '.qbank-cache')
        .sort(),
    ).toEqual(['content', 'qbank.config.json']);
  });
});

describe('student view, by keyboard alone', () => {
  it('runs a 10-question tutor block: select, submit, explanation, next, score by system, discipline and competency', async () => {
    const { page, errors } = await open();
    await shot(page, 'preview-start');
    await startBlock(page, 'tutor', 10);
    let correct = 0;
    for (let i = 0; i < 10; i++) {
      await expect.poll(() => page.textContent('[data-testid="progress"]')).toContain(`Item ${i + 1} of 10`);
      expect(await focusIsOnPage(page)).toBe(true);
      if (i === 0) {
        await shot(page, 'preview-question');
        expect(await audit(page)).toEqual([]);
      }
      await page.keyboard.press(i % 2 ? '2' : 'a');
      expect(await page.isChecked(`#choice-${i % 2 ? 'B' : 'A'}`)).toBe(true);
      await page.keyboard.press('Enter');
      const verdict = await page.textContent('[data-testid="verdict"]');
      if (verdict?.includes('Correct.')) correct += 1;
      expect(await page.evaluate(() => (globalThis as unknown as Browserish).document.activeElement?.id)).toBe(
        'explanation-heading',
      );
      expect(await page.locator('.choice.right .verdict-mark').textContent()).toContain('Correct answer');
      if (i === 0) {
        await shot(page, 'preview-answered');
        expect(await audit(page)).toEqual([]);
      }
      await page.keyboard.press(i < 9 ? 'n' : 'Enter');
    }
    await page.waitForSelector('[data-testid="total"]');
    expect(await page.textContent('[data-testid="total"]')).toContain(`${correct} of 10 correct`);
    for (const table of ['by-system', 'by-discipline', 'by-competency']) {
      expect(await page.locator(`[data-testid="${table}"] tbody tr`).count()).toBeGreaterThan(0);
    }
    expect(await focusIsOnPage(page)).toBe(true);
    await shot(page, 'preview-score');
    expect(await audit(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('timed mode and the phone layout', () => {
  it('runs a 5-question timed block by keyboard: a clock, nothing shown until the end, then the score', async () => {
    const { page, errors } = await open();
    await startBlock(page, 'timed', 5);
    expect(await page.textContent('[role="timer"]')).toMatch(/^\d\d:\d\d$/);
    for (let i = 0; i < 5; i++) {
      await expect.poll(() => page.textContent('[data-testid="progress"]')).toContain(`Item ${i + 1} of 5`);
      await page.keyboard.press('2');
      expect(await page.isChecked('#choice-B')).toBe(true);
      expect(await page.locator('[data-testid="explanation"], .verdict-mark, .rationale').count()).toBe(0);
      if (i === 0) await shot(page, 'preview-timed');
      await page.keyboard.press('Enter');
      expect(await focusIsOnPage(page)).toBe(true);
    }
    await page.waitForSelector('[data-testid="total"]');
    expect(await page.textContent('[data-testid="total"]')).toMatch(/\d of 5 correct/);
    for (const table of ['by-system', 'by-discipline', 'by-competency']) {
      expect(await page.locator(`[data-testid="${table}"] tbody tr`).count()).toBeGreaterThan(0);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits 390x844: no horizontal scroll, the submit bar in view above the fold, strike-out and flag by key', async () => {
    const { page, errors } = await open(390, 844);
    await shot(page, 'preview-start-phone');
    await startBlock(page, 'tutor', 3);
    expect(
      await page.evaluate(() => (globalThis as unknown as Browserish).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    const bar = await page.locator('nav.bar').boundingBox();
    expect(bar!.y + bar!.height).toBeLessThanOrEqual(844);
    await page.keyboard.press('Shift+B');
    expect(await page.getAttribute('.choice[data-letter="B"]', 'class')).toContain('struck');
    await page.keyboard.press('f');
    expect(await page.getAttribute('#bar-flag', 'aria-pressed')).toBe('true');
    await page.locator('#stem p').first().selectText();
    await page.keyboard.press('h');
    expect(await page.locator('#stem mark').count()).toBe(1);
    await page.keyboard.press('c');
    await shot(page, 'preview-question-phone');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="explanation"]');
    expect(
      await page.evaluate(() => (globalThis as unknown as Browserish).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(390);
    await shot(page, 'preview-answered-phone');
    await page.keyboard.press('l');
    await page.waitForSelector('#labs:not([hidden]) table');
    expect(await page.locator('#labs').textContent()).toContain('mmol/L');
    await shot(page, 'preview-labs-phone');
    await page.keyboard.press('Escape');
    expect(await page.locator('#labs').isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('live updates', () => {
  it('shows a saved stem without a reload, keeping the place; a broken file gets a banner over the last good rendering', async () => {
    const { page, errors } = await open();
    await startBlock(page, 'tutor', 10);
    await page.keyboard.press('n');
    await page.keyboard.press('n');
    await page.keyboard.press('b');
    await page.evaluate(() => ((globalThis as unknown as Browserish).stayed = true));
    const id = (await page.getAttribute('[data-testid="stem"]', 'data-question'))!;
    const file = fileOf(id);
    const original = readFileSync(file, 'utf8');
    const body = original.indexOf('\n---\n', 4) + 5;
    const edited = `${original.slice(0, body)}\nEdited in the preview test: a new first sentence.\n${original.slice(body)}`;
    const before = (await state()).build;
    writeFileSync(file, edited);
    await page.waitForFunction(
      () =>
        (globalThis as unknown as Browserish).document
          .querySelector('[data-testid="stem"]')
          ?.textContent?.includes('Edited in the preview test'),
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.textContent('[data-testid="progress"]')).toContain('Item 3 of 10');
    expect(await page.isChecked('#choice-B')).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as Browserish).stayed)).toBe(true);
    expect((await state()).build).toBeGreaterThan(before);

    writeFileSync(file, edited.replace(/\nstatus: published\n/, '\nstatus: [published\n'));
    await page.waitForSelector('[data-testid="error-banner"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="error-banner"]')).toContain(path.basename(file));
    expect(await page.textContent('[data-testid="stem"]')).toContain('Edited in the preview test');
    expect(await page.textContent('[data-testid="progress"]')).toContain('Item 3 of 10');
    await shot(page, 'preview-error-banner');
    expect(await audit(page)).toEqual([]);

    writeFileSync(file, original);
    await page.waitForSelector('[data-testid="error-banner"]', { state: 'detached', timeout: 30_000 });
    await page.waitForFunction(
      () =>
        !(globalThis as unknown as Browserish).document
          .querySelector('[data-testid="stem"]')
          ?.textContent?.includes('Edited in the preview test'),
    );
    expect(await page.textContent('[data-testid="progress"]')).toContain('Item 3 of 10');
    expect(await page.evaluate(() => (globalThis as unknown as Browserish).stayed)).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('notes and the author view', () => {
  it('renders a note with its memory tools and backlinks; flashcards flip and cloze gaps reveal by keyboard', async () => {
    const { page, errors } = await open();
    await page.goto(`${base}#/note/antidepressants`);
    await page.waitForSelector('[data-testid="note"]');
    await shot(page, 'preview-note-top');
    const card = page.locator('button.flashcard').first();
    const front = await card.textContent();
    await card.focus();
    await page.keyboard.press('Enter');
    expect(await card.getAttribute('aria-pressed')).toBe('true');
    expect(await card.textContent()).not.toBe(front);
    const gap = page.locator('button.cloze').first();
    await gap.focus();
    await page.keyboard.press('Space');
    expect(await gap.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('[data-testid="video"]').count()).toBeGreaterThan(0);
    expect(await page.locator('.callout.warning').count()).toBeGreaterThan(0);
    expect(await page.locator('.backlinks a').count()).toBeGreaterThan(0);
    await shot(page, 'preview-note');
    expect(await audit(page)).toEqual([]);
    await page.goto(`${base}#/notes`);
    await page.waitForSelector('.note-links a');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lists every item with its diagnostics, filters by rule and searches; an item shows its diagnostics with file:line', async () => {
    const { page, errors } = await open();
    await page.goto(`${base}#/author`);
    await page.waitForSelector('[data-testid="items"]');
    const all = await page.locator('[data-testid="items"] > li').count();
    await page.selectOption('#filter-rule', 'markdown/html');
    await expect.poll(() => page.locator('[data-testid="items"] > li').count()).toBe(1);
    expect(await page.textContent('[data-testid="items"]')).toContain(inertId);
    await page.selectOption('#filter-rule', '');
    await page.selectOption('#filter-status', 'draft');
    await page.waitForSelector('[data-testid="unpublished"] li[data-status="draft"]');
    expect(await page.textContent('[data-testid="unpublished"]')).toContain('cv-preview-draft');
    await expect.poll(() => page.locator('[data-testid="items"] > li').count()).toBe(0);
    await page.selectOption('#filter-status', '');
    await expect.poll(() => page.locator('[data-testid="items"] > li').count()).toBe(all);
    await page.fill('#filter-text', 'carotid');
    await page.keyboard.press('Enter');
    // The runtime's search: the questions that mention the word, no draft (drafts match by id and path).
    await expect
      .poll(async () => {
        const count = await page.locator('[data-testid="items"] > li').count();
        return count > 0 && count < all;
      })
      .toBe(true);
    expect(await page.locator('[data-testid="unpublished"]').count()).toBe(0);
    expect(await page.textContent('[data-testid="items"]')).toContain('cv-calcific-aortic-stenosis');
    await shot(page, 'preview-author');
    expect(await audit(page)).toEqual([]);
    await page.goto(`${base}#/item/${inertId}`);
    await page.waitForSelector('[data-testid="overlay"] .diagnostic');
    const overlay = await page.textContent('[data-testid="overlay"]');
    expect(overlay).toContain('markdown/html');
    expect(overlay).toMatch(/cv-preview-inert-markup\.md:\d+:\d+/);
    expect(
      await page.getAttribute('[data-testid="overlay"] .diagnostic a[title="Open in the editor"]', 'href'),
    ).toMatch(/^vscode:\/\/file\/.*cv-preview-inert-markup\.md:\d+:\d+$/);
    await shot(page, 'preview-overlay');
    expect(await audit(page)).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe('safety', () => {
  it('renders a question with <script> and onerror= inert: no dialog, no script run, no console error', async () => {
    const { page, errors, dialogs } = await open();
    await page.goto(`${base}#/item/${inertId}`);
    await page.waitForSelector('[data-testid="stem"]');
    expect(await page.textContent('[data-testid="stem"]')).toContain('A 78-year-old man');
    expect(await page.locator('main script, main [onerror]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as Browserish).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('refuses paths outside the preview, encoded or not, and requests for other host names', async () => {
    const raw = (pathname: string, host = new URL(base).host) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(base);
        const req = request({ host: url.hostname, port: url.port, path: pathname, headers: { host } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    for (const attack of [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/..%2f..%2fetc%2fpasswd',
      '/%252e%252e%252f%252e%252e%252fetc%252fpasswd',
      '/..%5c..%5cetc%5cpasswd',
      '/bundle/1/../../../etc/passwd',
      '/bundle/1/%2e%2e/%2e%2e/qbank.config.json',
      '/bundle/1/..%00/manifest.json',
    ]) {
      const response = await raw(attack);
      expect(response.status, attack).toBe(400);
      expect(response.body).not.toContain('root:');
    }
    expect((await raw('/bundle/1/manifest.json')).status).toBe(200);
    expect((await raw('/etc/passwd')).status).toBe(404);
    expect((await raw('/', 'attacker.example')).status).toBe(403);
    const page = await fetch(base);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('sends no request away from 127.0.0.1', () => {
    expect(requests.length).toBeGreaterThan(0);
    const away = requests.filter((url) => !url.startsWith(base) && !url.startsWith('data:'));
    expect(away).toEqual([]);
  });
});
