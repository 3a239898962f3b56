import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The version in `@qbank/cli`'s package.json, found upwards from this module
 * (`dist/` when built or installed, `src/lib/` when run from sources).
 *
 * @param from A file inside the package.
 * @returns The version, or `0.0.0` when no package.json of the CLI is found.
 */
export function readCliVersion(from: string = fileURLToPath(import.meta.url)): string {
  let dir = path.dirname(from);
  for (let depth = 0; depth < 4; depth += 1) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === '@qbank/cli' && pkg.version) return pkg.version;
    } catch {
      // No package.json here: look one folder up.
    }
    dir = path.dirname(dir);
  }
  return '0.0.0';
}
