// Builds @qbank/runtime like scripts/build-package.mjs, with two entries: the
// main entry for any JavaScript platform (browsers, React Native, Node; no
// Node built-ins) and `./node` for Node. Dependencies stay external; the
// two small libraries it uses are bundled (below).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
// minisearch and ts-fsrs are bundled (tree-shaken) into the main entry: each
// installs about 750 KB of CommonJS, ES and UMD builds and source maps, and
// the runtime installs under 1 MB only without them. Their licenses ship in
// dist/THIRD-PARTY-LICENSES.md.
const bundled = ['minisearch', 'ts-fsrs'];
const common = {
  bundle: true,
  external: Object.keys(pkg.dependencies ?? {}),
  format: 'esm',
  outdir: 'dist',
  logLevel: 'warning',
  legalComments: 'none',
};

rmSync('dist', { recursive: true, force: true });
await build({ ...common, entryPoints: ['src/index.ts'], platform: 'neutral', target: 'es2022' });
await build({ ...common, entryPoints: ['src/node.ts'], platform: 'node', target: 'node20' });
writeFileSync(
  'dist/THIRD-PARTY-LICENSES.md',
  bundled
    .map((name) => {
      const dir = path.join('node_modules', name);
      const license = readdirSync(dir).find((file) => /^licen[cs]e/i.test(file));
      return `# ${name}\n\n${readFileSync(path.join(dir, license), 'utf8').trim()}\n`;
    })
    .join('\n'),
);
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
console.log(`built ${pkg.name}`);
