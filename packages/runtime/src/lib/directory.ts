import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundleSource } from './source.js';

/**
 * A source over a bundle directory on disk (Node only: import it from
 * `@qbank/runtime/node`). Paths that would leave the directory are refused.
 *
 * @param dir The bundle directory (the one holding `manifest.json`).
 * @returns The source.
 * @example
 * ```ts
 * import { openBundle } from '@qbank/runtime';
 * import { fromDirectory } from '@qbank/runtime/node';
 * const bundle = await openBundle(fromDirectory('dist/bundle'));
 * ```
 */
export function fromDirectory(dir: string): BundleSource {
  const root = path.resolve(dir);
  return {
    async read(file) {
      const full = path.resolve(root, file);
      if (!full.startsWith(root + path.sep)) throw new Error(`\`${file}\` is outside the bundle directory`);
      return new Uint8Array(await readFile(full));
    },
  };
}
