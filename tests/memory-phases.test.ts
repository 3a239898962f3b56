import vm from 'node:vm';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectFromFiles, phaseEnded } from '../packages/pipeline/src/lib/memory.js';

/** A weak reference to an object no one else holds (made in its own function, so that no local keeps it). */
function unreferenced(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill('garbage') });
}

describe('memory between the phases of a run', () => {
  it('collects what a phase left on a large bank, and leaves gc unexposed', async () => {
    const ref = unreferenced();
    // A weak target lives to the end of the job that made it.
    await nextTurn();
    phaseEnded(collectFromFiles);
    expect(ref.deref()).toBeUndefined();
    // The flag was set only for as long as it took to get the function.
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
    // Asked again, it collects again (the function is kept).
    const again = unreferenced();
    await nextTurn();
    phaseEnded(collectFromFiles * 2);
    expect(again.deref()).toBeUndefined();
  });
});
