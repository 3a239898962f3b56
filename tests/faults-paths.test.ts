// The one containment helper: paths as written and paths through symlinks.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containPath, isPathInside, realPath } from '@qbank/core';

const dir = mkdtempSync(path.join(tmpdir(), 'qbank-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isPathInside', () => {
  it.each([
    ['/a/b', '/a/b', true],
    ['/a/b', '/a/b/c', true],
    ['/a/b', '/a/b/c/../d', true],
    ['/a/b', '/a/bc', false],
    ['/a/b', '/a', false],
    ['/a/b', '/a/b/..x', true],
    ['/a/b', '/a/b/..', false],
    ['/a/b', '/a/b/../bc', false],
    ['/a/b/', '/a/b/c', true],
  ])('%s contains %s: %s', (root, target, inside) => {
    expect(isPathInside(root, target)).toBe(inside);
  });
});

describe('containPath', () => {
  const bank = path.join(dir, 'bank');
  const outside = path.join(dir, 'outside');
  mkdirSync(path.join(bank, 'images', 'real'), { recursive: true });
  mkdirSync(path.join(bank, '..x'), { recursive: true });
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(outside, 'secret'), 'secret');
  writeFileSync(path.join(bank, 'images', 'real', 'a.png'), 'png');
  symlinkSync(outside, path.join(bank, 'images', 'sysdir'));
  symlinkSync(path.join(outside, 'secret'), path.join(bank, 'images', 'leak.png'));
  symlinkSync(path.join(bank, 'images', 'real'), path.join(bank, 'images', 'inner'));
  symlinkSync(path.join(bank, 'images'), path.join(dir, 'bank-link'));

  it('keeps a plain file inside', () => {
    expect(containPath(bank, path.join(bank, 'images', 'real', 'a.png'))).toMatchObject({ inside: true });
  });
  it('sees a symlinked file pointing out', () => {
    expect(containPath(bank, path.join(bank, 'images', 'leak.png'))).toEqual({
      inside: false,
      real: realPath(path.join(outside, 'secret')),
      linked: true,
    });
  });
  it('sees a symlinked folder pointing out, even for missing files under it', () => {
    expect(containPath(bank, path.join(bank, 'images', 'sysdir', 'shadow')).inside).toBe(false);
    expect(containPath(bank, path.join(bank, 'images', 'sysdir', 'secret')).inside).toBe(false);
  });
  it('accepts a symlink that stays inside', () => {
    expect(containPath(bank, path.join(bank, 'images', 'inner', 'a.png'))).toMatchObject({
      inside: true,
      linked: true,
    });
  });
  it('accepts a missing file inside and a folder named ..x', () => {
    expect(containPath(bank, path.join(bank, 'images', 'nope.png'))).toMatchObject({ inside: true, linked: false });
    expect(containPath(bank, path.join(bank, '..x', 'a')).inside).toBe(true);
  });
  it('resolves the root through symlinks too, and accepts allowed folders', () => {
    expect(containPath(path.join(dir, 'bank-link'), path.join(bank, 'images', 'real', 'a.png')).inside).toBe(true);
    expect(containPath(bank, path.join(outside, 'secret'), [outside]).inside).toBe(true);
  });
});
