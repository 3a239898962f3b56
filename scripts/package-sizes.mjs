// Measures what users download and install: the packed size of @qbank/cli
// and @qbank/runtime, and the size and dependency count of a fresh
// `npm install` of each in an empty folder. Every @qbank package comes from
// the tarballs `pnpm pack` makes of this workspace (npm `overrides`), every
// other package from the npm registry. Needs the packages built.
//
//   node scripts/package-sizes.mjs           print the table
//   node scripts/package-sizes.mjs --write   also write it into docs/packages.md
//   node scripts/package-sizes.mjs @qbank/core @qbank/anki   measure other packages (print only)
//
// Exits 1 when the runtime installs 1 MB or more.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const named = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const measured = named.length > 0 ? named : ['@qbank/cli', '@qbank/runtime'];
const runtimeLimit = 1024 * 1024;
const docs = path.join(root, 'docs/packages.md');
const start = '<!-- package-sizes:start -->';
const end = '<!-- package-sizes:end -->';

function run(cwd, command, args) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** Total bytes of the files under `dir` (their apparent size, as `du --apparent-size -b`). */
function folderBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function tarballName(name) {
  return `${name.replace('@', '').replace('/', '-')}-`;
}

/** Install `name` alone in an empty folder; @qbank packages from the tarballs. */
function install(name, tarballs, tmp) {
  const dir = mkdtempSync(path.join(tmp, 'install-'));
  const files = readdirSync(tarballs);
  const overrides = {};
  for (const file of files) {
    const manifest = JSON.parse(run(tmp, 'tar', ['-xzOf', path.join(tarballs, file), 'package/package.json']));
    overrides[manifest.name] = `file:${path.join(tarballs, file)}`;
  }
  const target = overrides[name];
  delete overrides[name]; // npm refuses an override of a direct dependency
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'sizes', private: true, overrides }));
  run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', target]);
  const tree = run(dir, 'npm', ['ls', '--all', '--parseable']).trim().split('\n').slice(1);
  const tarball = files.find((file) => file.startsWith(tarballName(name)));
  return {
    name,
    packed: statSync(path.join(tarballs, tarball)).size,
    unpacked: folderBytes(path.join(dir, 'node_modules', name)),
    installed: folderBytes(path.join(dir, 'node_modules')),
    dependencies: new Set(tree.map((entry) => path.relative(path.join(dir, 'node_modules'), entry))).size - 1,
  };
}

function kb(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

function table(rows) {
  return [
    '| package | packed (tarball) | unpacked | installed with its dependencies | dependencies installed |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| \`${row.name}\` | ${kb(row.packed)} | ${kb(row.unpacked)} | ${kb(row.installed)} | ${row.dependencies} |`,
    ),
  ].join('\n');
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'qbank-sizes-'));
try {
  const tarballs = path.join(tmp, 'tarballs');
  run(root, 'npx', [
    '-y',
    'pnpm@10',
    '-r',
    '--filter',
    './packages/*',
    '--filter',
    './schemas',
    'pack',
    '--pack-destination',
    tarballs,
  ]);
  const rows = measured.map((name) => install(name, tarballs, tmp));
  const text = table(rows);
  console.log(text);
  if (process.argv.includes('--write') && named.length === 0) {
    const doc = readFileSync(docs, 'utf8');
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    if (from === -1 || to === -1) throw new Error(`docs/packages.md has no ${start} ... ${end} markers`);
    writeFileSync(docs, `${doc.slice(0, from + start.length)}\n${text}\n${doc.slice(to)}`);
  }
  const runtime = rows.find((row) => row.name === '@qbank/runtime');
  if (runtime && runtime.installed >= runtimeLimit) {
    console.error(`@qbank/runtime installs ${kb(runtime.installed)}: over the 1 MB budget`);
    process.exitCode = 1;
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
