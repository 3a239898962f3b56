import { createHash } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Whether a process is running: what tells a temporary file or directory
 * named after a killed build (gone) from one a build is writing now.
 *
 * Note: a process id means something only on the same machine, boot and PID
 * namespace (a container sees other ids); compare `ownerTag`s first.
 *
 * @param pid A process id.
 * @returns Whether it runs (a process of another user, which cannot be signalled, counts as running).
 */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

let scope: string | undefined;

/**
 * Where process ids of this process mean what they say: a short hash of the
 * host name, the boot id and the PID namespace. Two processes with the same
 * scope can check each other's ids; with different scopes (another machine
 * sharing the folder, another container, a reboot) they cannot.
 *
 * @returns Eight hex digits.
 */
export function processScope(): string {
  if (scope === undefined) {
    let namespace = '';
    try {
      namespace = readlinkSync('/proc/self/ns/pid');
    } catch {
      // Not Linux: the host name and boot id (when there is one) are all there is.
    }
    const boot = readText('/proc/sys/kernel/random/boot_id');
    scope = createHash('sha256').update(`${hostname()}\0${boot}\0${namespace}`).digest('hex').slice(0, 8);
  }
  return scope;
}

/**
 * When a process started, as the kernel counts it (clock ticks since boot on
 * Linux): with its id, what tells it from a later process given the same id.
 *
 * @param pid A process id.
 * @returns The start time, or `undefined` where it cannot be read (not Linux, process gone).
 */
export function processStartTime(pid: number): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields.length > 19 ? fields[19] : undefined;
}

/**
 * This process's tag for the names of temporary files and folders:
 * `<pid>-<scope>`. `ownerGone` reads it back.
 *
 * @returns The tag.
 */
export function ownerTag(): string {
  return `${process.pid}-${processScope()}`;
}

/** After this long without a change, a temporary file or folder whose owner cannot be checked is abandoned. */
export const abandonedAfterMs = 60 * 60 * 1000;

/**
 * Whether the owner of a temporary file or folder named with `ownerTag` is
 * gone: its process is not running here, or, when its id cannot be checked
 * from here (another scope, no tag), the file has not changed for an hour.
 *
 * @param tag The `<pid>-<scope>` of the name (an older name may have the pid alone).
 * @param modifiedMs When the file or folder (or what it holds) last changed.
 * @param now The time now, ms.
 * @returns Whether it may be removed.
 */
export function ownerGone(tag: string, modifiedMs: number, now: number = Date.now()): boolean {
  const [pid, tagScope] = tag.split('-');
  const id = Number(pid);
  if (Number.isInteger(id) && id > 0 && tagScope === processScope()) {
    return id !== process.pid && !processRunning(id);
  }
  return now - modifiedMs >= abandonedAfterMs;
}
