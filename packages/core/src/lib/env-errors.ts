/** A failure of the machine qbank runs on (disk full, read-only, permissions), not of qbank or the content. */
export interface EnvironmentProblem {
  /** The system's error code, e.g. `ENOSPC`. */
  code: string;
  /** The file or folder concerned, when known. */
  path: string | undefined;
  /** Whether qbank was reading or writing it. */
  action: 'read' | 'write';
  /** The cause in plain words, e.g. "the disk is full". */
  cause: string;
  /** What to do about it. */
  hint: string;
}

const causes: Record<string, [cause: string, hint: string]> = {
  ENOSPC: ['the disk is full', 'Free some space on that disk, then run the command again.'],
  EDQUOT: ['your disk quota is used up', 'Free some space or ask for a larger quota, then run again.'],
  EROFS: [
    'the file system is read-only',
    'Run the command where it may write (a writable copy, or --out and QBANK_CACHE_DIR on a writable disk).',
  ],
  EACCES: ['permission denied', 'Check who owns the file or folder and its permissions.'],
  EPERM: [
    'the operation is not permitted (permissions, or the file is locked by another program)',
    'Check the permissions, or close the program that holds the file.',
  ],
  ENAMETOOLONG: [
    'the file name is too long for the file system',
    'Use a shorter path (a shorter --out or folder names).',
  ],
  EMFILE: ['this process has too many files open', 'Raise the limit (`ulimit -n`) or run with fewer --jobs.'],
  ENFILE: ['the system has too many files open', 'Close some programs, or raise the system-wide limit.'],
  EIO: ['the disk reported an input/output error', 'Check the disk or the network file system.'],
  EBUSY: ['the file or folder is busy (used by another program)', 'Close the program that uses it, then run again.'],
  ETXTBSY: ['the file is busy (a running program)', 'Stop the program that runs it, then run again.'],
  ENOTDIR: ['a part of the path is a file, not a folder', 'Check the path for a file where a folder is expected.'],
  EISDIR: ['it is a folder where a file is expected', 'Check the path.'],
  ELOOP: ['it goes through too many symbolic links', 'Check the symbolic links on the path.'],
  EXDEV: ['it would move across file systems', 'Keep the output folder on one file system.'],
  ENOMEM: ['the system is out of memory', 'Close some programs, or run with fewer --jobs.'],
  ESTALE: ['the network file system lost the file', 'Mount the network file system again, then run again.'],
};

const writing = new Set(['open', 'write', 'writev', 'mkdir', 'rename', 'link', 'unlink', 'rmdir', 'rm', 'copyfile']);

/**
 * The environment problem an error stands for, when it stands for one: a
 * system error of the kind that the disk, the file system or the permissions
 * cause (never `ENOENT`, which is usually a wrong path).
 *
 * @param error Anything thrown.
 * @returns The problem, or `undefined` for any other error.
 */
export function environmentProblem(error: unknown): EnvironmentProblem | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, path, syscall } = error as NodeJS.ErrnoException;
  const known = typeof code === 'string' ? causes[code] : undefined;
  if (!known) return undefined;
  return {
    code: code!,
    path: typeof path === 'string' ? path : undefined,
    action: typeof syscall === 'string' && !writing.has(syscall) ? 'read' : 'write',
    cause: known[0],
    hint: known[1],
  };
}

/**
 * An environment problem in one line: `cannot write <path>: the disk is full (ENOSPC)`.
 *
 * @param problem The problem.
 * @returns The sentence.
 */
export function describeEnvironmentProblem(problem: EnvironmentProblem): string {
  const where = problem.path ? ` ${problem.path}` : '';
  return `cannot ${problem.action}${where}: ${problem.cause} (${problem.code})`;
}
