// Builds @qbank/runtime like scripts/build-package.mjs, with two entries: the
// main entry for any JavaScript platform (browsers, React Native, Node; no
// Node built-ins) and `./node` for Node. Dependencies stay external.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const common = {
  bundle: true,
  packages: 'external',
  format: 'esm',
  outdir: 'dist',
  logLevel: 'warning',
  legalComments: 'none',
};

rmSync('dist', { recursive: true, force: true });
await build({ ...common, entryPoints: ['src/index.ts'], platform: 'neutral', target: 'es2022' });
await build({ ...common, entryPoints: ['src/node.ts'], platform: 'node', target: 'node20' });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
console.log(`built ${pkg.name}`);
