import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
} from 'node:fs';
import path from 'node:path';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  processRunning,
  processScope,
  processStartTime,
  removeAbandoned,
  tempPathFor,
  writeAllSync,
} from '@qbank/atomic-write';

/** Who holds a lock, as its file says. */
export interface LockOwner {
  /** Process id, meaningful within `scope`. */
  pid: number;
  /** Host, boot and PID namespace of the process (`processScope`). */
  scope: string;
  /** Host name, for messages. */
  host: string;
  /** When the process started, as the kernel counts it (tells a reused pid apart). */
  processStart: string | null;
  /** When the lock was taken (ISO time). */
  since: string;
  /** Random token of this holding. */
  token: string;
}

/** How `acquireLock` waits and decides that a lock is abandoned. */
export interface LockOptions {
  /**
   * How long to wait for a lock held by a live process before giving up.
   *
   * @default 30000
   */
  waitMs?: number | undefined;
  /**
   * A lock whose holder cannot be checked from here (another machine or
   * container) is abandoned when its file has not been touched for this long;
   * the holder touches it every `heartbeatMs`.
   *
   * @default 600000
   */
  staleMs?: number | undefined;
  /**
   * How often the holder touches the lock file.
   *
   * @default 5000
   */
  heartbeatMs?: number | undefined;
}

/** A lock held by this process. */
export interface HeldLock {
  /** The lock file. */
  file: string;
  /** Let go of it (the file is removed if it is still ours). */
  release: () => void;
}

/** Raised when a lock stays held by a live process longer than the wait allows. */
export class LockHeldError extends Error {
  /** The lock file. */
  readonly file: string;
  /** Its holder, when its file could be read. */
  readonly owner: LockOwner | undefined;

  /**
   * @param file The lock file.
   * @param owner Its holder.
   */
  constructor(file: string, owner: LockOwner | undefined) {
    super(
      owner
        ? `${file} is held by process ${owner.pid} on ${owner.host} since ${owner.since}`
        : `${file} is held by another process`,
    );
    this.name = 'LockHeldError';
    this.file = file;
    this.owner = owner;
  }
}

function readOwner(file: string): { text: string; owner: LockOwner | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return { text, owner: typeof owner.pid === 'number' && typeof owner.scope === 'string' ? owner : undefined };
  } catch {
    return { text, owner: undefined };
  }
}

/**
 * Whether a lock's holder is gone: in this process's scope, its process is
 * not running or is another process with the same id (a different start
 * time); elsewhere, or when the file cannot be read yet, its file has not
 * been touched for `staleMs`.
 */
const unreadableStaleMs = 5_000;

function abandoned(file: string, owner: LockOwner | undefined, staleMs: number): boolean {
  if (owner && owner.scope === processScope()) {
    if (!processRunning(owner.pid)) return true;
    const started = processStartTime(owner.pid);
    return owner.processStart !== null && started !== undefined && started !== owner.processStart;
  }
  const touched = statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  // A lock without a readable owner is one whose writer was killed while creating it (where
  // hard links are not supported): it is given a few seconds.
  const limit = owner ? staleMs : Math.min(staleMs, unreadableStaleMs);
  return touched === undefined || Date.now() - touched >= limit;
}

/**
 * Create the lock file whole, or not at all: its content goes to a temporary
 * file first, hard-linked to the lock's name (atomic, and fails when the lock
 * exists, as `O_EXCL` does), so that no process ever sees a lock without its
 * owner. Where hard links are not supported, the file is created with
 * `O_EXCL` and written at once.
 */
function create(file: string, owner: LockOwner): boolean {
  const text = `${JSON.stringify(owner)}\n`;
  const temp = tempPathFor(file);
  createExclusive(temp, text);
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
      return createExclusive(file, text);
    }
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function createExclusive(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  let failure: unknown;
  try {
    writeAllSync(fd, Buffer.from(text), file);
    fsyncSync(fd);
  } catch (error) {
    failure = error;
  }
  closeSync(fd);
  if (failure) {
    unlinkSync(file);
    throw failure;
  }
  return true;
}

/** Remove what `breakLock` set aside and a kill left there (a breaker at work holds one for an instant). */
function removeSetAside(file: string): void {
  const prefix = `${path.basename(file)}.stale-`;
  try {
    for (const name of readdirSync(path.dirname(file))) {
      if (name.startsWith(prefix)) rmSync(path.join(path.dirname(file), name), { force: true });
    }
  } catch {
    // Left for a later run.
  }
}

/**
 * Remove an abandoned lock, unless another process replaced it meanwhile:
 * it is moved aside first (one process wins), and put back when what was
 * moved is not what was judged abandoned.
 */
function breakLock(file: string, seen: string): void {
  const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch {
    return;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    // Treated as not the one seen.
  }
  if (moved !== seen) {
    try {
      renameSync(aside, file);
    } catch {
      // Nothing to put back.
    }
    return;
  }
  unlinkSync(aside);
}

/**
 * Take a lock file atomically (created with `O_EXCL`), holding the owner's
 * pid, host, boot and namespace scope, process start time and the time taken.
 * A lock whose holder is gone (`abandoned`) is broken; a live holder is
 * waited for up to `waitMs`, then `LockHeldError` is raised. While held, the
 * file is touched every `heartbeatMs`, so that a holder in another container
 * shows it is alive.
 *
 * @param file The lock file.
 * @param options How to wait.
 * @returns The lock; call `release` when done (also on failure).
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<HeldLock> {
  const { waitMs = 30_000, staleMs = 600_000, heartbeatMs = 5_000 } = options;
  const owner: LockOwner = {
    pid: process.pid,
    scope: processScope(),
    host: hostname(),
    processStart: processStartTime(process.pid) ?? null,
    since: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const deadline = Date.now() + waitMs;
  // Temporary files of lock takers that were killed, and locks set aside by breakers that were.
  removeAbandoned(path.dirname(file), path.basename(file));
  removeSetAside(file);
  for (;;) {
    if (create(file, owner)) break;
    const seen = readOwner(file);
    if (seen === undefined) continue;
    if (abandoned(file, seen.owner, staleMs)) {
      breakLock(file, seen.text);
      continue;
    }
    if (Date.now() >= deadline) throw new LockHeldError(file, seen.owner);
    await sleep(100);
  }
  const beat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(file, now, now);
    } catch {
      // The file is gone: release finds out.
    }
  }, heartbeatMs);
  beat.unref();
  return {
    file,
    release: () => {
      clearInterval(beat);
      if (readOwner(file)?.owner?.token === owner.token) unlinkSync(file);
    },
  };
}
