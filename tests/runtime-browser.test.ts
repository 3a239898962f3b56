// @qbank/runtime in a real browser: the examples/tutor page, bundled with esbuild, runs a 10-question tutor
// block from a bundle built by the CLI and served over HTTP, and shows integrity and format errors.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleBlock, openBundle, scoreBlock, type StudyBlock } from '../packages/runtime/src/index.js';
import { bundleFormatVersion } from '@qbank/bundle';
import { fromDirectory } from '../packages/runtime/src/node.js';
import { buildBank, writeBank } from './fixtures/runtime/bank.js';
import { repoRoot } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const example = path.join(repoRoot, 'examples/tutor');
const work = makeTempDir('runtime-browser');
const bundles = path.join(work, 'served');
const seed = 'e2e-learner:1';
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json' };
let server: Server;
let base: string;
let browser: Browser;
let block: StudyBlock;

/** Bundle the example page's script with the runtime from source, as an app's bundler would. */
async function bundleExample(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(example, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // Workspace packages the runtime imports (@qbank/bundle) from their sources too.
    conditions: ['qbank-source'],
    plugins: [
      {
        name: 'qbank-runtime-source',
        setup(b) {
          b.onResolve({ filter: /^@qbank\/runtime$/ }, () => ({
            path: path.join(repoRoot, 'packages/runtime/src/index.ts'),
          }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}

beforeAll(async () => {
  const bank = path.join(work, 'bank');
  writeBank(bank, 30);
  await buildBank(bank, path.join(bundles, 'bundle'));
  block = await assembleBlock(await openBundle(fromDirectory(path.join(bundles, 'bundle'))), {
    seed,
    size: 10,
    mode: 'tutor',
  });

  // A tampered copy: one byte of the chunk the first question comes from, changed after the build.
  cpSync(path.join(bundles, 'bundle'), path.join(bundles, 'tampered'), { recursive: true });
  const chunk = path.join(bundles, 'tampered/questions', `${block.questions[0]!.system}.json`);
  writeFileSync(chunk, readFileSync(chunk, 'utf8').replace('Explanation of case', 'Explanation of base'));
  // A bundle from a future major format.
  cpSync(path.join(bundles, 'bundle'), path.join(bundles, 'future'), { recursive: true });
  const manifest = path.join(bundles, 'future/manifest.json');
  const current = `"bundleFormat": "${bundleFormatVersion}"`;
  expect(readFileSync(manifest, 'utf8')).toContain(current);
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(current, '"bundleFormat": "2.0.0"'));

  const script = await bundleExample();
  server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    const pathname = decodeURIComponent(url.pathname);
    let body: Buffer | string;
    try {
      if (pathname === '/' || pathname === '/index.html') body = readFileSync(path.join(example, 'index.html'));
      else if (pathname === '/main.js') body = script;
      else body = readFileSync(path.join(bundles, path.normalize(pathname).replace(/^[/\\]+/, '')));
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const type = types[path.extname(pathname === '/' ? '/index.html' : pathname)] ?? 'application/octet-stream';
    res.writeHead(200, { 'content-type': type }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  rmSync(work, { recursive: true, force: true });
});

/** A page that records errors and every request. */
async function open(query: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => (m.type() === 'error' ? errors.push(m.text()) : undefined));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${base}/?${query}`);
  return { page, errors, requests };
}

describe('examples/tutor in Chromium', () => {
  it('type-checks against the public API with DOM types only', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', path.join(example, 'tsconfig.json')], { stdio: 'pipe' });
  });

  it('runs a 10-question tutor block: answer, explanation, finish, score by system', async () => {
    const { page, errors, requests } = await open(`bundle=/bundle/&seed=${encodeURIComponent(seed)}&size=10`);
    const answers: Record<string, string> = {};
    for (const [i, question] of block.questions.entries()) {
      await expect.poll(() => page.getByTestId('progress').textContent()).toBe(`Question ${i + 1} of 10`);
      // The browser built the same block and option order as Node from the same seed.
      expect(await page.getByTestId('stem').getAttribute('data-question')).toBe(question.id);
      const shown = await page.locator('[data-testid=choices] button').allTextContents();
      expect(shown).toEqual(question.choices.map((c) => `${c.letter}. ${c.text}`));

      const letter = i % 3 === 2 ? question.choices.find((c) => c.letter !== question.answer)!.letter : question.answer;
      answers[question.id] = letter;
      await page.locator(`[data-testid=choices] button[data-letter=${letter}]`).click();
      await page.getByTestId('submit').click();
      const explanation = page.getByTestId('explanation');
      await expect.poll(() => explanation.isVisible()).toBe(true);
      expect(await explanation.textContent()).toContain(`Explanation of case ${Number(question.id.slice(2))}.`);
      expect(await page.getByTestId('verdict').textContent()).toBe(
        letter === question.answer ? 'Correct' : `Incorrect: the answer is ${question.answer}`,
      );
      expect(await page.locator('.rationale').count()).toBe(question.choices.length);
      if (i === 0) {
        const shot = path.join(repoRoot, 'tests/artifacts/runtime-tutor.png');
        mkdirSync(path.dirname(shot), { recursive: true });
        await page.screenshot({ path: shot, fullPage: true });
      }
      await page.getByTestId(i === 9 ? 'finish' : 'next').click();
    }

    const score = scoreBlock(block, answers);
    expect(score.correct).toBe(7);
    await expect.poll(() => page.getByTestId('total').textContent()).toBe(`7 of 10 correct (70%)`);
    const rows = await page
      .locator('[data-testid=by-system] tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-system'),
          ...[...tr.querySelectorAll('td')].map((td) => td.textContent),
        ]),
      );
    expect(rows).toEqual(score.bySystem.map((r) => [r.id, r.label, `${r.correct} / ${r.total}`, `${r.percent}%`]));
    expect(await page.getByTestId('review').locator('li').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(requests.every((url) => url.startsWith(base))).toBe(true);
    await page.close();
  });

  it('rejects a chunk tampered with after the build and shows the integrity error', async () => {
    const { page, errors } = await open(`bundle=/tampered/&seed=${encodeURIComponent(seed)}&size=10`);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.getAttribute('data-code')).toBe('bundle/integrity');
    const text = await alert.textContent();
    expect(text).toContain('BundleIntegrityError');
    expect(text).toContain(`Unexpected bytes in \`questions/${block.questions[0]!.system}.json\``);
    expect(await page.getByTestId('stem').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('tells the learner the app is too old for a bundle of a newer major format', async () => {
    const { page } = await open('bundle=/future/');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.isVisible()).toBe(true);
    expect(await alert.textContent()).toContain('BundleFormatError');
    expect(await alert.textContent()).toContain('this app is too old for the bundle');
    await page.close();
  });
});
