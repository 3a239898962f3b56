// What every command shares with the dispatcher: where output goes, the exit
// codes, the version and the colour rule. Kept apart from cli.ts, which
// imports every command, so a command never imports the dispatcher back.
import { readCliVersion } from './version.js';

/** Where the CLI reads and writes: the process, or a test's buffers. */
export interface CliIo {
  /** Working directory. */
  cwd: string;
  /** Environment variables (for NO_COLOR and FORCE_COLOR). */
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal (colours on by default). */
  isTTY: boolean;
  /** Whether stderr is a terminal (a progress bar on long runs, unless CI is set). */
  stderrIsTTY?: boolean | undefined;
  /** Standard output. */
  stdout: (text: string) => void;
  /** Standard error. */
  stderr: (text: string) => void;
}

/** Exit codes: 0 clean, 1 content errors, 2 usage or internal errors. */
export const exitCodes = { ok: 0, contentErrors: 1, usage: 2 } as const;

/** Version of the CLI, read from its package.json. */
export const cliVersion: string = readCliVersion();

/**
 * Whether to colour output: never with NO_COLOR, always with FORCE_COLOR, else on a terminal.
 *
 * @param io The CLI's environment.
 * @returns `true` to colour.
 */
export function colorEnabled(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}
