import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
// Tests run against the TypeScript sources of every package, no build needed.
// Subpath entries come first: an alias matches by prefix.
const alias = [
  { find: '@qbank/runtime/node', replacement: `${root}packages/runtime/src/node.ts` },
  ...readdirSync(`${root}packages`).map((dir) => ({
    find: (JSON.parse(readFileSync(`${root}packages/${dir}/package.json`, 'utf8')) as { name: string }).name,
    replacement: `${root}packages/${dir}/src/index.ts`,
  })),
];

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['tests/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
