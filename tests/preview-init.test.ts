// `qbank preview` in a fresh bank made by `qbank init`: the first build is good and the page is served,
// and the preview writes nothing into the bank but the cache.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCli, type CliValues } from '../packages/cli/src/lib/cli.js';
import { runPreview } from '../packages/cli/src/lib/preview.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('preview-init');
const bank = path.join(work, 'bank');

afterAll(() => rmSync(work, { recursive: true, force: true }));

it('serves a bank made by qbank init, with its first build good, and writes nothing into it but the cache', async () => {
  const quiet = { cwd: work, env: { NO_COLOR: '1' }, isTTY: false, stdout: () => undefined, stderr: () => undefined };
  expect(await runCli(['init', bank, '--name', 'Fresh bank'], quiet)).toBe(0);
  const before = readdirSync(bank).sort();
  const controller = new AbortController();
  let stopped: Promise<number> | undefined;
  const base = await new Promise<string>((resolve, reject) => {
    stopped = runPreview(
      [],
      { port: '0' } as CliValues,
      { ...quiet, cwd: bank },
      {
        signal: controller.signal,
        onListening: resolve,
      },
    );
    stopped.catch(reject);
  });
  try {
    let state = { build: 0, ok: false, version: 0 };
    for (let i = 0; i < 600 && state.build === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await (await fetch(`${base}api/state`)).json()) as typeof state;
    }
    expect(state).toMatchObject({ build: 1, ok: true, version: 1 });
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
    const manifest = (await (await fetch(`${base}bundle/1/manifest.json`)).json()) as { bank: { name: string } };
    expect(manifest.bank.name).toBe('Fresh bank');
  } finally {
    controller.abort();
    expect(await stopped).toBe(0);
  }
  expect(
    readdirSync(bank)
      .filter((name) => name !== '.qbank-cache')
      .sort(),
  ).toEqual(before);
});
