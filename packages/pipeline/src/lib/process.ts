import { compactItem, compileItem } from '@qbank/compiler';
import { diagnosticFromMessage } from '@qbank/core';
import { lintQuestion, type LintConfig } from '@qbank/lint';
import { readSourceFile } from '@qbank/parser';
import { checkSource, type BankSource } from '@qbank/validate';
import { VFile } from 'vfile';
import { fileKey } from './entry-encoding.js';
import { imageState } from './images.js';
import type { BankEnvironment, FileResult } from './model.js';
import type { WorkDone, WorkItem } from './model.js';

/**
 * Do all the work on one file that does not need the rest of the bank: parse,
 * check (schema, taxonomy, structure, markup, components, images), run the
 * item lint rules and compile. The mdast tree is dropped on return.
 *
 * @param source The file (read) and its kind.
 * @param environment Config, taxonomy and registries.
 * @returns The file's result, as plain data.
 */
export function processSource(source: BankSource, environment: BankEnvironment): FileResult {
  const { config } = environment;
  // Checking reports into the file: a file read is checked as a copy of its own, so that checking
  // it again (an image it shows changed, watch mode's warm-up) does not report everything twice.
  const { path, cwd, value, data } = source.file;
  const read = value === undefined ? source : { ...source, file: new VFile({ path, cwd, value, data: { ...data } }) };
  const check = checkSource(read, {
    taxonomy: environment.taxonomy,
    contentRoot: config.contentRoot,
    tagRegistry: environment.tags,
    videos: environment.videos,
  });
  const { file } = check;
  let lint: FileResult['lint'] = null;
  let compiled: FileResult['compiled'] = null;
  if (check.checked && !file.messages.some((m) => m.fatal === true)) {
    if (check.checked.kind === 'question') {
      lint = lintQuestion(check.checked, {
        config: config.lint as LintConfig | undefined,
        contentRoot: config.contentRoot,
        glossary: environment.glossaryNames,
      });
    }
    // A question's rendered text is kept once, in its prepared record's JSON.
    compiled = compactItem(compileItem(check.checked, config.contentRoot, environment.glossary));
  }
  return {
    path: file.path,
    kind: source.kind,
    diagnostics: file.messages.map((message) => diagnosticFromMessage(message, file.path)),
    facts: check.facts ?? null,
    lint,
    compiled,
    images: [...new Set(check.images)].sort().map(imageState),
  };
}

/**
 * `processSource` for a file sent with its text or by its path alone (read
 * now, and its key computed from what was read).
 *
 * @param item The file.
 * @param environment Config, taxonomy and registries.
 * @param cwd Working directory: messages name files relative to it.
 * @returns Its result, and its key when it was read here.
 */
export function processWorkItem(item: WorkItem, environment: BankEnvironment, cwd: string): WorkDone {
  const file =
    item.value === undefined ? readSourceFile(item.path, cwd) : new VFile({ path: item.path, cwd, value: item.value });
  const result = processSource({ file, kind: item.kind }, environment);
  const read =
    item.value === undefined && file.value !== undefined
      ? { key: fileKey(item.path, String(file.value)), blob: file.data.gitBlob ?? null }
      : null;
  return { result, read };
}
