import type { CliIo } from './io.js';

/** A progress display on stderr. */
export interface Progress {
  /** Report files done out of a total. */
  update: (done: number, total: number) => void;
  /** Clear the bar. */
  done: () => void;
}

/** Runs with fewer files to process finish before a bar would help. */
const minFiles = 200;
const width = 30;

/**
 * A progress bar for long runs, on a terminal only: never in CI logs (`CI`
 * set) or when stderr is a file or a pipe. It redraws at most ten times a
 * second, on one line, and clears itself when done.
 *
 * @param io Where to write, and whether stderr is a terminal.
 * @returns The bar, or `undefined` when none should be shown.
 */
export function progressBar(io: CliIo): Progress | undefined {
  if (!io.stderrIsTTY || (io.env.CI && io.env.CI !== 'false') || io.env.TERM === 'dumb') return undefined;
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      if (total < minFiles) return;
      const now = performance.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      const filled = Math.round((done / total) * width);
      io.stderr(`\r  [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} files`);
    },
    done() {
      if (shown) io.stderr(`\r${' '.repeat(width + 30)}\r`);
    },
  };
}
