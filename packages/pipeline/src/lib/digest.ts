import { readFileSync } from 'node:fs';
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
 * An id of the code that makes results: a hash of every qbank package's
 * built module, so that any change to qbank (a release, or a local build)
 * makes old cache entries stale. When the modules cannot be located (running
 * from TypeScript sources), the id says so and depends on nothing else.
 *
 * @returns A hex digest, or `source`.
 */
export function toolchainId(): string {
  if (toolchain !== undefined) return toolchain;
  try {
    const hash = toolchainPackages.map((name) => {
      const url = import.meta.resolve(name);
      if (!url.startsWith('file:') || !url.endsWith('.js')) throw new Error('not a built module');
      return sha256(readFileSync(fileURLToPath(url)));
    });
    toolchain = sha256(hash.join('\n'));
  } catch {
    toolchain = 'source';
  }
  return toolchain;
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
    }),
  );
}
