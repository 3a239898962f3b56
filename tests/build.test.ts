import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleManifest, BundleQuestion, BundleNote } from '@qbank/compiler';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir, listFiles } from './helpers/fs.js';

const fixture = path.join(repoRoot, 'tests/fixtures/banks/small');
let work: string;

beforeAll(() => {
  work = makeTempDir('build');
  cpSync(fixture, path.join(work, 'bank'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Check every file the manifest lists against its size and hashes. */
function verifyBundle(dir: string): BundleManifest {
  const manifest = readJson<BundleManifest>(path.join(dir, 'manifest.json'));
  for (const entry of manifest.files) {
    const bytes = readFileSync(path.join(dir, entry.path));
    expect(bytes.length).toBe(entry.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    expect(entry.integrity).toBe(`sha256-${createHash('sha256').update(bytes).digest('base64')}`);
  }
  expect(listFiles(dir).sort()).toEqual([...manifest.files.map((f) => f.path), 'manifest.json'].sort());
  return manifest;
}

describe('qbank build', () => {
  it('compiles published items into a verified bundle', async () => {
    const bank = path.join(work, 'bank');
    const result = await runQbank(['build'], bank);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('bundle written to out/bundle: 1 questions, 1 notes, 1 assets');
    const out = path.join(bank, 'out/bundle');
    const manifest = verifyBundle(out);
    expect(manifest).toMatchObject({
      bundleFormat: '1.1.0',
      bank: { name: 'Small fixture bank', version: '1.2.3' },
      taxonomy: { id: 'usmle-step1', label: 'USMLE Step 1' },
      counts: { questions: 1, notes: 1, assets: 1 },
    });
    expect(manifest.items.map((i) => [i.id, i.type, i.chunk])).toEqual([
      ['coronary-artery-disease', 'note', 'notes/cardiovascular.json'],
      ['cv-mi', 'question', 'questions/cardiovascular.json'],
    ]);

    const { items } = readJson<{ items: BundleQuestion[] }>(path.join(out, 'questions/cardiovascular.json'));
    const [question] = items;
    expect(question!.answer).toBe('B');
    expect(question!.choices.map((c) => [c.letter, c.text])).toEqual([
      ['A', 'Aortic dissection'],
      ['B', 'Acute inferior myocardial infarction'],
      ['C', 'Pericarditis'],
      ['D', 'Pulmonary embolism'],
    ]);
    expect(question!.choices[1]!.html).toBe('Acute <em>inferior</em> myocardial infarction');
    expect(question!.choices[1]!.rationale).toBe('<p>ST elevation in II, III and aVF with a raised troponin.</p>');
    expect(question!.choices[2]!.rationale).toBeNull();
    expect(question!.leadIn).toBe('<p>Which of the following is the <strong>most likely</strong> diagnosis?</p>');
    expect(question!.stem).toContain('<table>');
    expect(question!.stem).not.toContain('script');
    const asset = manifest.files.find((f) => f.path.startsWith('assets/'))!;
    expect(asset.path).toMatch(/^assets\/[0-9a-f]{16}\.png$/);
    expect(question!.stem).toContain(`src="${asset.path}"`);
    expect(question!.notes).toEqual(['coronary-artery-disease']);
    expect(question!.disciplines).toEqual(['pathology', 'physiology']);
    expect(question!.objective).toBe('<p>Recognise an inferior myocardial infarction.</p>');
    expect(question!.references).toBeNull();

    const notes = readJson<{ items: BundleNote[] }>(path.join(out, 'notes/cardiovascular.json')).items;
    expect(notes.map((n) => [n.id, n.questions])).toEqual([['coronary-artery-disease', ['cv-mi']]]);
    // Drafts never reach the bundle.
    expect(readFileSync(path.join(out, 'questions/cardiovascular.json'), 'utf8')).not.toContain('cv-draft');
    expect(JSON.stringify(manifest)).not.toContain('cv-draft');
  });

  it('gives byte-identical bundles from the same sources', async () => {
    const bank = path.join(work, 'bank');
    await runQbank(['build', '--out', 'one'], bank);
    await runQbank(['build', '--out', 'two'], bank);
    const files = listFiles(path.join(bank, 'one')).sort();
    expect(files).toEqual(listFiles(path.join(bank, 'two')).sort());
    for (const file of files) {
      expect(readFileSync(path.join(bank, 'one', file))).toEqual(readFileSync(path.join(bank, 'two', file)));
    }
  });

  it('builds the same bundle from CRLF sources', async () => {
    const crlf = path.join(work, 'crlf');
    cpSync(fixture, crlf, { recursive: true });
    for (const file of listFiles(path.join(crlf, 'content')).filter((f) => f.endsWith('.md'))) {
      const full = path.join(crlf, 'content', file);
      writeFileSync(full, readFileSync(full, 'utf8').replace(/\n/g, '\r\n'));
    }
    expect((await runQbank(['build', '--out', 'crlf-out'], crlf)).code).toBe(0);
    await runQbank(['build', '--out', 'lf-out'], path.join(work, 'bank'));
    expect(readFileSync(path.join(crlf, 'crlf-out/manifest.json'))).toEqual(
      readFileSync(path.join(work, 'bank/lf-out/manifest.json')),
    );
  });

  it('leaves the previous bundle intact when content has errors', async () => {
    const bank = path.join(work, 'broken');
    cpSync(fixture, bank, { recursive: true });
    expect((await runQbank(['build'], bank)).code).toBe(0);
    const before = readFileSync(path.join(bank, 'out/bundle/manifest.json'));
    const file = path.join(bank, 'content/questions/cardiovascular/cv-mi.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- [x] Acute', '- [ ] Acute'));
    const result = await runQbank(['build'], bank);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('question/no-correct-choice');
    expect(result.stderr).toContain('the previous bundle is unchanged');
    expect(readFileSync(path.join(bank, 'out/bundle/manifest.json'))).toEqual(before);
    verifyBundle(path.join(bank, 'out/bundle'));
    expect(readdirSync(path.join(bank, 'out'))).toEqual(['bundle']);
  });

  it('never leaves a half-written bundle when the build process is killed', { timeout: 180_000 }, async () => {
    const bank = path.join(work, 'killed');
    cpSync(fixture, bank, { recursive: true });
    expect((await runQbank(['build'], bank)).code).toBe(0);
    const before = readFileSync(path.join(bank, 'out/bundle/manifest.json'));
    // Enough items that writing takes a while, then kill as soon as the temporary directory appears.
    const source = readFileSync(path.join(bank, 'content/questions/cardiovascular/cv-mi.md'), 'utf8');
    const many = path.join(bank, 'content/questions/many');
    mkdirSync(many, { recursive: true });
    const systems = ['respiratory', 'renal-urinary', 'gastrointestinal', 'endocrine', 'musculoskeletal'];
    for (let i = 0; i < 600; i++) {
      const text = source
        .replace('id: cv-mi', `id: gen-${i}`)
        .replace('system: cardiovascular', `system: ${systems[i % systems.length]}`)
        .replace('crushing', `crushing (${i})`);
      writeFileSync(path.join(many, `gen-${i}.md`), text);
    }
    const child = spawn(process.execPath, [path.join(repoRoot, 'packages/cli/dist/bin.js'), 'build'], {
      cwd: bank,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const out = path.join(bank, 'out');
    let killedMidWrite = false;
    while (child.exitCode === null) {
      if (readdirSync(out).some((name) => name.includes('.tmp-'))) {
        child.kill('SIGKILL');
        killedMidWrite = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await exited;
    // Whatever the timing, out/bundle is a complete, verifiable bundle.
    const manifest = verifyBundle(path.join(out, 'bundle'));
    if (killedMidWrite) {
      expect(readFileSync(path.join(out, 'bundle/manifest.json'))).toEqual(before);
    } else {
      expect(manifest.counts.questions).toBe(601);
    }
    // The next build cleans up what the killed one left behind.
    expect((await runQbank(['build'], bank)).code).toBe(0);
    expect(readdirSync(out)).toEqual(['bundle']);
    expect(verifyBundle(path.join(out, 'bundle')).counts.questions).toBe(601);
  });

  it('rebuilds on save in --watch mode', async () => {
    const bank = path.join(work, 'watched');
    cpSync(fixture, bank, { recursive: true });
    const child = spawn(process.execPath, [path.join(repoRoot, 'packages/cli/dist/bin.js'), 'build', '--watch'], {
      cwd: bank,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const waitFor = async (count: number) => {
      for (let i = 0; i < 600 && (stderr.match(/bundle written/g) ?? []).length < count; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return (stderr.match(/bundle written/g) ?? []).length;
    };
    try {
      expect(await waitFor(1)).toBe(1);
      const before = readFileSync(path.join(bank, 'out/bundle/manifest.json'), 'utf8');
      const file = path.join(bank, 'content/questions/cardiovascular/cv-mi.md');
      writeFileSync(file, readFileSync(file, 'utf8').replace('crushing', 'pressure-like'));
      expect(await waitFor(2)).toBe(2);
      expect(readFileSync(path.join(bank, 'out/bundle/manifest.json'), 'utf8')).not.toBe(before);
      expect(stderr).toMatch(/built in \d+ ms; watching for changes/);
      // Only the edited file is read and checked again; the others come from memory.
      expect(stderr).toMatch(/files: 1 parsed, 3 from the cache/);
      // Writing the bundle (under the config's `out`, inside the watched folder) starts no build.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect((stderr.match(/bundle written/g) ?? []).length).toBe(2);
      // A folder made while watching is watched too: its new question is built, and so is an edit to it.
      const added = path.join(bank, 'content/questions/renal/cv-mi-copy.md');
      mkdirSync(path.dirname(added));
      writeFileSync(added, readFileSync(file, 'utf8').replace(/^id: .*$/m, 'id: cv-mi-copy'));
      expect(await waitFor(3)).toBe(3);
      const manifest = () => JSON.parse(readFileSync(path.join(bank, 'out/bundle/manifest.json'), 'utf8'));
      expect(manifest().items.map((item: { id: string }) => item.id)).toContain('cv-mi-copy');
      const hash = manifest().items.find((item: { id: string }) => item.id === 'cv-mi-copy').hash;
      writeFileSync(added, readFileSync(added, 'utf8').replace('pressure-like', 'squeezing'));
      expect(await waitFor(4)).toBe(4);
      expect(manifest().items.find((item: { id: string }) => item.id === 'cv-mi-copy').hash).not.toBe(hash);
      expect(stderr).toMatch(/files: 1 parsed, 4 from the cache/);
      // A file deleted while watching leaves the bundle.
      rmSync(added);
      expect(await waitFor(5)).toBe(5);
      expect(manifest().items.map((item: { id: string }) => item.id)).not.toContain('cv-mi-copy');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
