import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson, sha256 } from '@qbank/core';
import type { BankEnvironment } from './model.js';

/** The packages whose code decides a file's result. */
const toolchainPackages = [
  '@qbank/pipeline',
  '@qbank/core',
  '@qbank/parser',
  '@qbank/validate',
  '@qbank/lint',
  '@qbank/compiler',
  '@qbank/taxonomy',
  '@qbank/project',
];

let toolchain: string | undefined;

/**
 * An id of the code that makes results, so that any change to qbank (a
 * release, a local build, an edited source file) makes old cache entries
 * stale: a hash of this module's file and every qbank package's built module,
 * or, when running from TypeScript sources (as the tests do), of every
 * package's source files.
 *
 * @returns A hex digest.
 */
export function toolchainId(): string {
  if (toolchain !== undefined) return toolchain;
  const self = fileURLToPath(import.meta.url);
  const files = [self];
  let fromSources = !self.endsWith('.js');
  for (const name of toolchainPackages) {
    try {
      const url = import.meta.resolve(name);
      if (url.startsWith('file:') && url.endsWith('.js')) files.push(fileURLToPath(url));
      else fromSources = true;
    } catch {
      fromSources = true;
    }
  }
  if (fromSources) files.push(...sourceFiles(self));
  toolchain = sha256(files.map((file) => `${file}\0${sha256(readFileSync(file))}`).join('\n'));
  return toolchain;
}

/** Every file under `packages/*\/src`, found from a file inside one of them. */
function sourceFiles(inside: string): string[] {
  const parts = inside.split(path.sep);
  const at = parts.lastIndexOf('packages');
  if (at === -1) return [];
  const packages = parts.slice(0, at + 1).join(path.sep);
  return readdirSync(packages)
    .flatMap((name) => {
      try {
        return readdirSync(path.join(packages, name, 'src'), { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => path.join(entry.parentPath, entry.name));
      } catch {
        return [];
      }
    })
    .sort();
}

/**
 * The digest of everything besides a file that its result depends on: the
 * toolchain, the config's content settings and lint section, the taxonomy and
 * the registries. A change to any of them makes every cached result stale.
 *
 * @param environment The bank's environment.
 * @returns A hex digest.
 */
export function environmentDigest(environment: BankEnvironment): string {
  const { config, taxonomy } = environment;
  const plain = (value: unknown) => JSON.parse(JSON.stringify(value ?? null)) as unknown;
  return sha256(
    canonicalJson({
      toolchain: toolchainId(),
      node: process.versions.node,
      contentRoot: config.contentRoot,
      questions: config.questions,
      notes: config.notes,
      lint: plain(config.lint),
      taxonomy: plain({
        id: taxonomy.id,
        label: taxonomy.label,
        systems: taxonomy.systems,
        disciplines: taxonomy.disciplines,
        competencies: taxonomy.competencies,
        specGroups: taxonomy.specGroups,
      }),
      tags: environment.tags ? [...environment.tags].sort() : null,
      videos: environment.videos ? plain([...environment.videos].sort(([a], [b]) => (a < b ? -1 : 1))) : null,
      // The glossary's names in order: compiled questions carry term ranges by entry index. Definitions,
      // translations and note links reach only glossary.json, written at assembly (the run record covers them).
      glossary: environment.glossary ? environment.glossary.terms.map((t) => [t.term, t.variants ?? []]) : null,
    }),
  );
}
