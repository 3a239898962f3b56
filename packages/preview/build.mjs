// Builds @qbank/preview like scripts/build-package.mjs, and the page's own
// files: the browser script (client/main.ts with @qbank/runtime bundled in)
// as dist/client.js and the style sheet as dist/app.css.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
execFileSync(process.execPath, ['../../scripts/build-package.mjs'], { stdio: 'inherit' });
await build({
  entryPoints: ['client/main.ts'],
  outfile: 'dist/client.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  conditions: ['qbank-source'],
  logLevel: 'warning',
  legalComments: 'none',
});
copyFileSync('client/app.css', 'dist/app.css');
console.log(`built ${pkg.name} page`);
