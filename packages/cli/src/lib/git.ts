import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';

function git(args: string[], cwd: string): string {
  try {
    // A bank's file list runs to megabytes: more than execFileSync's default buffer.
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 2 ** 28 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new UsageError(`git ${args[0]} failed: ${stderr.split('\n')[0] || (error as Error).message}`);
  }
}

/**
 * The Markdown files changed since a git ref: committed, staged, unstaged and
 * untracked changes; deleted files apart (their effect on other files is
 * caught by the bank-level checks).
 *
 * @param ref Any git revision (`origin/main`, `HEAD~3`, a commit).
 * @param cwd Working directory inside the repository.
 * @param within Restrict to these paths (default: the whole repository).
 * @returns Absolute paths of changed and of deleted `.md` and `.mdx` files.
 */
export function changedFiles(
  ref: string,
  cwd: string,
  within: readonly string[] = [],
): { changed: string[]; deleted: string[] } {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  const scope = within.length ? ['--', ...within.map((p) => path.resolve(cwd, p))] : [];
  const changed = git(['diff', '--name-only', '--diff-filter=ACMRT', ref, ...scope], cwd);
  const untracked = git(['ls-files', '--others', '--exclude-standard', '--full-name', ...scope], top);
  const deleted = git(['diff', '--name-only', '--diff-filter=D', ref, ...scope], cwd);
  const markdown = (names: string[]) =>
    [...new Set(names)]
      .filter((file) => /\.mdx?$/i.test(file))
      .map((file) => path.join(top, file))
      .sort();
  return {
    changed: markdown([...changed.split('\n'), ...untracked.split('\n')]),
    deleted: markdown(deleted.split('\n')),
  };
}

/**
 * The git blob id of every file tracked at a commit, by absolute path: the
 * content of the files `changedFiles` does not list, read from git's objects
 * in one call rather than from the files.
 *
 * @param ref A commit.
 * @param cwd A directory of the repository.
 * @returns Absolute path to blob id.
 */
export function trackedBlobs(ref: string, cwd: string): Map<string, string> {
  const top = git(['rev-parse', '--show-toplevel'], cwd).trim();
  const blobs = new Map<string, string>();
  for (const entry of git(['ls-tree', '-r', '-z', '--full-tree', ref], top).split('\0')) {
    // <mode> SP <type> SP <object> TAB <path>
    const match = /^\d+ blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
    if (match) blobs.set(path.join(top, match[2]!), match[1]!);
  }
  return blobs;
}

/** Per folder, the last commit found and the `HEAD` it was found under (watch mode asks at every build). */
const commits = new Map<string, { head: string; commit: string | null; commitTime: number | undefined }>();

function lastCommit(dir: string): { commit: string | null; commitTime: number | undefined } {
  const head = headCommit(dir);
  const known = commits.get(dir);
  if (head && known?.head === head) return known;
  let commit: string | null = null;
  let commitTime: number | undefined;
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%H %ct'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const [hash, seconds] = out.split(' ');
    if (hash && /^[0-9a-f]{40,64}$/.test(hash)) commit = hash;
    if (seconds) commitTime = Number(seconds);
  } catch {
    // Not a git repository, or no commits: no commit is recorded.
  }
  if (head) commits.set(dir, { head, commit, commitTime });
  return { commit, commitTime };
}

/**
 * Where the sources come from: the git commit, and a build time that is never
 * the clock: SOURCE_DATE_EPOCH when set, else the commit time.
 *
 * @param dir A directory of the content repository.
 * @param env Environment (for SOURCE_DATE_EPOCH).
 * @returns Commit hash and ISO time, each `null` when unknown.
 */
export function sourceInfo(
  dir: string,
  env: Record<string, string | undefined>,
): { commit: string | null; time: string | null } {
  const { commit, commitTime } = lastCommit(dir);
  const epoch =
    env.SOURCE_DATE_EPOCH !== undefined && /^\d+$/.test(env.SOURCE_DATE_EPOCH)
      ? Number(env.SOURCE_DATE_EPOCH)
      : commitTime;
  return { commit, time: epoch === undefined ? null : new Date(epoch * 1000).toISOString() };
}

/**
 * The commit `HEAD` points at, read from the `.git` folder without starting
 * git (a no-change build answers in well under a second, and starting git
 * took a tenth of that). Loose and packed refs, detached heads and worktrees
 * (a `.git` file) are understood.
 *
 * @param dir A folder inside the repository.
 * @returns The commit hash, or `undefined` when it cannot be read this way.
 */
export function headCommit(dir: string): string | undefined {
  try {
    let gitDir: string | undefined;
    for (let at = path.resolve(dir); ; at = path.dirname(at)) {
      const candidate = path.join(at, '.git');
      if (existsSync(candidate)) {
        gitDir = statSync(candidate).isFile()
          ? path.resolve(
              at,
              readFileSync(candidate, 'utf8')
                .replace(/^gitdir:\s*/, '')
                .trim(),
            )
          : candidate;
        break;
      }
      if (path.dirname(at) === at) return undefined;
    }
    const head = readFileSync(path.join(gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40,64}$/.test(head)) return head;
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    // A worktree keeps its refs in the main repository (`commondir`).
    const common = existsSync(path.join(gitDir, 'commondir'))
      ? path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    for (const base of [gitDir, common]) {
      const loose = path.join(base, ...ref.split('/'));
      if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    }
    const packed = readFileSync(path.join(common, 'packed-refs'), 'utf8');
    return new RegExp(`^([0-9a-f]{40,64}) ${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(packed)?.[1];
  } catch {
    return undefined;
  }
}
