// The published packages, installed as a user installs them: a real npm
// registry (Verdaccio) on 127.0.0.1 with a throw-away storage folder holds
// every public workspace package as `pnpm pack` makes it (third-party
// packages come through it from the npm registry), and a fresh folder outside
// the workspace installs the CLI and the runtime with plain npm, then with
// pnpm, and uses them. Needs the packages built (`pnpm build`; `pnpm check`
// builds first) and the npm registry reachable.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
/** The packages an app installing the runtime gets: the runtime and the bundle contract. */
const runtimeParts = ['@qbank/runtime', '@qbank/bundle'];
/** Build-time code that an app installing the runtime must not get. */
const buildTimeOnly = ['unified', 'ajv', 'remark-parse', 'micromark', 'mdast-util-from-markdown', 'yaml', 'vfile'];

interface PublicPackage {
  dir: string;
  name: string;
  exports: Record<string, unknown>;
}

/** Every public package of the workspace (`packages/*` and `schemas`), found afresh. */
function publicPackages(): PublicPackage[] {
  return readdirSync(path.join(root, 'packages'))
    .map((name) => `packages/${name}`)
    .concat('schemas')
    .filter((dir) => existsSync(path.join(root, dir, 'package.json')))
    .map((dir) => ({ dir, ...(readJson(path.join(root, dir, 'package.json')) as Omit<PublicPackage, 'dir'>) }))
    .filter((pkg) => !(pkg as { private?: boolean }).private);
}

/** Bytes of every file under `dir`, links not followed (pnpm's store is outside the app folder). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

let tmp = '';
let server: ChildProcess | undefined;
let registry = '';
let env: NodeJS.ProcessEnv = {};
const packages = publicPackages();

/** Run a command; on failure the error carries its output. */
function run(cwd: string, command: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env: { ...env, ...extraEnv },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 240_000,
    });
  } catch (error) {
    const { stdout, stderr, status } = error as { stdout?: string; stderr?: string; status?: number };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${status}\n${stdout ?? ''}\n${stderr ?? ''}`, {
      cause: error,
    });
  }
}

/** pnpm 10 as `npx -y pnpm@10` installs it (found once: npx costs seconds a call). */
let pnpmBin = '';
const pnpm = (cwd: string, ...args: string[]) => run(cwd, pnpmBin, args);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function verdaccioConfig(): string {
  return [
    `storage: ${JSON.stringify(path.join(tmp, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(path.join(tmp, 'htpasswd'))}`,
    '    max_users: 1',
    'uplinks:',
    '  npmjs:',
    '    url: https://registry.npmjs.org/',
    '    timeout: 60s',
    '    maxage: 60m',
    'packages:',
    "  '@qbank/*':",
    '    access: $all',
    '    publish: $authenticated',
    "  '**':",
    '    access: $all',
    '    proxy: npmjs',
    'web:',
    '  enable: false',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
}

async function startRegistry(): Promise<void> {
  const port = await freePort();
  registry = `http://127.0.0.1:${port}/`;
  writeFileSync(path.join(tmp, 'verdaccio.yaml'), verdaccioConfig());
  const bin = path.join(root, 'node_modules/verdaccio/bin/verdaccio');
  server = spawn(
    process.execPath,
    [bin, '--config', path.join(tmp, 'verdaccio.yaml'), '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  server.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (server.exitCode !== null) throw new Error(`verdaccio exited ${server.exitCode}\n${output}`);
    try {
      if ((await fetch(`${registry}-/ping`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`verdaccio did not answer on ${registry}\n${output}`);
}

/** Register a user and write an npmrc with its token: publishing needs one. */
async function login(): Promise<string> {
  const response = await fetch(`${registry}-/user/org.couchdb.user:qbank`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'qbank', password: 'throw-away-registry', email: 'qbank@example.org' }),
  });
  const { token } = (await response.json()) as { token?: string };
  if (!token) throw new Error(`no token from ${registry}: ${response.status}`);
  const npmrc = path.join(tmp, 'publish.npmrc');
  writeFileSync(npmrc, `registry=${registry}\n//${registry.slice('http://'.length)}:_authToken=${token}\n`);
  return npmrc;
}

async function publishAll(): Promise<void> {
  const npmrc = await login();
  const tarballs = path.join(tmp, 'tarballs');
  pnpm(root, '-r', '--filter', './packages/*', '--filter', './schemas', 'pack', '--pack-destination', tarballs);
  const files = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
  if (files.length !== packages.length) throw new Error(`packed ${files.length} of ${packages.length} packages`);
  const publish = (file: string) =>
    new Promise<void>((resolve, reject) => {
      const child = spawn('npm', ['publish', path.join(tarballs, file), '--registry', registry], {
        env: { ...env, npm_config_userconfig: npmrc },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm publish ${file}: ${stderr}`))));
    });
  // Four at a time: npm spends most of a publish waiting, but CI has two cores.
  const queue = [...files];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) await publish(file);
    }),
  );
}

beforeAll(async () => {
  for (const pkg of packages) {
    if (pkg.dir !== 'schemas' && !existsSync(path.join(root, pkg.dir, 'dist'))) {
      throw new Error(`${pkg.name} is not built: run \`pnpm build\` first`);
    }
  }
  pnpmBin = execFileSync('npm', ['exec', '-y', '--package=pnpm@10', '-c', 'command -v pnpm'], {
    encoding: 'utf8',
  }).trim();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'qbank-registry-'));
  writeFileSync(path.join(tmp, 'user.npmrc'), '');
  env = {
    // Without the workspace's node_modules/.bin (pnpm run puts it first): its qbank is the workspace's.
    PATH: (process.env.PATH ?? '')
      .split(path.delimiter)
      .filter((dir) => !dir.startsWith(root))
      .join(path.delimiter),
    HOME: process.env.HOME,
    // Only the throw-away registry and an empty config. The machine's npm cache and pnpm store
    // stay: they hold files by content hash, and the registry's random port keeps its metadata apart.
    npm_config_registry: '',
    npm_config_userconfig: path.join(tmp, 'user.npmrc'),
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    NO_COLOR: '1',
    CI: 'true',
  };
  await startRegistry();
  env.npm_config_registry = registry;
  await publishAll();
}, 600_000);

afterAll(() => {
  if (server?.pid !== undefined && server.exitCode === null) process.kill(server.pid);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 300_000);

/** A bank in a fresh folder outside the workspace, with the CLI installed by `manager`. */
function startBank(manager: 'npm' | 'pnpm'): string {
  const dir = path.join(tmp, `${manager}-bank`);
  mkdirSync(dir);
  if (manager === 'npm') {
    run(dir, 'npm', ['init', '-y']);
    run(dir, 'npm', ['i', '-D', '@qbank/cli']);
  } else {
    pnpm(dir, 'init');
    pnpm(dir, 'add', '-D', '@qbank/cli');
  }
  return dir;
}

/** The runtime alone in a fresh app folder: nothing build-time comes with it. */
function startApp(manager: 'npm' | 'pnpm'): string {
  const dir = path.join(tmp, `${manager}-app`);
  mkdirSync(dir);
  if (manager === 'npm') {
    run(dir, 'npm', ['init', '-y']);
    run(dir, 'npm', ['i', '@qbank/runtime']);
  } else {
    pnpm(dir, 'init');
    pnpm(dir, 'add', '@qbank/runtime');
  }
  const pkg = readJson(path.join(dir, 'package.json'));
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, type: 'module' }, null, 2));
  return dir;
}

/** Names of every installed package, from npm's or pnpm's dependency tree. */
function installedNames(dir: string, manager: 'npm' | 'pnpm'): string[] {
  const names = new Set<string>();
  type Tree = { dependencies?: Record<string, Tree>; devDependencies?: Record<string, Tree> };
  const walk = (tree: Tree) => {
    for (const [name, dep] of Object.entries({ ...tree.dependencies, ...tree.devDependencies })) {
      names.add(name);
      walk(dep);
    }
  };
  const text =
    manager === 'npm' ? run(dir, 'npm', ['ls', '--all', '--json']) : pnpm(dir, 'ls', '--depth', 'Infinity', '--json');
  const tree = JSON.parse(text) as Tree | Tree[];
  for (const project of Array.isArray(tree) ? tree : [tree]) walk(project);
  return [...names].sort();
}

const openBundleScript = `import { assembleBlock, openBundle, termOccurrences } from '@qbank/runtime';
import { fromDirectory } from '@qbank/runtime/node';

const bundle = await openBundle(fromDirectory(process.argv[2]));
const block = await assembleBlock(bundle, { seed: 'registry-test', size: 1, mode: 'tutor' });
const glossary = await bundle.glossary();
const defined = termOccurrences(block.questions[0], glossary).map((o) => o.term.term);
console.log(JSON.stringify({ name: bundle.manifest.bank.name, questions: block.questions.length, defined }));
`;

describe.each(['npm', 'pnpm'] as const)('installed with %s from a registry', (manager) => {
  const qbank = (dir: string, ...args: string[]) =>
    manager === 'npm' ? run(dir, 'npx', ['qbank', ...args]) : pnpm(dir, 'exec', 'qbank', ...args);

  it('scaffolds, validates, builds and reports coverage with the CLI alone', () => {
    const bank = startBank(manager);
    const installed = installedNames(bank, manager).filter((name) => name.startsWith('@qbank/'));
    const published = new Set(packages.map((pkg) => pkg.name));
    expect(installed.filter((name) => !published.has(name))).toEqual([]);
    expect(installed).toContain('@qbank/cli');

    qbank(bank, 'init');
    const config = readJson(path.join(bank, 'qbank.config.json'));
    expect(existsSync(path.resolve(bank, String(config.$schema)))).toBe(true);
    qbank(bank, 'validate');
    qbank(bank, 'build');
    expect(existsSync(path.join(bank, 'dist/bundle/manifest.json'))).toBe(true);
    qbank(bank, 'coverage', '--format', 'html', '--out', 'cov.html');
    expect(readFileSync(path.join(bank, 'cov.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(qbank(bank, 'coverage', '--format', 'markdown')).toContain('Readability of stems and lead-ins');
    expect(qbank(bank, 'explain', 'item/negative-lead-in')).toContain('# `item/negative-lead-in`');
    // A typo in a glossary entry's note link: reported on the glossary, exit 1, with the id meant.
    const glossaryFile = path.join(bank, 'content/glossary.yaml');
    const glossary = readFileSync(glossaryFile, 'utf8');
    writeFileSync(glossaryFile, glossary.replace('note: ace-inhibitors-and-arbs', 'note: ace-inhibitor-and-arbs'));
    expect(() => qbank(bank, 'validate')).toThrow(
      /exited 1[\s\S]*content\/glossary\.yaml[\s\S]*glossary\/missing-note[\s\S]*Did you mean `ace-inhibitors-and-arbs`/,
    );
    writeFileSync(glossaryFile, glossary);
    expect(qbank(bank, 'explain', 'glossary/missing-note')).toContain('# `glossary/missing-note`');
    expect(qbank(bank, '--version').trim()).toBe(readJson(path.join(root, 'packages/cli/package.json')).version);

    const app = startApp(manager);
    const names = installedNames(app, manager);
    expect(names).toContain('@qbank/runtime');
    expect(names.filter((name) => buildTimeOnly.includes(name) || name.startsWith('@qbank/cli'))).toEqual([]);
    expect(names.filter((name) => name.startsWith('@qbank/') && !runtimeParts.includes(name))).toEqual([]);
    expect(folderBytes(path.join(app, 'node_modules'))).toBeLessThan(1024 * 1024);
    writeFileSync(path.join(app, 'open.mjs'), openBundleScript);
    const opened = JSON.parse(run(app, process.execPath, ['open.mjs', path.join(bank, 'dist/bundle')])) as {
      name: string;
      questions: number;
      defined: string[];
    };
    // The starter glossary's terms, found in the question an app shows, with their definitions.
    expect(opened).toEqual({
      name: config.name,
      questions: 1,
      defined: expect.arrayContaining(['albuminuria', 'blood pressure', 'bradykinin']),
    });
  }, 600_000);
});

describe('every public package as installed', () => {
  it('has no export that points at a missing file, and TypeScript resolves every export', () => {
    // The npm bank of the test above: the CLI brought most packages already.
    const dir = path.join(tmp, 'npm-bank');
    run(dir, 'npm', ['i', '-D', ...packages.map((pkg) => pkg.name), '@types/node@20']);
    const imports: string[] = [];
    for (const pkg of packages) {
      const installed = path.join(dir, 'node_modules', pkg.name);
      const manifest = readJson(path.join(installed, 'package.json'));
      expect(JSON.stringify(manifest.exports), pkg.name).not.toContain('qbank-source');
      for (const field of ['license', 'repository', 'engines', 'files'])
        expect(manifest[field], `${pkg.name} ${field}`).toBeDefined();
      expect(existsSync(path.join(installed, 'README.md')), `${pkg.name} README.md`).toBe(true);
      for (const target of exportTargets(manifest.exports)) {
        if (!target.includes('*')) expect(existsSync(path.join(installed, target)), `${pkg.name} ${target}`).toBe(true);
      }
      for (const [key, value] of Object.entries((manifest.exports ?? {}) as Record<string, unknown>)) {
        if (!key.includes('*') && exportTargets(value).some((target) => target.endsWith('.js'))) {
          imports.push(`export * as m${imports.length} from '${path.posix.join(pkg.name, key)}';`);
        }
      }
    }
    // .mts: an ES module whatever the package.json says (the packages are ES modules only).
    writeFileSync(path.join(dir, 'index.mts'), imports.join('\n') + '\n');
    const options = {
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: ['node'],
      target: 'ES2022',
      lib: ['ES2023', 'DOM'],
    };
    for (const [name, resolution] of [
      ['nodenext', { module: 'NodeNext', moduleResolution: 'NodeNext' }],
      ['bundler', { module: 'ESNext', moduleResolution: 'Bundler', skipLibCheck: true }],
    ] as const) {
      writeFileSync(
        path.join(dir, `tsconfig.${name}.json`),
        JSON.stringify({ compilerOptions: { ...options, ...resolution }, files: ['index.mts'] }),
      );
      run(dir, process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { npm_config_registry: registry });
    }
  }, 600_000);
});

function exportTargets(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(exportTargets);
}
