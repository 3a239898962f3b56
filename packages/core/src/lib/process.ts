/**
 * Whether a process is running: what tells a temporary file or directory
 * named after a killed build (gone) from one a build is writing now.
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
