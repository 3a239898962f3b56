import { OutputRefusedError } from '@qbank/compiler';
import { describeEnvironmentProblem, environmentProblem, LockHeldError } from '@qbank/core';

/** Raised for a command line that cannot be run; printed without a stack trace. */
export class UsageError extends Error {}

/**
 * What to print for a failure that is not a bug in qbank: a command line that
 * cannot be run, an output folder qbank may not replace, another build
 * writing the same folder, or the machine's own problem (disk full,
 * read-only, permissions).
 *
 * @param error Anything thrown by a command.
 * @returns The lines to print (each starting `qbank: `), or `undefined` for a bug.
 */
export function describeFailure(error: unknown): string | undefined {
  if (error instanceof UsageError) return `qbank: ${error.message}\nRun \`qbank --help\` for usage.\n`;
  if (error instanceof OutputRefusedError) {
    return `qbank: ${error.message}.\nNothing was written or removed.\n`;
  }
  if (error instanceof LockHeldError) {
    return `qbank: another build is writing this output folder: ${error.message}.\nWait for it to finish, or use another --out. Nothing was written.\n`;
  }
  const problem = environmentProblem(error);
  if (problem) {
    return `qbank: environment problem: ${describeEnvironmentProblem(problem)}.\n${problem.hint} The files qbank writes are written whole or not at all: what was there before is unchanged.\n`;
  }
  return undefined;
}
