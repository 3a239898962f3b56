import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureDirectory, writeFileAtomic } from '@qbank/atomic-write';
import type { CliIo } from './io.js';
import { UsageError } from './errors.js';
import {
  ciWorkflow,
  gitignoreLines,
  lockfiles,
  packageManager,
  preCommitHook,
  qbankCommand,
  type PackageManager,
  type PackageManagerName,
} from './init-ci.js';
import { starterContent } from './init-content.js';

/** The options of `qbank init`. */
interface InitValues {
  force?: boolean | undefined;
  name?: string | undefined;
  'bank-version'?: string | undefined;
  'package-manager'?: string | undefined;
}

/** One file `qbank init` writes, and what became of it. */
interface Planned {
  /** Path relative to the bank's folder, with `/`. */
  path: string;
  /** The file's text, or how to change the text it has (for files it adds to). */
  text: string | ((existing: string | undefined) => string);
  /** Permissions (the hook is executable). */
  mode?: number | undefined;
}

/** Where the config's `$schema` points: the schema ships inside the installed CLI. */
const schemaPath = './node_modules/@qbank/cli/dist/schemas/config.schema.json';
const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const scripts = { validate: 'qbank validate', build: 'qbank build', coverage: 'qbank coverage' };

/**
 * `qbank init [dir]`: scaffold a bank that validates and builds at once. Files that exist are
 * kept (named in the output) unless `--force`; package.json and .gitignore are added to, never
 * rewritten. Running it again changes nothing.
 *
 * @param rest Positional arguments: the folder (default: the working directory).
 * @param values Parsed options.
 * @param io Where to read and write.
 * @returns The exit code.
 */
export async function runInit(rest: string[], values: InitValues, io: CliIo): Promise<number> {
  if (rest.length > 1) throw new UsageError('init takes at most one folder');
  const dir = path.resolve(io.cwd, rest[0] ?? '.');
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`\`${rest[0]}\` is not a folder`);
  const version = values['bank-version'] ?? '0.1.0';
  if (!semver.test(version)) throw new UsageError(`--bank-version takes a semantic version such as 0.1.0`);
  const name = values.name ?? path.basename(dir);
  const pm = detectPackageManager(dir, values['package-manager']);
  const lines: string[] = [];
  if (values.name === undefined) lines.push(`No --name: the bank is named \`${name}\` after its folder.`);
  if (values['bank-version'] === undefined) lines.push('No --bank-version: the bank starts at version 0.1.0.');
  lines.push(`CI workflow for ${pm.name} (${pm.lockfile}).`);
  for (const file of plan(name, version, pm, dir)) {
    lines.push(await writePlanned(dir, file, Boolean(values.force)));
  }
  lines.push(await installHook(dir), ...nextSteps(dir, pm));
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

/** The files of a new bank, in the order they are reported. */
function plan(name: string, version: string, pm: PackageManager, dir: string): Planned[] {
  const config = { $schema: schemaPath, name, version, content: 'content', out: 'dist/bundle' };
  return [
    { path: 'qbank.config.json', text: `${JSON.stringify(config, null, 2)}\n` },
    ...starterContent().map((file) => ({ path: `content/${file.path}`, text: file.text })),
    { path: '.github/workflows/qbank.yml', text: ciWorkflow(pm) },
    { path: '.githooks/pre-commit', text: preCommitHook(pm, 'content'), mode: 0o755 },
    { path: '.gitignore', text: addLines },
    { path: 'package.json', text: (existing) => addScripts(existing, path.basename(dir)) },
  ];
}

/** Write one planned file, unless it exists (and is not one init adds to) without --force. */
async function writePlanned(dir: string, file: Planned, force: boolean): Promise<string> {
  const target = path.join(dir, ...file.path.split('/'));
  const existing = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
  const merge = typeof file.text === 'function';
  if (existing !== undefined && !merge && !force) return `  kept     ${file.path} (it exists; --force replaces it)`;
  const text = typeof file.text === 'function' ? file.text(existing) : file.text;
  if (text === existing) return `  kept     ${file.path} (already as qbank writes it)`;
  await ensureDirectory(path.dirname(target));
  await writeFileAtomic(target, text, file.mode === undefined ? {} : { mode: file.mode });
  if (existing === undefined) return `  wrote    ${file.path}`;
  return merge ? `  added to ${file.path}` : `  replaced ${file.path}`;
}

/** The .gitignore with qbank's lines added where missing. */
function addLines(existing: string | undefined): string {
  const have = new Set((existing ?? '').split(/\r?\n/).map((line) => line.trim()));
  const missing = gitignoreLines.filter((line) => !have.has(line) && !line.startsWith('#'));
  if (existing !== undefined && !missing.length) return existing;
  const header = gitignoreLines.filter((line) => line.startsWith('#'));
  const start = existing === undefined ? '' : `${existing}${existing.endsWith('\n') || !existing ? '' : '\n'}\n`;
  return `${start}${[...header, ...missing].join('\n')}\n`;
}

/** package.json with the qbank scripts added where missing (the others, and their layout, kept). */
function addScripts(existing: string | undefined, folder: string): string {
  if (existing === undefined) {
    const name =
      folder
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[._-]+/, '') || 'question-bank';
    return `${JSON.stringify({ name, version: '0.1.0', private: true, scripts }, null, 2)}\n`;
  }
  let pkg: { scripts?: Record<string, string> };
  try {
    pkg = JSON.parse(existing) as typeof pkg;
  } catch {
    throw new UsageError('package.json is not valid JSON: fix it, then run `qbank init` again');
  }
  const missing = Object.entries(scripts).filter(([key]) => pkg.scripts?.[key] === undefined);
  if (!missing.length) return existing;
  pkg.scripts = { ...pkg.scripts, ...Object.fromEntries(missing) };
  const indent = /^([ \t]+)"/m.exec(existing)?.[1] ?? '  ';
  return `${JSON.stringify(pkg, null, indent)}${existing.endsWith('\n') ? '\n' : ''}`;
}

/**
 * The repository's package manager: `--package-manager`, else its lockfile, else package.json's
 * `packageManager`, else npm.
 */
function detectPackageManager(dir: string, asked: string | undefined): PackageManager {
  if (asked !== undefined && !['npm', 'pnpm', 'yarn'].includes(asked)) {
    throw new UsageError(`unknown --package-manager \`${asked}\`, expected one of: npm, pnpm, yarn`);
  }
  let field: string | undefined;
  try {
    field = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { packageManager?: string })
      .packageManager;
  } catch {
    field = undefined;
  }
  const [fieldName, fieldVersion] = (typeof field === 'string' ? field : '').split('@');
  const byLockfile = lockfiles.find(([file]) => existsSync(path.join(dir, file)))?.[1];
  const named = ['npm', 'pnpm', 'yarn'].includes(fieldName ?? '') ? (fieldName as PackageManagerName) : undefined;
  const name = (asked as PackageManagerName | undefined) ?? byLockfile ?? named ?? 'npm';
  const pinned = named === name;
  const berry = (pinned && Number.parseInt(fieldVersion ?? '', 10) >= 2) || existsSync(path.join(dir, '.yarnrc.yml'));
  return packageManager(name, pinned, berry);
}

/** The clone's own hook: it runs the one kept in the repository (git runs hooks from the top folder). */
const gitHook =
  '#!/bin/sh\n# Written by `qbank init`: runs the hook kept in the repository.\nexec .githooks/pre-commit "$@"\n';

/** Turn the hook on in this clone when git has no pre-commit hook yet; else say how. */
async function installHook(dir: string): Promise<string> {
  const hooks = path.join(dir, '.git', 'hooks');
  const how = 'to run it before each commit: git config core.hooksPath .githooks';
  if (!existsSync(hooks)) return `  hook     .githooks/pre-commit is not on (no .git folder); ${how}`;
  const hook = path.join(hooks, 'pre-commit');
  if (existsSync(hook)) {
    const ours = readFileSync(hook, 'utf8') === gitHook;
    return `  kept     .git/hooks/pre-commit (${ours ? 'already as qbank writes it' : `a hook exists; ${how}`})`;
  }
  await writeFileAtomic(hook, gitHook, { mode: 0o755 });
  return '  wrote    .git/hooks/pre-commit (runs .githooks/pre-commit in this clone; other clones: git config core.hooksPath .githooks)';
}

/** What to do next: install the CLI if package.json does not list it, then check and build. */
function nextSteps(dir: string, pm: PackageManager): string[] {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const listed = ['dependencies', 'devDependencies'].some(
    (field) => (pkg[field] as Record<string, string> | undefined)?.['@qbank/cli'] !== undefined,
  );
  const install = { npm: 'npm i -D @qbank/cli', pnpm: 'pnpm add -D @qbank/cli', yarn: 'yarn add -D @qbank/cli' };
  const lockfile = existsSync(path.join(dir, pm.lockfile)) ? [] : [`commit ${pm.lockfile}: CI installs from it`];
  const steps = [
    ...(listed ? [] : [install[pm.name]]),
    ...lockfile,
    `${qbankCommand(pm)} validate`,
    `${qbankCommand(pm)} build`,
  ];
  return ['Next:', ...steps.map((step) => `  ${step}`)];
}
