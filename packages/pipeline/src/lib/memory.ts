import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * From how many files read from the disk cache or processed a run collects
 * garbage between its phases. Each phase of a build (the workers' results
 * read back, the cache saved, the checks across files, the bundle
 * assembled) leaves garbage in proportion to those files, which V8 collects
 * only once the heap has grown well past it: on 40,000 questions a cold
 * build peaked at 550 MB, and 455 MB with a full collection at four
 * boundaries, which takes about 0.1 s each there (docs/performance.md). A
 * smaller bank stays well under that peak and gains nothing but the time,
 * and so does a run that finds its results in memory (watch mode).
 */
export const collectFromFiles = 20_000;

let collect: (() => void) | undefined;

/**
 * A full garbage collection now. Node offers it only under `--expose-gc`:
 * the flag is set for as long as it takes to get V8's `gc` function (as
 * Jest's leak detector does) and unset again.
 */
function collectGarbage(): void {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
    v8.setFlagsFromString('--no-expose-gc');
  }
  collect();
}

/**
 * Mark the end of a phase of a run that read or processed `files` files:
 * from `collectFromFiles` on, what the phase left is collected before the
 * next one allocates, so that the process grows with the work in flight,
 * not with every phase's garbage.
 *
 * @param files Files the run read from the disk cache or processed.
 */
export function phaseEnded(files: number): void {
  if (files >= collectFromFiles) collectGarbage();
}
