import { realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Whether `target` is `root` itself or lies under it, comparing the paths as written (both are
 * resolved against the working directory first; no file system access, symlinks are NOT followed).
 *
 * Note: a sibling whose name starts with two dots (`/bank/..x`) is inside, and `/a/bc` is not inside
 * `/a/b`: the test is on whole path segments, never on a string prefix.
 *
 * @param root The folder.
 * @param target The path to test.
 * @returns Whether `target` stays inside `root`.
 * @example
 * ```ts
 * isPathInside('/a/b', '/a/b/c'); // true
 * isPathInside('/a/b', '/a/bc'); // false
 * isPathInside('/a/b', '/a/b/..x'); // true
 * ```
 */
export function isPathInside(root: string, target: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(target));
  if (relative === '') return true;
  if (path.isAbsolute(relative)) return false;
  const [first] = relative.split(path.sep);
  return first !== '..';
}

/**
 * The real path of `target`: every symlink along it resolved. A path that does not exist (yet) is
 * resolved as far as it exists, and the missing rest is appended as written.
 *
 * @param target A path (resolved against the working directory when relative).
 * @returns The absolute real path.
 */
export function realPath(target: string): string {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      return path.join(realpathSync(current), ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/** What {@link containPath} found out about a path. */
export interface Containment {
  /** Whether the real path of the target stays inside the real path of one of the roots. */
  inside: boolean;
  /** The target's real path (every symlink resolved). */
  real: string;
  /** Whether the path as written differs from its real path (a symlink somewhere along it). */
  linked: boolean;
}

/**
 * Resolves `target` through symlinks and tells whether it stays inside `root` (also resolved
 * through symlinks) or inside one of the further `allowed` folders. This is the check to make before
 * reading a file a bank names: the path as written may stay inside while a symlink along it points
 * anywhere (`images/sysdir -> /etc`).
 *
 * @param root The folder the file must stay in (the bank).
 * @param target The file, as the content names it (absolute or relative to the working directory).
 * @param allowed Further folders the target may be in (for example ones the config names).
 * @returns Whether it is inside, its real path, and whether a symlink was followed.
 * @example
 * ```ts
 * const { inside } = containPath('/bank', '/bank/images/leak.png'); // false when leak.png -> /etc/passwd
 * ```
 */
export function containPath(root: string, target: string, allowed: readonly string[] = []): Containment {
  const real = realPath(target);
  const inside = [root, ...allowed].some((folder) => isPathInside(realPath(folder), real));
  return { inside, real, linked: real !== path.resolve(target) };
}
