// `qbank preview` started in-process for browser tests: on a free port of 127.0.0.1, over a bank
// folder, and stopped by its abort signal.
import type { CliValues } from '../../packages/cli/src/lib/cli.js';
import { runPreview } from '../../packages/cli/src/lib/preview.js';

/** A running preview server. */
export interface PreviewServer {
  /** Its address, ending in `/`. */
  base: string;
  /** Stop it and wait until it has. */
  stop: () => Promise<void>;
}

/**
 * Start `qbank preview` on the bank in `cwd` and wait until its first build is served.
 *
 * @param env Extra environment for the CLI.
 * @param stderr Where the CLI's messages go.
 */
export async function startPreview(
  cwd: string,
  env: Record<string, string> = {},
  stderr: (text: string) => void = () => undefined,
): Promise<PreviewServer> {
  const controller = new AbortController();
  const io = { cwd, env: { NO_COLOR: '1', ...env }, isTTY: false, stdout: () => undefined, stderr };
  let stopped!: Promise<number>;
  const base = await new Promise<string>((resolve, reject) => {
    stopped = runPreview([], { port: '0' } as CliValues, io, { signal: controller.signal, onListening: resolve });
    stopped.catch(reject);
  });
  await firstBuild(base);
  return {
    base,
    stop: async () => {
      controller.abort();
      await stopped;
    },
  };
}

/** Wait (up to a minute) until the server reports its first build. */
async function firstBuild(base: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const state = (await (await fetch(`${base}api/state`)).json()) as { build: number };
    if (state.build > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the preview server built nothing within a minute');
}
