// QTI 3.0 items exported from a built bundle, played by a real QTI 3 player: the QTI 3 web components of
// @citolab/qti-components, loaded in headless Chromium. Every item renders (stem, choices, images), the key
// scores 1 and every other option 0, and the chosen option's rationale and the explanation show.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQtiPackage } from '@qbank/export';
import { htmlToText, openBundle, type BundleQuestion } from '@qbank/runtime';
import { fromDirectory } from '@qbank/runtime/node';
import { validateXML } from 'xmllint-wasm';
import { launchChromium } from './helpers/browser.js';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const require = createRequire(import.meta.url);
const work = makeTempDir('export-qti-player');
const origin = 'http://qti.test';
let browser: Browser;
let files: Map<string, Uint8Array>;
let questions: BundleQuestion[];

beforeAll(async () => {
  const out = path.join(work, 'bundle');
  const bank = path.join(repoRoot, 'tests/fixtures/export/bank');
  const result = await runQbank(['build', '--out', out], bank, { SOURCE_DATE_EPOCH: '1767225600' });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const bundle = await openBundle(fromDirectory(out));
  files = (await buildQtiPackage(bundle)).files;
  questions = await bundle.questions();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** A page whose only content is the player showing one item; the package's files are served from memory. */
async function openItem(href: string, served: Map<string, Uint8Array> = files): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const player = readFileSync(require.resolve('@citolab/qti-components/cdn/index.global.js'));
  const css = readFileSync(require.resolve('@citolab/qti-components/item.css'));
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/item.css">' +
    `<script src="/player.js"></script></head><body><qti-item><item-container item-url="/${href}">` +
    '</item-container></qti-item></body></html>';
  await page.route(`${origin}/**`, async (route) => {
    const file = decodeURIComponent(new URL(route.request().url()).pathname.slice(1));
    if (file === 'index.html') return route.fulfill({ contentType: 'text/html', body: html });
    if (file === 'player.js') return route.fulfill({ contentType: 'text/javascript', body: player });
    if (file === 'item.css') return route.fulfill({ contentType: 'text/css', body: css });
    const bytes = served.get(file);
    if (!bytes) return route.fulfill({ status: 404, body: '' });
    const type = file.endsWith('.xml') ? 'application/xml' : file.endsWith('.svg') ? 'image/svg+xml' : 'image/png';
    return route.fulfill({ contentType: type, body: Buffer.from(bytes) });
  });
  await page.goto(`${origin}/index.html`);
  await page.locator('qti-simple-choice').first().waitFor();
  return page;
}

// Scripts run in the page (as text: these tests compile without the DOM library).
const item = "document.querySelector('item-container').shadowRoot.querySelector('qti-assessment-item')";
const feedback = `[...${item}.querySelectorAll('qti-modal-feedback')]`;
const opened = "(f) => !!f.shadowRoot?.querySelector('dialog[open]')";

/** Choose an option as a candidate does (a click), end the attempt, and read SCORE and the feedback shown. */
async function answer(page: Page, identifier: string): Promise<{ score: number; shown: string[] }> {
  await page.locator(`qti-simple-choice[identifier="${identifier}"]`).click();
  await page.evaluate(`${item}.processResponse()`);
  // Feedback dialogs open on the player's next render.
  await page.waitForFunction(`${feedback}.every((f) => (f.showStatus === 'on') === (${opened})(f))`);
  return (await page.evaluate(
    `({ score: Number(${item}.getOutcome('SCORE').value), shown: ${feedback}.filter(${opened}).map((f) => f.getAttribute('identifier')) })`,
  )) as { score: number; shown: string[] };
}

/** Choose an option, end the attempt and read SCORE only; then close the feedback, as a candidate does. */
async function score(page: Page, identifier: string): Promise<number> {
  await page.locator(`qti-simple-choice[identifier="${identifier}"]`).click();
  const value = (await page.evaluate(
    `(${item}.processResponse(), Number(${item}.getOutcome('SCORE').value))`,
  )) as number;
  await page.waitForFunction(`${feedback}.some(${opened})`);
  await page.evaluate(`${feedback}.forEach((f) => f.shadowRoot?.querySelector('dialog[open]')?.close())`);
  return value;
}

/** What the player shows of the item. */
interface Shown {
  stem: string;
  prompt: string;
  choices: [string, string][];
  images: { ok: boolean; alt: string }[];
}

const showScript = `(() => {
  const shown = ${item};
  return {
    stem: shown.querySelector('.qbank-stem').textContent.replace(/\\s+/g, ' ').trim(),
    prompt: shown.querySelector('qti-prompt').textContent.trim(),
    choices: [...shown.querySelectorAll('qti-simple-choice')].map((c) => [c.getAttribute('identifier'), c.textContent.trim()]),
    images: [...shown.querySelectorAll('img')].map((img) => ({ ok: img.complete && img.naturalWidth > 0, alt: img.alt })),
  };
})()`;

const orderScript = `[...${item}.querySelectorAll('qti-simple-choice')].map((e) => e.getAttribute('identifier'))`;

describe('@citolab/qti-components plays every exported item', () => {
  it('shows the stem, the lead-in, every option and the images', async () => {
    for (const question of questions) {
      const page = await openItem(`items/${question.id}.xml`);
      const shown = (await page.evaluate(showScript)) as Shown;
      expect(shown.stem).toBe(htmlToText(question.stem).replace(/\s+/g, ' ').trim());
      expect(shown.prompt).toBe(htmlToText(question.leadIn).trim());
      expect(Object.fromEntries(shown.choices)).toEqual(
        Object.fromEntries(question.choices.map((c) => [c.letter, c.text])),
      );
      expect(shown.images.every((image) => image.ok && image.alt)).toBe(true);
      if (question.stem.includes('<img')) expect(shown.images.length).toBeGreaterThan(0);
      await page.close();
    }
  });

  it("scores the key 1 and every other option 0, and shows that option's rationale and the explanation", async () => {
    for (const question of questions) {
      for (const choice of question.choices) {
        // A fresh attempt each time: the feedback dialogs of the last one would cover the options.
        const page = await openItem(`items/${question.id}.xml`);
        const result = await answer(page, choice.letter);
        await page.close();
        expect({ id: question.id, choice: choice.letter, score: result.score }).toEqual({
          id: question.id,
          choice: choice.letter,
          score: choice.letter === question.answer ? 1 : 0,
        });
        expect(result.shown.sort()).toEqual([...(choice.rationale ? [choice.letter] : []), 'EXPLANATION'].sort());
      }
    }
  });

  it('keeps "None of the above" last while shuffling the other options', async () => {
    const orders = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const page = await openItem('items/renal-spironolactone-hyperkalemia.xml');
      const order = (await page.evaluate(orderScript)) as string[];
      expect(order.at(-1)).toBe('D');
      orders.add(order.join(''));
      await page.close();
    }
    // Numeric options are never shuffled: the runtime sorts them instead.
    const page = await openItem('items/biostat-ppv.xml');
    expect((await page.evaluate(orderScript)) as string[]).toEqual(['A', 'B', 'C', 'D']);
    await page.close();
    expect(orders.size).toBeGreaterThan(1);
  });

  it('renders the item with its image and feedback (screenshot in tests/artifacts)', async () => {
    const page = await openItem('items/cv-mi.xml');
    await answer(page, 'A');
    mkdirSync(path.join(repoRoot, 'tests/artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'tests/artifacts/qti-player-item.png'), fullPage: true });
    await page.close();
  });

  it('plays every question of the sample bank: key 1 with its feedback, every other option 0', async () => {
    const out = path.join(work, 'sample');
    const built = await runQbank(['build', '--out', out, '--quiet'], repoRoot, { SOURCE_DATE_EPOCH: '1767225600' });
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const bundle = await openBundle(fromDirectory(out));
    const sample = (await buildQtiPackage(bundle)).files;
    const all = await bundle.questions();
    expect(all.length).toBeGreaterThanOrEqual(40);
    // Every item is also valid against the team's QTI 3.0 subset schema (not the official XSD).
    const xsd = (name: string) => ({
      fileName: name,
      contents: readFileSync(path.join(repoRoot, 'tests/fixtures/export/xsd', name), 'utf8'),
    });
    const items = [...sample]
      .filter(([file]) => file.startsWith('items/'))
      .map(([fileName, bytes]) => ({ fileName, contents: Buffer.from(bytes).toString('utf8') }));
    const schema = await validateXML({ xml: items, schema: [xsd('qti3-item-subset.xsd')], preload: [xsd('xml.xsd')] });
    expect(schema.errors).toEqual([]);
    for (const question of all) {
      const page = await openItem(`items/${question.id}.xml`, sample);
      const shown = (await page.evaluate(showScript)) as Shown;
      expect(Object.fromEntries(shown.choices)).toEqual(
        Object.fromEntries(question.choices.map((c) => [c.letter, c.text])),
      );
      expect(shown.images.every((image) => image.ok && image.alt)).toBe(true);
      // The key first: its rationale and the explanation open; then every other option, scored.
      const key = await answer(page, question.answer);
      expect([question.id, key.score, key.shown.sort()]).toEqual([
        question.id,
        1,
        [question.answer, 'EXPLANATION'].sort(),
      ]);
      await page.evaluate(`${feedback}.forEach((f) => f.shadowRoot?.querySelector('dialog[open]')?.close())`);
      for (const choice of question.choices.filter((c) => c.letter !== question.answer)) {
        expect([question.id, choice.letter, await score(page, choice.letter)]).toEqual([question.id, choice.letter, 0]);
      }
      await page.close();
    }
  }, 300_000);
});
