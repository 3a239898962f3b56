import type { CompileOptions } from './compile.js';
import { createAssemblyMemo, type AssemblyMemo } from './assemble/memo.js';
import { fullBundle } from './assemble/full.js';
import { patchBundle } from './assemble/patch.js';
import type { Bundle, CompiledItem } from './model.js';

export type { AssemblyMemo } from './assemble/memo.js';
export { createAssemblyMemo } from './assemble/memo.js';

/**
 * Assemble a bundle from items compiled one by one (`compileItem`): drop
 * links to notes that are not published, add backlinks and content hashes,
 * continue revisions from the previous release, and write the chunks,
 * changelog, curriculum and manifest.
 *
 * With a memo that made the last bundle, a call in which only a few
 * published questions changed in place (same id, system, notes, taxonomy
 * tags and images) patches that bundle: only their chunks, the manifest and,
 * when their change class moved, the changelog are made again. The bytes are
 * those a full assembly gives.
 *
 * The work is in `assemble/`: `memo` (what is kept between calls),
 * `serialise` (chunk, changelog and manifest bytes), `placement` (each
 * record, its chunk and serialised form), `full` (a whole bundle) and `patch`
 * (the last bundle with a few questions put in).
 *
 * @param compiled Every item of the bank (any status), in any order.
 * @param options Bank name, version, content root, taxonomy, previous release, profile.
 * @param memo What the last calls made (watch mode); none: everything is made afresh.
 * @returns The bundle's files and manifest. With a memo, the next call builds on them: treat them
 *   as read-only.
 */
export function assembleBundle(
  compiled: readonly CompiledItem[],
  options: CompileOptions,
  memo: AssemblyMemo = createAssemblyMemo(false),
): Bundle {
  return (memo.last && patchBundle(memo.last, compiled, options, memo)) ?? fullBundle(compiled, options, memo);
}
