import { statSync } from 'node:fs';
import path from 'node:path';
import { containPath, isPathInside, reportDiagnostic } from '@qbank/core';
import { VFile } from 'vfile';
import type { ProjectConfig } from './config.js';

/** Largest taxonomy, tag or video registry file a bank reads: 8 MiB (real ones are a few KB). */
export const maxEnvironmentFileBytes = 8 * 1024 * 1024;

/**
 * Check a taxonomy or registry file before it is read: a file in the bank may not be a symbolic
 * link out of it (a file the config names outside the bank is read where it is named), and no
 * file may be larger than {@link maxEnvironmentFileBytes}.
 *
 * @param config The resolved config (its `root` is the bank's folder).
 * @param file Absolute path of the file.
 * @param ruleId The file's rule id (`videos/invalid-file`, ...).
 * @param cwd Directory diagnostics are reported relative to.
 * @returns The file with the problem reported, or `undefined` when it may be read.
 */
export function environmentFileProblem(
  config: ProjectConfig,
  file: string,
  ruleId: string,
  cwd: string = process.cwd(),
): VFile | undefined {
  const contained = containPath(config.root, file);
  const stat = statSync(contained.real, { throwIfNoEntry: false });
  let problem: { message: string; hint: string } | undefined;
  if (isPathInside(config.root, file) && !contained.inside) {
    problem = {
      message: `Unexpected symbolic link out of the bank, to ${contained.real}: the file was not read`,
      hint: 'Copy the file into the bank, or name its real place in the qbank config.',
    };
  } else if (stat && stat.size > maxEnvironmentFileBytes) {
    problem = {
      message: `Unexpected file of ${stat.size} bytes, expected at most ${maxEnvironmentFileBytes}`,
      hint: `Check that ${path.basename(file)} is the right file: a taxonomy or registry is a few KB.`,
    };
  }
  if (!problem) return undefined;
  const vfile = new VFile({ path: file, cwd });
  reportDiagnostic(vfile, { ruleId, ...problem });
  return vfile;
}
