// `qbank preview` in Chromium: the glossary's terms in a question are buttons, reached by keyboard or
// tapped, that show the term's plain-language definition (and its translation in the language the
// student picked) under the paragraph; axe-core finds nothing serious. A temporary copy of the sample bank.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { launchChromium, seriousViolations as audit } from './helpers/browser.js';
import { repoRoot } from './helpers/cli.js';
import { copySampleBank, makeTempDir } from './helpers/fs.js';
import { startPreview, type PreviewServer } from './helpers/preview-server.js';

const work = makeTempDir('preview-glossary');
const bank = path.join(work, 'bank');
const artifacts = path.join(repoRoot, 'tests/artifacts');
const glossary = parse(readFileSync(path.join(repoRoot, 'content/glossary.yaml'), 'utf8')) as {
  terms: { term: string; variants?: string[]; definition: string; translations?: Record<string, string> }[];
};
/** A question with terms in its stem (blood pressure among them), lead-in and options. */
const questionId = 'gi-clostridioides-difficile-toxin-mechanism';
let server: PreviewServer;
let base: string;
let browser: Browser;

/** What the browser-side functions below use of the page (the tests are type-checked without the DOM library). */
interface Browserish {
  document: {
    activeElement: { className: string; textContent: string | null } | null;
    documentElement: { dataset: Record<string, string | undefined> };
    querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; dataset: Record<string, string> }>;
  };
}

async function open(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, hasTouch: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  await page.goto(`${base}#/item/${questionId}`);
  await page.waitForSelector('[data-testid="stem"] button.term');
  return { page, errors };
}

/** The entry a term button names (`data-term`). */
async function entryOf(page: Page, selector: string): Promise<(typeof glossary.terms)[number]> {
  return glossary.terms[Number(await page.getAttribute(selector, 'data-term'))]!;
}

beforeAll(async () => {
  copySampleBank(bank);
  mkdirSync(artifacts, { recursive: true });
  server = await startPreview(bank);
  base = server.base;
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('glossary terms in the preview', () => {
  it('marks every term of the question with a button whose text is one of its names', async () => {
    const { page, errors } = await open();
    const terms = await page.evaluate(() =>
      Array.from((globalThis as unknown as Browserish).document.querySelectorAll('article button.term'), (b) => ({
        text: b.textContent ?? '',
        index: Number(b.dataset.term),
      })),
    );
    // Stem 2, options 4 (the bundle's term ranges of this question).
    expect(terms.length).toBe(6);
    for (const { text, index } of terms) {
      const entry = glossary.terms[index]!;
      expect([entry.term, ...(entry.variants ?? [])].map((n) => n.toLowerCase())).toContain(text.toLowerCase());
    }
    expect(errors).toEqual([]);
  });

  it('shows the definition when a term is reached by Tab and pressed, and hides it on Escape', async () => {
    const { page } = await open();
    for (let i = 0; i < 60; i++) {
      const focused = await page.evaluate(
        () => (globalThis as unknown as Browserish).document.activeElement?.className,
      );
      if (focused === 'term') break;
      await page.keyboard.press('Tab');
    }
    const focused = 'button.term:focus';
    const entry = await entryOf(page, focused);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.isVisible('[data-testid="definition"]')).toBe(true);
    expect(await page.textContent('[data-testid="definition-text"]')).toBe(entry.definition);
    expect(await page.textContent('#definition dfn')).toBe(entry.term);
    expect(await page.getAttribute(focused, 'aria-expanded')).toBe('true');
    // Under the stem, where the term is.
    expect(await page.isVisible('#stem + #definition')).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'preview-glossary.png') });
    expect(await audit(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.isHidden('[data-testid="definition"]')).toBe(true);
    expect(await page.getAttribute(focused, 'aria-expanded')).toBe('false');
  });

  it('shows a term of an option when tapped, without choosing the option', async () => {
    const { page } = await open();
    const term = '.choice button.term >> nth=0';
    const entry = await entryOf(page, term);
    await page.tap(term);
    await expect.poll(() => page.textContent('[data-testid="definition-text"]')).toBe(entry.definition);
    expect(await page.isVisible('.choice + #definition')).toBe(true);
    expect(await page.locator('input[type="radio"]:checked').count()).toBe(0);
    // Tapped again: closed.
    await page.tap(term);
    await expect.poll(() => page.isHidden('[data-testid="definition"]')).toBe(true);
  });

  it('adds the translation in the language the student picked', async () => {
    const { page } = await open();
    await page.selectOption('#term-language', 'es');
    const bp = glossary.terms.findIndex((t) => t.term === 'blood pressure');
    await page.click(`#stem button.term[data-term="${bp}"]`);
    await expect
      .poll(() => page.textContent('[data-testid="definition-translation"]'))
      .toBe('Spanish: presión arterial');
    expect(await page.getAttribute('[data-testid="definition-translation"] span', 'lang')).toBe('es');
    expect(await audit(page)).toEqual([]);
  });

  it('keeps the page policy: scripts from the page only, nothing inline', async () => {
    const response = await fetch(base);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });
});
