// The incremental cache (.qbank-cache), run records and worker threads, through the real CLI:
// a cached or parallel build must give exactly the bytes and diagnostics of a cold one, and a
// damaged, stale or missing cache must only cost time.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BundleFileContent, QuestionBody } from '@qbank/compiler';
import { repoRoot, runQbank, spawnQbank } from './helpers/cli.js';
import { listFiles, makeTempDir } from './helpers/fs.js';

const fixture = path.join(repoRoot, 'tests/fixtures/banks/small');
let work: string;

beforeAll(() => {
  work = makeTempDir('cache');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copyBank(name: string): string {
  const bank = path.join(work, name);
  cpSync(fixture, bank, { recursive: true });
  return bank;
}

/** Every file of a bundle directory with its bytes, for byte-for-byte comparison. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir)
      .sort()
      .map((file) => [file, readFileSync(path.join(dir, file)).toString('base64')]),
  );
}

const question = (bank: string) => path.join(bank, 'content/questions/cardiovascular/cv-mi.md');
const cacheFile = (bank: string) => path.join(bank, '.qbank-cache/results.v1');

describe('the incremental cache', () => {
  it('reuses unchanged files and answers an unchanged build from its record, with the same bytes', async () => {
    const bank = copyBank('reuse');
    const cold = await runQbank(['build', '--format', 'json'], bank);
    expect(cold.code).toBe(0);
    expect(cold.stderr).toMatch(/files: 4 parsed, 0 from the cache/);
    expect(existsSync(cacheFile(bank))).toBe(true);
    const bytes = snapshot(path.join(bank, 'out/bundle'));

    const again = await runQbank(['build', '--format', 'json'], bank);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('bundle up to date in out/bundle');
    expect(again.stdout).toBe(cold.stdout);
    expect(snapshot(path.join(bank, 'out/bundle'))).toEqual(bytes);

    // One edited file is parsed again; the others come from the cache.
    writeFileSync(question(bank), readFileSync(question(bank), 'utf8').replace('crushing', 'pressure-like'));
    const edited = await runQbank(['build'], bank);
    expect(edited.code).toBe(0);
    expect(edited.stderr).toMatch(/files: 1 parsed, 3 from the cache/);
    expect(edited.stderr).toContain('bundle written to out/bundle');
    expect(readFileSync(path.join(bank, 'out/bundle/questions/cardiovascular.json'), 'utf8')).toContain(
      'pressure-like',
    );
  });

  it('rebuilds a bundle that was deleted or altered after the recorded build', async () => {
    const bank = copyBank('altered');
    expect((await runQbank(['build'], bank)).code).toBe(0);
    const bytes = snapshot(path.join(bank, 'out/bundle'));
    writeFileSync(path.join(bank, 'out/bundle/questions/cardiovascular.json'), '{}');
    const repaired = await runQbank(['build'], bank);
    expect(repaired.stderr).toContain('bundle written to out/bundle');
    expect(snapshot(path.join(bank, 'out/bundle'))).toEqual(bytes);
    rmSync(path.join(bank, 'out'), { recursive: true });
    expect((await runQbank(['build'], bank)).stderr).toContain('bundle written to out/bundle');
    expect(snapshot(path.join(bank, 'out/bundle'))).toEqual(bytes);
  });

  it.each([
    ['garbage', () => 'not a cache at all\n\u0000\u0001'],
    ['a truncated file', (text: string) => text.slice(0, Math.floor(text.length / 2))],
    ['a flipped byte inside an entry', (text: string) => text.replace('"diagnostics"', '"diagnostiXs"')],
    [
      'an entry with a valid checksum but the wrong shape',
      (text: string) => text.replace(/\n[0-9a-f]{64}\t.*$/s, '\n'),
    ],
    ['an empty file', () => ''],
  ])('recovers from %s: same output as without a cache, and a sound cache again', async (name, damage) => {
    const bank = copyBank(`damaged-${name.replace(/\W+/g, '-')}`);
    const reference = await runQbank(['validate', '--format', 'json', '--no-cache'], bank);
    expect((await runQbank(['validate'], bank)).code).toBe(reference.code);
    writeFileSync(cacheFile(bank), damage(readFileSync(cacheFile(bank), 'utf8')));
    // No run record may answer for the damaged cache: drop them, as an edit would.
    rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
    const damaged = await runQbank(['validate', '--format', 'json'], bank);
    expect(damaged.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(damaged.code).toBe(reference.code);
    expect(damaged.stdout).toBe(reference.stdout);
    // The damaged entries were replaced: the next run reads everything from the cache.
    rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
    const next = await runQbank(['validate', '--format', 'json'], bank);
    expect(next.stderr).toMatch(/files: 0 parsed, 4 from the cache/);
    expect(next.stdout).toBe(reference.stdout);
  });

  it('rebuilds an item whose compiled part is damaged, when a build needs it, and only then', async () => {
    const bank = copyBank('damaged-compiled');
    expect((await runQbank(['build'], bank)).code).toBe(0);
    const bytes = snapshot(path.join(bank, 'out/bundle'));
    // Compiled items are kept apart from what validation reads: damage one, its results stay sound.
    const compiled = path.join(bank, '.qbank-cache/compiled.v1');
    writeFileSync(compiled, readFileSync(compiled, 'utf8').replace('"stem"', '"stXm"'));
    rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
    // validate reads only the check parts: the damage goes unnoticed and costs nothing.
    expect((await runQbank(['validate'], bank)).stderr).toMatch(/files: 0 parsed, 4 from the cache/);
    rmSync(path.join(bank, 'out'), { recursive: true });
    const rebuilt = await runQbank(['build'], bank);
    expect(rebuilt.stderr).toMatch(/files: 1 parsed, 3 from the cache; 1 damaged cache entries dropped/);
    expect(snapshot(path.join(bank, 'out/bundle'))).toEqual(bytes);

    // Cut short or gone: every build still gives the same bytes, and leaves a sound cache.
    for (const damage of [(text: string) => text.slice(0, -40), () => null]) {
      const text = damage(readFileSync(compiled, 'utf8'));
      if (text === null) rmSync(compiled);
      else writeFileSync(compiled, text);
      rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
      rmSync(path.join(bank, 'out'), { recursive: true });
      expect((await runQbank(['build'], bank)).code).toBe(0);
      expect(snapshot(path.join(bank, 'out/bundle'))).toEqual(bytes);
      rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
      rmSync(path.join(bank, 'out'), { recursive: true });
      expect((await runQbank(['build'], bank)).stderr).toMatch(/files: 0 parsed, 4 from the cache/);
    }
  });

  it('ignores a damaged run record', async () => {
    const bank = copyBank('damaged-record');
    const reference = await runQbank(['validate', '--format', 'json'], bank);
    const runs = path.join(bank, '.qbank-cache/runs.v1');
    for (const text of [
      '{"format":"qbank-runs/1","record":{"settings":',
      '{"format":"qbank-runs/1","record":{"files":7}}',
    ]) {
      for (const name of readdirSync(runs)) {
        const record = JSON.parse(readFileSync(path.join(runs, name), 'utf8')) as { record: { settings: string } };
        writeFileSync(
          path.join(runs, name),
          text.includes('files') ? text.replace('{"files"', `{"settings":"${record.record.settings}","files"`) : text,
        );
      }
      const again = await runQbank(['validate', '--format', 'json'], bank);
      expect(again.stderr).not.toMatch(/internal error/);
      expect(again.stderr).toMatch(/files: 0 parsed, 4 from the cache/);
      expect(again.stdout).toBe(reference.stdout);
    }
  });

  it('treats a cache made under another config as stale', async () => {
    const bank = copyBank('stale');
    expect((await runQbank(['validate'], bank)).stderr).toMatch(/4 parsed/);
    const config = path.join(bank, 'qbank.config.yaml');
    writeFileSync(config, `${readFileSync(config, 'utf8')}lint:\n  rules:\n    item/longest-option-cue: warning\n`);
    expect((await runQbank(['validate'], bank)).stderr).toMatch(/files: 4 parsed, 0 from the cache/);
  });

  it('notices a changed image even when the files that show it did not change', async () => {
    const bank = copyBank('image');
    expect((await runQbank(['build'], bank)).code).toBe(0);
    const before = readdirSync(path.join(bank, 'out/bundle/assets'));
    writeFileSync(
      path.join(bank, 'content/images/ecg.png'),
      readFileSync(path.join(repoRoot, 'content/images/spirometry-flow-volume.svg')),
    );
    const rebuilt = await runQbank(['build'], bank);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/files: 2 parsed, 2 from the cache/);
    expect(readdirSync(path.join(bank, 'out/bundle/assets'))).not.toEqual(before);
    rmSync(path.join(bank, 'content/images/ecg.png'));
    const missing = await runQbank(['build', '--format', 'json'], bank);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('asset/missing');
  });

  it('never pairs results with a compiled item written for other results of the same file', async () => {
    const bank = copyBank('torn-pair');
    expect((await runQbank(['build'], bank)).code).toBe(0);
    // A changed image: the two files that show it get new results under the same keys, appended.
    writeFileSync(
      path.join(bank, 'content/images/ecg.png'),
      readFileSync(path.join(repoRoot, 'content/images/spirometry-flow-volume.svg')),
    );
    expect((await runQbank(['build'], bank)).stderr).toMatch(/files: 2 parsed, 2 from the cache/);
    const bytes = snapshot(path.join(bank, 'out/bundle'));
    // The compiled appends are lost (a crash between the two files): the old compiled lines remain.
    const compiled = path.join(bank, '.qbank-cache/compiled.v1');
    writeFileSync(compiled, `${readFileSync(compiled, 'utf8').trimEnd().split('\n').slice(0, -2).join('\n')}\n`);
    rmSync(path.join(bank, '.qbank-cache/runs.v1'), { recursive: true, force: true });
    rmSync(path.join(bank, 'out'), { recursive: true });
    expect((await runQbank(['build'], bank)).stderr).toMatch(/files: 2 parsed, 2 from the cache/);
    expect(snapshot(path.join(bank, 'out/bundle'))).toEqual(bytes);
  });

  it('writes nothing with --no-cache, and keeps fixtures clean with QBANK_CACHE_DIR', async () => {
    const bank = copyBank('no-cache');
    expect((await runQbank(['validate', '--no-cache'], bank)).stderr).toMatch(/cache off/);
    expect(existsSync(path.join(bank, '.qbank-cache'))).toBe(false);
    const elsewhere = path.join(work, 'elsewhere-cache');
    expect((await runQbank(['validate'], bank, { QBANK_CACHE_DIR: elsewhere })).code).toBe(0);
    expect(existsSync(path.join(bank, '.qbank-cache'))).toBe(false);
    expect(readdirSync(elsewhere).sort()).toEqual([
      '.gitignore',
      'CACHEDIR.TAG',
      'compiled.v1',
      'results.v1',
      'runs.v1',
      'similar.v1',
    ]);
  });
});

/** Enough copies of the bank's question, under new ids and varied, for worker threads to start. */
function addCopies(bank: string, count: number, vary: (source: string, i: number) => string): void {
  const source = readFileSync(question(bank), 'utf8');
  mkdirSync(path.join(bank, 'content/questions/many'), { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(
      path.join(bank, `content/questions/many/gen-${i}.md`),
      vary(source.replace('id: cv-mi', `id: gen-${i}`), i),
    );
  }
}

describe('worker threads (built CLI)', () => {
  it('give the same bundle and diagnostics as one thread', { timeout: 180_000 }, () => {
    const bank = copyBank('workers');
    const systems = ['respiratory', 'renal-urinary', 'gastrointestinal', 'endocrine', 'musculoskeletal'];
    addCopies(bank, 240, (source, i) =>
      source
        .replace('system: cardiovascular', `system: ${systems[i % systems.length]}`)
        .replace('A 64-year-old woman', `A ${20 + (i % 60)}-year-old woman (case ${i})`),
    );
    const one = spawnQbank(['build', '--jobs', '1', '--no-cache', '--out', 'one', '--format', 'json'], bank);
    const two = spawnQbank(['build', '--jobs', '2', '--no-cache', '--out', 'two', '--format', 'json'], bank);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    expect(one.stderr).toMatch(/244 parsed, cache off/);
    expect(two.stderr).toMatch(/244 parsed in 2 worker threads/);
    expect(two.stdout).toBe(one.stdout);
    expect(snapshot(path.join(bank, 'two'))).toEqual(snapshot(path.join(bank, 'one')));
  });

  it(
    'read the files themselves: their keys find the cache, and their records come back whole',
    { timeout: 180_000 },
    () => {
      const bank = copyBank('workers-read');
      addCopies(bank, 220, (source, i) => source.replace('A 64-year-old woman', `A woman (case ${i})`));
      // The workers spill the prepared records into the cache directory, removed after, as is what a
      // killed build left there (a directory named after a process that is gone).
      const gone = spawnSync(process.execPath, ['-e', '']).pid!;
      const left = path.join(bank, `.qbank-cache/qbank-results-${gone}-x`);
      mkdirSync(left, { recursive: true });
      writeFileSync(path.join(left, '1.results'), 'x'.repeat(1000));
      // Only an hour after: a build in another PID namespace (a container's) may look gone.
      const young = path.join(bank, `.qbank-cache/qbank-results-${gone}-y`);
      mkdirSync(young);
      const hoursAgo = new Date(Date.now() - 2 * 3600_000);
      utimesSync(left, hoursAgo, hoursAgo);
      const spills = () => readdirSync(path.join(bank, '.qbank-cache')).filter((n) => n.startsWith('qbank-results-'));
      const cold = spawnQbank(['build', '--jobs', '2', '--out', 'cold', '--format', 'json'], bank);
      expect(cold.code, cold.stderr).toBe(0);
      expect(cold.stderr).toMatch(/224 parsed in 2 worker threads, 0 from the cache/);
      expect(spills()).toEqual([path.basename(young)]);
      rmSync(young, { recursive: true });
      // Without a cache, into the system's temporary directory.
      const tmp = path.join(work, 'workers-read-tmp');
      mkdirSync(tmp);
      const env = { TMPDIR: tmp, TEMP: tmp, TMP: tmp };
      const uncached = spawnQbank(
        ['build', '--jobs', '2', '--no-cache', '--out', 'uncached', '--format', 'json'],
        bank,
        env,
      );
      expect(uncached.stderr).toMatch(/224 parsed in 2 worker threads, cache off/);
      expect(readdirSync(tmp)).toEqual([]);
      const alone = spawnQbank(['build', '--jobs', '1', '--no-cache', '--out', 'alone', '--format', 'json'], bank);
      expect(alone.code, alone.stderr).toBe(0);
      expect(cold.stdout).toBe(alone.stdout);
      expect(snapshot(path.join(bank, 'cold'))).toEqual(snapshot(path.join(bank, 'alone')));
      expect(snapshot(path.join(bank, 'uncached'))).toEqual(snapshot(path.join(bank, 'alone')));
      // Same text, new stamps: no run record answers, so every file is read here and found in the
      // cache by the key computed from it, the key the worker computed when it read the file.
      for (const file of listFiles(path.join(bank, 'content'))) {
        const full = path.join(bank, 'content', file);
        writeFileSync(full, readFileSync(full));
      }
      const again = spawnQbank(['build', '--jobs', '2', '--out', 'again', '--format', 'json'], bank);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toMatch(/files: 0 parsed, 224 from the cache/);
      expect(snapshot(path.join(bank, 'again'))).toEqual(snapshot(path.join(bank, 'alone')));
    },
  );

  it('start under node flags that worker threads do not accept (-e, --input-type)', { timeout: 120_000 }, () => {
    const bank = copyBank('workers-flags');
    addCopies(bank, 210, (source, i) => source.replace('A 64-year-old woman', `A woman (case ${i})`));
    const script = `const { runCli } = await import(${JSON.stringify(path.join(repoRoot, 'packages/cli/dist/index.js'))});
process.exitCode = await runCli(['validate', '--no-cache', '--jobs', '2'], { cwd: process.cwd(), env: {}, isTTY: false, stdout() {}, stderr: (t) => process.stderr.write(t) });`;
    const result = spawnQbankScript(script, bank);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(result.stderr).toMatch(/in 2 worker threads/);
  });
});

function spawnQbankScript(script: string, cwd: string): { code: number; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stderr: result.stderr };
}

describe('assembling from memoised pieces', () => {
  it('writes exactly canonicalJson of each file, also when reusing a memo after an edit', async () => {
    const bank = copyBank('assembly');
    const { loadBank } = await import('../packages/cli/src/lib/bank.js');
    const { assembleBundle, compileItem, contentBytes, createAssemblyMemo } = await import('@qbank/compiler');
    const { canonicalJson } = await import('@qbank/core');
    const memo = createAssemblyMemo();
    for (const round of [1, 2]) {
      if (round === 2) {
        writeFileSync(question(bank), readFileSync(question(bank), 'utf8').replace('crushing', 'pressure-like'));
      }
      const loaded = await loadBank({ cwd: bank });
      const config = loaded.config!;
      const compiled = loaded.report!.items.map((item) => compileItem(item, config.contentRoot));
      const bundle = assembleBundle(
        compiled,
        { name: config.name, version: config.version, contentRoot: config.contentRoot, taxonomy: loaded.taxonomy! },
        memo,
      );
      const text = (name: string) => Buffer.from(contentBytes(bundle.files.get(name)!)).toString('utf8');
      expect(text('manifest.json')).toBe(canonicalJson(bundle.manifest, 2));
      expect(text('changelog.json')).toBe(canonicalJson(bundle.changelog, 2));
      for (const name of bundle.manifest.files.map((f) => f.path).filter((p) => p.endsWith('.json'))) {
        if (name.startsWith('questions/') || name.startsWith('notes/')) {
          expect(text(name)).toBe(canonicalJson(JSON.parse(text(name)) as unknown));
        }
      }
    }
  });
});

describe('near-duplicate pairs kept between processes', () => {
  it('report the same pairs when restored, and a damaged snapshot is ignored', async () => {
    const bank = copyBank('similar');
    const copy = path.join(bank, 'content/questions/cardiovascular/cv-mi-copy.md');
    writeFileSync(copy, readFileSync(question(bank), 'utf8').replace(/^id: .*$/m, 'id: cv-mi-copy'));
    const pairs = (stdout: string) =>
      (JSON.parse(stdout) as { ruleId: string; file: string }[])
        .filter((d) => d.ruleId === 'bank/near-duplicate-questions')
        .map((d) => d.file)
        .sort();
    const cold = await runQbank(['validate', '--format', 'json'], bank);
    expect(pairs(cold.stdout)).toEqual([
      'content/questions/cardiovascular/cv-mi-copy.md',
      'content/questions/cardiovascular/cv-mi.md',
    ]);
    const snapshot = path.join(bank, '.qbank-cache/similar.v1');
    expect(readFileSync(snapshot, 'utf8')).toContain('cv-mi-copy.md');
    // Another file edited: the pair comes from the snapshot, and is still reported.
    const draft = path.join(bank, 'content/questions/cardiovascular/cv-draft.md');
    writeFileSync(draft, readFileSync(draft, 'utf8') + '\n');
    expect(pairs((await runQbank(['validate', '--format', 'json'], bank)).stdout)).toEqual(pairs(cold.stdout));
    // The copy reworded: the pair is gone.
    writeFileSync(
      copy,
      readFileSync(copy, 'utf8').replace(
        /^A \d+-year-old[\s\S]*?mm Hg\.$/m,
        'A toddler has had a bright red rash on both cheeks for two days after a week of low fever and a runny nose.',
      ),
    );
    expect(pairs((await runQbank(['validate', '--format', 'json'], bank)).stdout)).toEqual([]);
    // Damaged on disk (a pair added by hand): ignored, and the pairs found afresh.
    writeFileSync(copy, readFileSync(question(bank), 'utf8').replace(/^id: .*$/m, 'id: cv-mi-copy'));
    expect(pairs((await runQbank(['validate', '--format', 'json'], bank)).stdout)).toHaveLength(2);
    const [head, body] = readFileSync(snapshot, 'utf8').split('\n');
    writeFileSync(snapshot, `${head}\n${body!.replace('"pairs":[', '"pairs":[[0,1,0.99],')}`);
    writeFileSync(draft, readFileSync(draft, 'utf8') + '\n');
    expect(pairs((await runQbank(['validate', '--format', 'json'], bank)).stdout)).toEqual(pairs(cold.stdout));
  });
});

describe('records prepared when an item is compiled', () => {
  it('give the same bundle bytes as bodies alone, in both profiles', async () => {
    const { loadBank } = await import('../packages/cli/src/lib/bank.js');
    const { assembleBundle, compileItem, contentBytes } = await import('@qbank/compiler');
    let linksHidden = 0;
    // The sample bank, and a bank whose question links a draft note (its prepared record cannot serve).
    for (const cwd of [repoRoot, copyBank('prepared')]) {
      const loaded = await loadBank({ cwd });
      const config = loaded.config!;
      const compiled = loaded.report!.items.map((item) => compileItem(item, config.contentRoot));
      const questions = compiled.filter((c) => c.body?.type === 'question');
      expect(questions.every((c) => c.record)).toBe(true);
      const publishedNotes = new Set(compiled.filter((c) => c.kind === 'note' && c.body).map((c) => c.id));
      linksHidden += questions.filter((c) =>
        (c.body as QuestionBody).notes.some((id) => !publishedNotes.has(id)),
      ).length;
      const withoutRecords = compiled.map(({ record: _record, ...item }) => item);
      for (const profile of ['standard', 'exam'] as const) {
        const options = {
          name: config.name,
          version: config.version,
          contentRoot: config.contentRoot,
          taxonomy: loaded.taxonomy!,
          profile,
        };
        const bytes = (files: Map<string, BundleFileContent>) =>
          new Map([...files].map(([name, content]) => [name, Buffer.from(contentBytes(content)).toString('base64')]));
        expect(bytes(assembleBundle(compiled, options).files)).toEqual(
          bytes(assembleBundle(withoutRecords, options).files),
        );
      }
    }
    expect(linksHidden).toBeGreaterThan(0);
  });
});

describe('reading HEAD without git', () => {
  it('finds the commit of loose and packed refs and of a detached head, as git does', async () => {
    const { headCommit } = await import('../packages/cli/src/lib/git.js');
    const repo = path.join(work, 'git-head');
    mkdirSync(path.join(repo, 'sub'), { recursive: true });
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], {
        cwd: repo,
        encoding: 'utf8',
      }).stdout.trim();
    git('init', '-q');
    expect(headCommit(repo)).toBeUndefined();
    writeFileSync(path.join(repo, 'a.md'), 'a');
    git('add', '-A');
    git('commit', '-qm', 'one');
    expect(headCommit(path.join(repo, 'sub'))).toBe(git('rev-parse', 'HEAD'));
    git('pack-refs', '--all');
    expect(headCommit(repo)).toBe(git('rev-parse', 'HEAD'));
    writeFileSync(path.join(repo, 'a.md'), 'b');
    git('commit', '-qam', 'two');
    git('checkout', '-q', '--detach', 'HEAD~1');
    expect(headCommit(repo)).toBe(git('rev-parse', 'HEAD'));
  });
});

describe('the progress bar', () => {
  it('draws on a terminal only, never in CI logs or pipes, and clears itself', async () => {
    const { progressBar } = await import('../packages/cli/src/lib/progress.js');
    let written = '';
    const io = (env: Record<string, string>, stderrIsTTY: boolean) => ({
      cwd: work,
      env,
      isTTY: false,
      stderrIsTTY,
      stdout: () => undefined,
      stderr: (text: string) => (written += text),
    });
    expect(progressBar(io({ CI: 'true' }, true))).toBeUndefined();
    expect(progressBar(io({}, false))).toBeUndefined();
    const bar = progressBar(io({}, true))!;
    bar.update(10, 100); // too few files to be worth a bar
    expect(written).toBe('');
    bar.update(300, 300);
    expect(written).toContain('[##############################] 300/300 files');
    bar.done();
    expect(written.endsWith('\r')).toBe(true);
  });
});
