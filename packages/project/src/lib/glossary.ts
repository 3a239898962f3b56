import { readFileSync } from 'node:fs';
import { parseYaml, readYamlFile, reportDiagnostic, yamlPlace, type Glossary, type SourceRange } from '@qbank/core';
import type { VFile } from 'vfile';
import type { ProjectConfig } from './config.js';
import { environmentFileProblem } from './environment-file-check.js';
import { glossaryFile } from './environment-files.js';

/** A loaded glossary. */
export interface LoadedGlossary {
  /** The glossary, or `undefined` when the bank has none or it has problems. */
  glossary: Glossary | undefined;
  /** The glossary file with its diagnostics (empty path when there is none). */
  file: VFile;
}

/**
 * Load the bank's glossary, `glossary.yaml` in the content root, when it
 * exists: checked against `schemas/glossary.schema.json`, and no term or
 * variant may be declared twice (case-insensitively), since a reader's tap on
 * it could then show either definition.
 *
 * @param config The resolved config.
 * @param cwd Directory diagnostics are reported relative to.
 * @returns The glossary, and the file with diagnostics.
 */
export function loadGlossary(config: ProjectConfig, cwd: string = process.cwd()): LoadedGlossary {
  const file = glossaryFile(config);
  const refused = environmentFileProblem(config, file, 'glossary/invalid-file', cwd);
  if (refused) return { glossary: undefined, file: refused };
  const loaded = readYamlFile(file, false, 'glossary', 'glossary/invalid-file', cwd);
  const glossary = loaded.data as Glossary | undefined;
  if (!glossary) return { glossary: undefined, file: loaded.file };
  const duplicates = duplicateNames(glossary);
  if (duplicates.length === 0) return { glossary, file: loaded.file };
  const parsed = parseYaml(readFileSync(file, 'utf8'), 0, { start: { line: 1, column: 1 } });
  for (const { name, first, at } of duplicates) {
    reportDiagnostic(loaded.file, {
      ruleId: 'glossary/duplicate-term',
      message: `Unexpected second entry for \`${name}\`, expected each term and variant once (first in the entry for \`${glossary.terms[first]!.term}\`)`,
      hint: 'Merge the two entries, or remove the name from one of them.',
      place: yamlPlace(parsed.yaml, at),
    });
  }
  return { glossary: undefined, file: loaded.file };
}

/** A glossary entry's link to the note that explains its term. */
export interface GlossaryNoteLink {
  /** The entry's term. */
  term: string;
  /** The note's id, as written. */
  note: string;
  /** Where the id is written in the glossary file. */
  place: SourceRange;
}

/**
 * The links from glossary entries to notes (`note:`), with where each is
 * written, for the checks across files: the bank's notes are known only
 * once every file is read.
 *
 * @param file The glossary file the glossary was read from.
 * @param glossary The glossary.
 * @returns The links, in the glossary's order (the file is parsed again only when there is one).
 */
export function glossaryNoteLinks(file: string, glossary: Glossary): GlossaryNoteLink[] {
  const linked = glossary.terms.flatMap((entry, index) => (entry.note === undefined ? [] : [{ entry, index }]));
  if (!linked.length) return [];
  const start: SourceRange = { start: { line: 1, column: 1 } };
  let places: SourceRange[];
  try {
    const parsed = parseYaml(readFileSync(file, 'utf8'), 0, start);
    places = linked.map(({ index }) => yamlPlace(parsed.yaml, ['terms', index, 'note']));
  } catch {
    // Gone or changed since it was read: the links are placed at the file's start.
    places = linked.map(() => start);
  }
  return linked.map(({ entry }, i) => ({ term: entry.term, note: entry.note!, place: places[i]! }));
}

/** Each term or variant named a second time: the name, the entry that has it first, and the path of the repeat. */
function duplicateNames(glossary: Glossary): { name: string; first: number; at: (string | number)[] }[] {
  const seen = new Map<string, number>();
  const out: { name: string; first: number; at: (string | number)[] }[] = [];
  glossary.terms.forEach((entry, index) => {
    const names: [string, (string | number)[]][] = [
      [entry.term, ['terms', index, 'term']],
      ...(entry.variants ?? []).map((v, i): [string, (string | number)[]] => [v, ['terms', index, 'variants', i]]),
    ];
    const own = new Set<string>();
    for (const [name, at] of names) {
      const key = name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined && !own.has(key)) out.push({ name, first, at });
      else if (first === undefined) seen.set(key, index);
      own.add(key);
    }
  });
  return out;
}
