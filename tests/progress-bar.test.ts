// The progress bar of long runs.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from './helpers/fs.js';

let work: string;

beforeAll(() => {
  work = makeTempDir('progress-bar');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the progress bar', () => {
  it('draws on a terminal only, never in CI logs or pipes, and clears itself', async () => {
    const { progressBar } = await import('../packages/cli/src/lib/progress.js');
    let written = '';
    const io = (env: Record<string, string>, stderrIsTTY: boolean) => ({
      cwd: work,
      env,
      isTTY: false,
      stderrIsTTY,
      stdout: () => undefined,
      stderr: (text: string) => (written += text),
    });
    expect(progressBar(io({ CI: 'true' }, true))).toBeUndefined();
    expect(progressBar(io({}, false))).toBeUndefined();
    const bar = progressBar(io({}, true))!;
    bar.update(10, 100); // too few files to be worth a bar
    expect(written).toBe('');
    bar.update(300, 300);
    expect(written).toContain('[##############################] 300/300 files');
    bar.done();
    expect(written.endsWith('\r')).toBe(true);
  });
});
