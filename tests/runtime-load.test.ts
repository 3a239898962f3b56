// @qbank/runtime: opening bundles built by the real CLI, lazy verified loading, sources and errors.
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BundleError,
  BundleFormatError,
  BundleIntegrityError,
  BundleReadError,
  UnknownItemError,
  fromFiles,
  fromUrl,
  openBundle,
  sha256,
  type BundleSource,
} from '../packages/runtime/src/index.js';
import { sha256Sync } from '../packages/runtime/src/lib/sha256.js';
import { decodeUtf8Js } from '../packages/runtime/src/lib/utf8.js';
import { fromDirectory } from '../packages/runtime/src/node.js';
import { buildBank, writeBank } from './fixtures/runtime/bank.js';
import { listFiles, makeTempDir } from './helpers/fs.js';

const work = makeTempDir('runtime-load');
const bank = path.join(work, 'bank');
const out = path.join(work, 'bundle');
const exam = path.join(work, 'exam');
beforeAll(async () => {
  writeBank(bank, 30);
  await buildBank(bank, out);
  await buildBank(bank, exam, '--profile', 'exam');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A source that records every path read. */
function counting(source: BundleSource) {
  const reads: string[] = [];
  return {
    reads,
    source: { read: (p: string, f?: Parameters<BundleSource['read']>[1]) => (reads.push(p), source.read(p, f)) },
  };
}

/** A copy of the built bundle to tamper with. */
function copyBundle(name: string): string {
  const dir = path.join(work, name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(out, dir, { recursive: true });
  return dir;
}

describe('openBundle', () => {
  it('reads only the manifest when it opens, each chunk on first use, and caches it', async () => {
    const { reads, source } = counting(fromDirectory(out));
    const bundle = await openBundle(source);
    expect(reads).toEqual(['manifest.json']);
    expect(bundle.manifest.bank).toEqual({ name: 'Runtime fixture', version: '1.0.0' });
    expect(bundle.items.filter((i) => i.type === 'question')).toHaveLength(30);
    expect(bundle.item('q-000')).toMatchObject({ type: 'question', chunk: 'questions/cardiovascular.json' });

    const question = await bundle.question('q-000');
    expect(question.stem).toContain('troponin');
    expect(question.answer).toBe('A');
    await bundle.question('q-010');
    await Promise.all([bundle.question('q-020'), bundle.note('n-heart'), bundle.note('n-vessels')]);
    expect(reads).toEqual(['manifest.json', 'questions/cardiovascular.json', 'notes/cardiovascular.json']);

    const all = await bundle.questions();
    expect(all.map((q) => q.id)).toEqual(bundle.items.filter((i) => i.type === 'question').map((i) => i.id));
    expect(new Set(reads).size).toBe(reads.length);
    expect(await bundle.changelog()).toMatchObject({ from: null, to: '1.0.0' });
    expect((await bundle.curriculum())!.systems['cardiovascular']).toContain('n-heart');
  });

  it('loads the same questions from an exam-profile bundle, answers merged from answers/', async () => {
    const { reads, source } = counting(fromDirectory(exam));
    const bundle = await openBundle(source);
    expect(bundle.manifest.profile).toBe('exam');
    const standard = await openBundle(fromDirectory(out));
    const [a, b] = [await bundle.question('q-004'), await standard.question('q-004')];
    expect(a).toEqual(b);
    expect(reads).toEqual(['manifest.json', 'questions/endocrine.json', 'answers/endocrine.json']);
  });

  it('throws UnknownItemError for ids that are not there or of the other type', async () => {
    const bundle = await openBundle(fromDirectory(out));
    await expect(bundle.question('nope')).rejects.toBeInstanceOf(UnknownItemError);
    await expect(bundle.note('q-000')).rejects.toMatchObject({ code: 'bundle/unknown-item', id: 'q-000' });
  });
});

describe('bundle format', () => {
  it('refuses a newer major format with BundleFormatError (the app is too old)', async () => {
    const dir = copyBundle('future');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, bundleFormat: '2.0.0' }));
    const error = await openBundle(fromDirectory(dir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleFormatError);
    expect(error).toBeInstanceOf(BundleError);
    expect(error).toMatchObject({ name: 'BundleFormatError', code: 'bundle/format-unsupported', found: '2.0.0' });
    expect((error as Error).message).toBe(
      'Unexpected bundle format `2.0.0`, expected 1.x: this app is too old for the bundle',
    );
    expect((error as BundleError).hint).toMatch(/^Update the app/);
  });

  it('accepts a newer minor format and ignores fields it does not know', async () => {
    const dir = copyBundle('minor');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ ...manifest, bundleFormat: '1.7.0', futureField: 1 }),
    );
    const bundle = await openBundle(fromDirectory(dir));
    expect((await bundle.question('q-001')).id).toBe('q-001');
  });

  it('says when manifest.json is not a manifest at all', async () => {
    const bytes = (text: string) => openBundle(fromFiles({ 'manifest.json': text })).catch((e: unknown) => e);
    expect(await bytes('<html>404</html>')).toMatchObject({ code: 'bundle/format-invalid', path: 'manifest.json' });
    expect(await bytes('{"items": []}')).toMatchObject({ code: 'bundle/format-invalid', found: null });
  });
});

describe('integrity', () => {
  it('rejects a chunk whose bytes changed on disk after the build, and never returns its data', async () => {
    const dir = copyBundle('tampered');
    const file = path.join(dir, 'questions/cardiovascular.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"answer":"A"', '"answer":"B"'));
    const bundle = await openBundle(fromDirectory(dir));
    const error = await bundle.question('q-000').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleIntegrityError);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    const entry = manifest.files.find((f: { path: string }) => f.path === 'questions/cardiovascular.json');
    expect(error).toMatchObject({
      code: 'bundle/integrity',
      path: 'questions/cardiovascular.json',
      problem: 'digest',
      expected: entry.sha256,
      actual: createHash('sha256').update(readFileSync(file)).digest('hex'),
    });
    // Other chunks still load; the bad one keeps failing (failures are not cached as data).
    expect((await bundle.question('q-001')).id).toBe('q-001');
    await expect(bundle.question('q-010')).rejects.toBeInstanceOf(BundleIntegrityError);
  });

  it('rejects a truncated chunk', async () => {
    const dir = copyBundle('truncated');
    const file = path.join(dir, 'notes/multisystem.json');
    writeFileSync(file, readFileSync(file).subarray(0, 100));
    const bundle = await openBundle(fromDirectory(dir));
    await expect(bundle.note('n-atp')).rejects.toMatchObject({ problem: 'size', path: 'notes/multisystem.json' });
  });

  it('rejects files the manifest does not list, and reports unreadable ones', async () => {
    const dir = copyBundle('missing');
    unlinkSync(path.join(dir, 'questions/respiratory.json'));
    const bundle = await openBundle(fromDirectory(dir));
    await expect(bundle.readFile('secrets.json')).rejects.toMatchObject({ problem: 'unlisted' });
    const error = await bundle.question('q-001').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleReadError);
    expect(error).toMatchObject({ path: 'questions/respiratory.json', code: 'bundle/read' });
  });

  it('checks manifest.json itself against a pinned sha256', async () => {
    const digest = createHash('sha256')
      .update(readFileSync(path.join(out, 'manifest.json')))
      .digest('hex');
    await expect(openBundle(fromDirectory(out), { manifestSha256: digest })).resolves.toBeTruthy();
    await expect(openBundle(fromDirectory(out), { manifestSha256: '0'.repeat(64) })).rejects.toMatchObject({
      path: 'manifest.json',
      problem: 'digest',
    });
  });

  it('verifies with the pure JavaScript SHA-256 where Web Crypto is missing (React Native, plain http)', async () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 1000, 100_000]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      const expected = createHash('sha256').update(bytes).digest('hex');
      expect(sha256Sync(bytes)).toBe(expected);
      expect(await sha256(bytes)).toBe(expected);
    }
    const bundle = await openBundle(fromDirectory(out), { digest: async (b) => sha256Sync(b) });
    expect((await bundle.note('n-heart')).title).toBe('The heart');
  });

  it('decodes UTF-8 without TextDecoder the same way', () => {
    const text = 'Résumé — ΔpH ≥ 7.4 🫀\u00a0end'.repeat(1000);
    expect(decodeUtf8Js(new TextEncoder().encode(`\ufeff${text}`))).toBe(text);
    const chunk = readFileSync(path.join(out, 'questions/cardiovascular.json'));
    expect(decodeUtf8Js(chunk)).toBe(new TextDecoder().decode(chunk));
  });
});

describe('sources', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url!);
      const file = path.join(
        out,
        decodeURIComponent(new URL(req.url!, 'http://x').pathname).replace(/^\/bundle\//, ''),
      );
      try {
        res.end(readFileSync(file));
      } catch {
        res.statusCode = 404;
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/bundle`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fromUrl fetches over HTTP, with the file hash in the URL so caches never mix releases', async () => {
    const bundle = await openBundle(fromUrl(base));
    const note = await bundle.note('n-membrane-potential');
    expect(note.html).toContain('potassium');
    const entry = bundle.manifest.files.find((f) => f.path === 'notes/multisystem.json')!;
    expect(requests).toEqual([
      '/bundle/manifest.json',
      `/bundle/notes/multisystem.json?v=${entry.sha256.slice(0, 16)}`,
    ]);
    const error = await bundle.readFile('missing.json').catch((e: unknown) => e);
    expect(error).toMatchObject({ problem: 'unlisted' });
    await expect(openBundle(fromUrl(`${base}/nowhere/`))).rejects.toMatchObject({
      name: 'BundleReadError',
      message: expect.stringContaining('HTTP 404'),
    });
  });

  it('fromUrl takes the app own fetch (auth headers, React Native)', async () => {
    const seen: string[] = [];
    const bundle = await openBundle(
      fromUrl(`${base}/`, {
        cacheBust: false,
        fetch: async (url, init) => (seen.push(`${url} ${init?.cache ?? ''}`), fetch(url)),
      }),
    );
    await bundle.note('n-atp');
    expect(seen).toEqual([`${base}/manifest.json no-cache`, `${base}/notes/multisystem.json `]);
  });

  it('fromFiles serves files already in memory', async () => {
    const files = Object.fromEntries(listFiles(out).map((f) => [f, readFileSync(path.join(out, f))]));
    const bundle = await openBundle(fromFiles(new Map(Object.entries(files))));
    expect((await bundle.question('q-003')).choices.at(-1)!.text).toBe('All of the above');
  });

  it('fromDirectory refuses paths outside the bundle', async () => {
    await expect(fromDirectory(out).read('../bank/qbank.config.json')).rejects.toThrow(/outside the bundle/);
  });
});
