// Every public package carries its publishing metadata (scripts/package-metadata.mjs
// writes it: license, repository, engines, types, files, publishConfig) and a
// README whose links work on the registry page.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without declarations.
import { publicPackageDirs, syncPackageMetadata } from '../scripts/package-metadata.mjs';
import { repoRoot } from './helpers/cli.js';

const dirs = (publicPackageDirs as () => string[])();

describe('published package metadata', () => {
  it('is as scripts/package-metadata.mjs writes it (run it to update)', () => {
    expect((syncPackageMetadata as (check: boolean) => string[])(true)).toEqual([]);
  });

  it.each(dirs)('%s has a README with install, an example and absolute links', (dir) => {
    const readme = path.join(repoRoot, dir, 'README.md');
    expect(existsSync(readme)).toBe(true);
    const text = readFileSync(readme, 'utf8');
    const name = (JSON.parse(readFileSync(path.join(repoRoot, dir, 'package.json'), 'utf8')) as { name: string }).name;
    expect(text).toContain(name);
    expect(text).toMatch(/```/);
    expect(text).toMatch(/https:\/\/github\.com\/[\w.-]+\/[\w.-]+\/(blob|tree)\/main\//);
  });
});
