// Keeps the publishing metadata of every public workspace package in one
// place: license, repository (with its directory), homepage, engines, types,
// files, and the `publishConfig` that pnpm applies when it packs a package
// (the `qbank-source` export condition points at `src/`, which no tarball
// holds, so the packed exports drop it). README links to the full docs are
// absolute (they must work on the registry page) and use the same base:
// relative links are rewritten to it.
//
//   node scripts/package-metadata.mjs           write the fields and links
//   node scripts/package-metadata.mjs --check   exit 1 when anything differs
//   node scripts/package-metadata.mjs packages/cli   only the named folders
//
// To move the repository, change `repositoryUrl` and run the script.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The public repository: every package's `repository` and every README link. */
export const repositoryUrl = 'https://github.com/qbank-org/qbank';
/** The branch README links point at. */
export const branch = 'main';
/** Node versions every package supports. */
export const nodeEngines = '^20.15.0 || >=22.2.0';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The workspace's package folders that are published (not `private`),
 * relative to the repository root: `packages/*` and `schemas`.
 *
 * @returns Folder paths with forward slashes, sorted.
 */
export function publicPackageDirs() {
  const dirs = readdirSync(path.join(root, 'packages'))
    .map((name) => `packages/${name}`)
    .concat('schemas')
    .filter((dir) => existsSync(path.join(root, dir, 'package.json')));
  return dirs.filter((dir) => !readJson(path.join(root, dir, 'package.json')).private).sort();
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Exports without the `qbank-source` condition, as the tarball's manifest has them. */
export function publishedExports(exports) {
  if (typeof exports !== 'object' || exports === null) return exports;
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([key]) => key !== 'qbank-source')
      .map(([key, value]) => [key, publishedExports(value)]),
  );
}

function hasSourceCondition(exports) {
  return JSON.stringify(exports ?? null).includes('"qbank-source"');
}

/** Insert or replace `key` after `after` (or at its old place), keeping the other keys' order. */
function setKey(pkg, key, value, after) {
  if (key in pkg) return { ...pkg, [key]: value };
  const out = {};
  for (const [k, v] of Object.entries(pkg)) {
    out[k] = v;
    if (k === after) out[key] = value;
  }
  if (!(key in out)) out[key] = value;
  return out;
}

/** The manifest with the publishing fields of the package in `dir` set. */
export function withMetadata(pkg, dir) {
  let out = { ...pkg };
  out = setKey(out, 'license', out.license ?? 'MIT', 'description');
  out = setKey(out, 'repository', { type: 'git', url: `git+${repositoryUrl}.git`, directory: dir }, 'license');
  out = setKey(out, 'homepage', `${repositoryUrl}/tree/${branch}/${dir}#readme`, 'repository');
  out = setKey(out, 'bugs', `${repositoryUrl}/issues`, 'homepage');
  out = setKey(out, 'engines', { node: nodeEngines }, 'sideEffects' in out ? 'sideEffects' : 'type');
  const rootTypes = out.exports?.['.']?.types;
  if (rootTypes) out = setKey(out, 'types', rootTypes, 'engines');
  const files = new Set(out.files ?? []);
  files.add('README.md');
  out = setKey(out, 'files', [...files], 'exports');
  const publishConfig = { ...out.publishConfig, access: 'public' };
  if (hasSourceCondition(out.exports)) publishConfig.exports = publishedExports(out.exports);
  else delete publishConfig.exports;
  out = setKey(out, 'publishConfig', publishConfig, 'exports');
  return out;
}

/** Absolute links to this repository's files, whatever base they were written with. */
const linkPattern = /https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(blob|tree)\/[\w.-]+\//g;

/** Markdown links to a relative path: they break on the registry page. */
const relativeLinkPattern = /\]\((?![a-z][a-z+.-]*:|#)([^)\s]+)\)/gi;

function withLinks(readme, dir) {
  return readme
    .replace(linkPattern, (_, kind) => `${repositoryUrl}/${kind}/${branch}/`)
    .replace(relativeLinkPattern, (_, target) => {
      const [file, hash] = target.split('#');
      const resolved = path.posix.normalize(path.posix.join(dir, file));
      const kind = file.endsWith('/') || !path.posix.extname(resolved) ? 'tree' : 'blob';
      return `](${repositoryUrl}/${kind}/${branch}/${resolved.replace(/\/$/, '')}${hash ? `#${hash}` : ''})`;
    });
}

/**
 * Apply (or, with `check`, compare) the metadata of every public package.
 *
 * @param {boolean} check Only report differences.
 * @param {string[]} [only] Only these package folders (default: all).
 * @returns {string[]} The files that differ (check) or were rewritten.
 */
export function syncPackageMetadata(check, only = []) {
  const changed = [];
  for (const dir of publicPackageDirs().filter((name) => !only.length || only.includes(name))) {
    const manifest = path.join(root, dir, 'package.json');
    const before = readFileSync(manifest, 'utf8');
    const after = JSON.stringify(withMetadata(JSON.parse(before), dir), null, 2) + '\n';
    const readme = path.join(root, dir, 'README.md');
    const pairs = [[manifest, before, after]];
    if (existsSync(readme)) {
      const text = readFileSync(readme, 'utf8');
      pairs.push([readme, text, withLinks(text, dir)]);
    }
    for (const [file, old, next] of pairs) {
      if (old === next) continue;
      changed.push(path.relative(root, file));
      if (!check) writeFileSync(file, next);
    }
  }
  return changed;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
  const changed = syncPackageMetadata(check, only);
  for (const file of changed) console.log(`${check ? 'out of date' : 'updated'}: ${file}`);
  if (check && changed.length) {
    console.error('Run `node scripts/package-metadata.mjs` to update them.');
    process.exit(1);
  }
}
