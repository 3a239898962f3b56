import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseYaml, reportDiagnostic, schemaDiagnostics, schemaValidator, type TagRegistry } from '@qbank/core';
import { VFile } from 'vfile';
import type { ProjectConfig } from './config.js';

/** A loaded tag registry: the declared tags, or `undefined` when there is none or it is invalid. */
export interface LoadedTags {
  /** Declared tags by id, with their descriptions. */
  tags: Map<string, string> | undefined;
  /** The registry file with its diagnostics (empty path when there is none). */
  file: VFile;
}

/**
 * Load the bank's tag registry: the config's `tags` file, or `tags.yaml` in the
 * content root when it exists. Without one, any tag is accepted.
 *
 * @param config The resolved config.
 * @param cwd Directory diagnostics are reported relative to.
 * @returns The tags, and the file with diagnostics.
 */
export function loadTagRegistry(config: ProjectConfig, cwd: string = process.cwd()): LoadedTags {
  const registryPath = config.tags ?? path.join(config.contentRoot, 'tags.yaml');
  if (!config.tags && !existsSync(registryPath)) return { tags: undefined, file: new VFile() };
  const file = new VFile({ path: registryPath, cwd });
  let text: string;
  try {
    text = readFileSync(registryPath, 'utf8');
  } catch (error) {
    reportDiagnostic(file, {
      ruleId: 'tags/invalid-file',
      message: `Cannot read the tag registry: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      hint: 'Check the `tags` path in the qbank config.',
    });
    return { tags: undefined, file };
  }
  const parsed = parseYaml(text, 0, { start: { line: 1, column: 1 } });
  for (const problem of parsed.problems) reportDiagnostic(file, { ...problem, ruleId: 'tags/invalid-file' });
  if (parsed.problems.length) return { tags: undefined, file };
  const validate = schemaValidator('tags');
  if (!validate(parsed.data)) {
    for (const problem of schemaDiagnostics(validate.errors ?? [], parsed.yaml, parsed.data)) {
      reportDiagnostic(file, { ...problem, ruleId: 'tags/invalid-file' });
    }
    return { tags: undefined, file };
  }
  const tags = new Map<string, string>();
  for (const tag of (parsed.data as TagRegistry).tags) tags.set(tag.id, tag.description);
  return { tags, file };
}
