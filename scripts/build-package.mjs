// Builds the workspace package in the current directory: esbuild bundles its
// own source (dependencies stay external) and tsc writes the declarations.
// A package may list entry points to bundle self-contained, dependencies
// included (`qbankBuild.selfContained`): the CLI's `bin.js` starts in a
// fraction of the time when Node does not resolve hundreds of modules.
// `qbankBuild.copy` lists folders whose files (by extension) are copied into
// the package at build time: the CLI ships the authoring JSON Schemas so a
// bank's config can name `./node_modules/@qbank/cli/dist/schemas/...`.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const selfContained = pkg.qbankBuild?.selfContained ?? [];
const entryPoints = ['src/index.ts', 'src/bin.ts', 'src/worker.ts'].filter(
  (file) => existsSync(file) && !selfContained.includes(file),
);
const common = {
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'none',
};

rmSync('dist', { recursive: true, force: true });
await build({ ...common, entryPoints, outdir: 'dist', bundle: true, packages: 'external' });
if (selfContained.length) {
  await build({
    ...common,
    entryPoints: selfContained,
    outdir: 'dist',
    bundle: true,
    splitting: true,
    // Chunks beside the entries: the pipeline finds `./worker.js` next to its own module.
    chunkNames: '[name]-[hash]',
    external: pkg.qbankBuild.external ?? [],
    // CommonJS dependencies call require(); give the ES module bundle one.
    banner: {
      js: "import { createRequire as __qbankRequire } from 'node:module'; const require = __qbankRequire(import.meta.url);",
    },
  });
}
for (const { from, to, ext } of pkg.qbankBuild?.copy ?? []) {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)
    .filter((file) => file.endsWith(ext))
    .sort()) {
    copyFileSync(path.join(from, name), path.join(to, name));
  }
}
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
console.log(`built ${pkg.name}`);
