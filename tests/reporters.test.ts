// Each reporter over the same fixture set, compared with golden files; SARIF checked against its schema.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const require = createRequire(import.meta.url);
const cases = ['unknown-taxonomy', 'two-correct-choices', 'duplicate-id', 'raw-html', 'aliases'];
const work = makeTempDir('reporters');
afterAll(() => rmSync(work, { recursive: true, force: true }));

// One bank made of several bad-input cases, so every reporter sees errors, warnings, info and related locations.
function reporterBank(): string {
  const bank = path.join(work, 'bank');
  for (const name of cases) {
    cpSync(path.join(repoRoot, 'tests/fixtures/diagnostics', name, 'questions'), path.join(bank, 'questions', name), {
      recursive: true,
    });
  }
  return bank;
}
const bank = reporterBank();

describe('reporters', () => {
  it.each([
    ['pretty', 'reporters.pretty.txt'],
    ['json', 'reporters.json'],
    ['github', 'reporters.github.txt'],
    ['sarif', 'reporters.sarif.json'],
  ])('%s', async (format, golden) => {
    const result = await runQbank(['validate', '.', '--format', format], bank);
    expect(result.code).toBe(1);
    await expect(result.stdout).toMatchFileSnapshot(path.join(repoRoot, 'tests/golden', golden));
  });

  it('writes SARIF 2.1.0 that validates against the official schema', async () => {
    const schema = JSON.parse(
      readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    );
    // The official schema has a pattern that is invalid with the u flag.
    const ajv = new AjvDraft04.default({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const log = JSON.parse((await runQbank(['validate', '.', '--format', 'sarif'], bank)).stdout);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0].results.length).toBeGreaterThan(5);
  });

  it('github commands escape newlines, commas and colons', async () => {
    const { stdout } = await runQbank(['validate', '.', '--format', 'github'], bank);
    for (const line of stdout.trimEnd().split('\n'))
      expect(line).toMatch(/^::(error|warning|notice) file=[^:]+,line=\d+,col=\d+/);
  });

  it('--max-warnings fails on more warnings than allowed', async () => {
    const dir = path.join(repoRoot, 'tests/fixtures/diagnostics/raw-html');
    expect((await runQbank(['validate', '.', '--max-warnings', '1'], dir)).code).toBe(0);
    const over = await runQbank(['validate', '.', '--max-warnings', '0'], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('too many warnings (1), at most 0 allowed');
    expect((await runQbank(['validate', '.', '--max-warnings', 'x'], dir)).code).toBe(2);
  });
});

describe('--changed-since', () => {
  const repo = path.join(work, 'repo');
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });

  it('checks only changed files, plus the bank-level checks they take part in', async () => {
    cpSync(path.join(repoRoot, 'tests/fixtures/banks/small'), repo, { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'base');
    const questions = path.join(repo, 'content/questions/cardiovascular');
    // Nothing changed: nothing to check.
    const none = await runQbank(['validate', '--changed-since', 'HEAD'], repo);
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('no content files changed since HEAD');

    // A new file whose id duplicates an unchanged one is still caught; the unchanged file's own warnings are not shown.
    mkdirSync(path.join(repo, 'content/questions/new'), { recursive: true });
    writeFileSync(
      path.join(repo, 'content/questions/new/copy.md'),
      readFileSync(path.join(questions, 'cv-draft.md'), 'utf8').replace('status: draft', 'status: review'),
    );
    const dup = await runQbank(['validate', '--changed-since', 'HEAD', '--format', 'json'], repo);
    expect(dup.code).toBe(1);
    expect(JSON.parse(dup.stdout).map((d: { file: string; ruleId: string }) => [d.file, d.ruleId])).toEqual([
      ['content/questions/cardiovascular/cv-draft.md', 'bank/duplicate-id'],
      ['content/questions/new/copy.md', 'bank/duplicate-id'],
    ]);
    rmSync(path.join(repo, 'content/questions/new'), { recursive: true });

    // Deleting a note breaks the unchanged question that links it.
    rmSync(path.join(repo, 'content/notes/cardiovascular/coronary-artery-disease.md'));
    const broken = await runQbank(['validate', '--changed-since', 'HEAD', '--format', 'json'], repo);
    expect(JSON.parse(broken.stdout).map((d: { file: string; ruleId: string }) => [d.file, d.ruleId])).toContainEqual([
      'content/questions/cardiovascular/cv-mi.md',
      'link/missing-note',
    ]);
    git('checkout', '-q', '--', '.');

    // A committed edit since an older ref.
    writeFileSync(
      path.join(questions, 'cv-draft.md'),
      readFileSync(path.join(questions, 'cv-draft.md'), 'utf8').replace('status: draft', 'status: publishd'),
    );
    git('commit', '-qam', 'edit');
    const edited = await runQbank(['validate', '--changed-since', 'HEAD~1', '--format', 'json'], repo);
    expect(JSON.parse(edited.stdout).map((d: { file: string; ruleId: string }) => [d.file, d.ruleId])).toEqual([
      ['content/questions/cardiovascular/cv-draft.md', 'schema/enum'],
    ]);
    expect((await runQbank(['validate', '--changed-since', 'no-such-ref'], repo)).code).toBe(2);
  });

  it('takes files unchanged since the last run from the cache without reading them, with the same result', async () => {
    // Stamps an hour old: clear of the window in which a file could change unseen within one clock tick.
    const hourAgo = new Date(Date.now() - 3600_000);
    const files = readdirSync(path.join(repo, 'content'), { recursive: true, withFileTypes: true });
    for (const entry of files)
      if (entry.isFile()) utimesSync(path.join(entry.parentPath, entry.name), hourAgo, hourAgo);
    expect((await runQbank(['validate'], repo)).stderr).toMatch(/files: \d+ parsed/);
    const questions = path.join(repo, 'content/questions/cardiovascular');
    writeFileSync(
      path.join(questions, 'cv-mi.md'),
      readFileSync(path.join(questions, 'cv-mi.md'), 'utf8').replace('status: published', 'status: publishd'),
    );
    // An unchanged file touched since the run is still known: by its git blob id, not its stamp.
    const touched = path.join(repo, 'content/notes/cardiovascular/coronary-artery-disease.md');
    utimesSync(touched, new Date(), new Date());
    const fast = await runQbank(['validate', '--changed-since', 'HEAD', '--format', 'json'], repo);
    const context = files.filter((e) => e.isFile() && /\.mdx?$/.test(e.name)).length - 1;
    expect(fast.stderr).toContain(
      `${context} other files as context (${context} unchanged since the last run, not read)`,
    );
    const slow = await runQbank(['validate', '--changed-since', 'HEAD', '--format', 'json', '--no-cache'], repo);
    expect(fast.stdout).toBe(slow.stdout);
    expect(JSON.parse(fast.stdout).map((d: { ruleId: string }) => d.ruleId)).toContain('schema/enum');
    git('checkout', '-q', '--', '.');
  });

  it('limited to some paths, reads the changed files outside them rather than trust their blob ids', async () => {
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const entry of readdirSync(path.join(repo, 'content'), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) utimesSync(path.join(entry.parentPath, entry.name), hourAgo, hourAgo);
    }
    await runQbank(['validate'], repo);
    // Outside the paths checked: a note whose id changes, breaking a question's link to it.
    const note = path.join(repo, 'content/notes/cardiovascular/coronary-artery-disease.md');
    writeFileSync(note, readFileSync(note, 'utf8').replace('id: coronary-artery-disease', 'id: cad-renamed'));
    const question = path.join(repo, 'content/questions/cardiovascular/cv-mi.md');
    writeFileSync(question, readFileSync(question, 'utf8').replace('crushing', 'pressure-like'));
    const args = ['validate', '--changed-since', 'HEAD', '--format', 'json', 'content/questions'];
    const cached = await runQbank(args, repo);
    const uncached = await runQbank([...args, '--no-cache'], repo);
    expect(cached.stdout).toBe(uncached.stdout);
    expect(JSON.parse(cached.stdout).map((d: { ruleId: string }) => d.ruleId)).toContain('link/missing-note');
    git('checkout', '-q', '--', '.');
  });

  it('in a fresh checkout (every mtime new) knows unchanged files by their git blob ids', async () => {
    const files = readdirSync(path.join(repo, 'content'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    const setTimes = (ago: number) => {
      for (const file of files) utimesSync(file, new Date(Date.now() - ago), new Date(Date.now() - ago));
    };
    // The last full run saw one note with an edit that was later undone: its recorded bytes are not HEAD's.
    const note = path.join(repo, 'content/notes/cardiovascular/coronary-artery-disease.md');
    setTimes(3600_000);
    writeFileSync(note, `${readFileSync(note, 'utf8')}\nAn edit never committed.\n`);
    expect((await runQbank(['validate'], repo)).stderr).toMatch(/files: \d+ parsed/);
    git('checkout', '-q', '--', '.');
    // A new checkout: same content, new stamps.
    setTimes(7200_000);
    const question = path.join(repo, 'content/questions/cardiovascular/cv-mi.md');
    writeFileSync(question, readFileSync(question, 'utf8').replace('status: published', 'status: publishd'));
    const fast = await runQbank(['validate', '--changed-since', 'HEAD', '--format', 'json'], repo);
    const context = files.filter((f) => /\.mdx?$/.test(f)).length - 1;
    // Every other file but the note is known by its blob id; the note is read.
    expect(fast.stderr).toContain(
      `${context} other files as context (${context - 1} unchanged since the last run, not read)`,
    );
    const slow = await runQbank(['validate', '--changed-since', 'HEAD', '--format', 'json', '--no-cache'], repo);
    expect(fast.stdout).toBe(slow.stdout);
    git('checkout', '-q', '--', '.');
  });
});
