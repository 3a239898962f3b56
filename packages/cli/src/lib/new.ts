import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ensureDirectory, writeFileAtomic } from '@qbank/core';
import path from 'node:path';
import { defaultConfig, discoverSources, findConfigFile, loadConfig, loadProjectTaxonomy } from '@qbank/project';
import type { Taxonomy, TaxonomyAxis } from '@qbank/taxonomy';
import { UsageError } from './errors.js';

/** What `qbank new` was told. */
export interface NewItemOptions {
  /** Working directory. */
  cwd: string;
  /** Explicit config file. */
  configPath?: string | undefined;
  /** System id or alias. */
  system?: string | undefined;
  /** Discipline ids or aliases, primary first. */
  disciplines?: string[] | undefined;
  /** Competency id or alias (questions). */
  competency?: string | undefined;
  /** Id to use instead of a generated one. */
  id?: string | undefined;
  /** Title (notes) or topic (questions), used in the id. */
  title?: string | undefined;
}

function canonical(taxonomy: Taxonomy, axis: TaxonomyAxis, value: string | undefined, flag: string): string {
  const ids = (
    axis === 'system' ? taxonomy.systems : axis === 'discipline' ? taxonomy.disciplines : taxonomy.competencies
  )
    .filter((e) => e.status === 'active')
    .map((e) => e.id);
  if (!value) throw new UsageError(`\`--${flag}\` is required; one of: ${ids.join(', ')}`);
  const resolution = taxonomy.resolve(axis, value);
  if (resolution.kind === 'id' || resolution.kind === 'alias') return resolution.entry.id;
  const hint =
    resolution.kind === 'unknown' && resolution.suggestion ? ` Did you mean \`${resolution.suggestion}\`?` : '';
  throw new UsageError(`unknown ${axis} \`${value}\`.${hint} Expected one of: ${ids.join(', ')}`);
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 6)
    .join('-');
}

async function existingIds(sources: { file: { value?: unknown; path: string } }[]): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const { file } of sources) {
    const text = typeof file.value === 'string' ? file.value : await readFile(file.path, 'utf8').catch(() => '');
    const match = /^id:\s*['"]?([a-z0-9-]+)/m.exec(text);
    if (match?.[1]) ids.add(match[1]);
  }
  return ids;
}

/**
 * Write a new question or note from a template, with the frontmatter filled
 * in and a fresh id no other item uses.
 *
 * @param kind Question or note.
 * @param options Taxonomy values, id or title.
 * @returns The path written and the id.
 */
export async function createItemFile(
  kind: 'question' | 'note',
  options: NewItemOptions,
): Promise<{ path: string; id: string }> {
  const configPath = options.configPath ? path.resolve(options.cwd, options.configPath) : findConfigFile(options.cwd);
  let config = defaultConfig(path.resolve(options.cwd, 'content'), options.cwd);
  if (configPath) {
    const loaded = loadConfig(configPath, options.cwd);
    if (!loaded.config)
      throw new UsageError(
        `the config file ${path.relative(options.cwd, configPath)} is invalid: run \`qbank validate\``,
      );
    config = loaded.config;
  }
  const taxonomy = loadProjectTaxonomy(config).taxonomy;
  if (!taxonomy) throw new UsageError('the taxonomy file is invalid: run `qbank validate`');
  const system = canonical(taxonomy, 'system', options.system, 'system');
  const disciplines = (options.disciplines?.length ? options.disciplines : [undefined]).map((d) =>
    canonical(taxonomy, 'discipline', d, 'discipline'),
  );
  const { sources } = await discoverSources(config, [], options.cwd);
  const ids = await existingIds(sources);
  let id = options.id;
  if (id) {
    if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id)) throw new UsageError(`\`--id ${id}\` is not lowercase kebab-case`);
    if (ids.has(id)) throw new UsageError(`the id \`${id}\` is already used`);
  } else {
    const stem = [system.split('-')[0], slug(options.title ?? '') || kind].join('-');
    do id = `${stem}-${randomBytes(3).toString('hex')}`;
    while (ids.has(id));
  }
  const folder = kind === 'question' ? 'questions' : 'notes';
  const file = path.join(config.contentRoot, folder, system, `${id}.md`);
  const text =
    kind === 'question'
      ? questionTemplate(
          id,
          system,
          disciplines,
          canonical(taxonomy, 'competency', options.competency ?? 'medical-knowledge', 'competency'),
        )
      : noteTemplate(id, options.title ?? 'Untitled note', system, disciplines);
  await ensureDirectory(path.dirname(file));
  // Created whole or not at all, and never over a file that appeared meanwhile.
  await writeFileAtomic(file, text, { exclusive: true });
  return { path: file, id };
}

function questionTemplate(id: string, system: string, disciplines: string[], competency: string): string {
  return `---
id: ${id}
status: draft
discipline: [${disciplines.join(', ')}]
system: ${system}
competency: ${competency}
difficulty: 3
tags: []
notes: []
authors: []
---

A [age]-year-old [woman/man] comes to the [physician/emergency department] because of [complaint] for [duration].
[History.] [Examination, with vital signs and units.] [Laboratory and imaging results.]

Which of the following is the most likely diagnosis?

- [ ] Option A
  Why this option is wrong.
- [x] Option B
  Why this option is the best answer.
- [ ] Option C
  Why this option is wrong.
- [ ] Option D
  Why this option is wrong.
- [ ] Option E
  Why this option is wrong.

## Explanation

Explain the key concept, why the answer is right and why each distractor is wrong.

## Educational objective

One sentence: what the learner should take away.

## References

- 
`;
}

function noteTemplate(id: string, title: string, system: string, disciplines: string[]): string {
  return `---
id: ${id}
title: ${JSON.stringify(title)}
status: draft
discipline: [${disciplines.join(', ')}]
system: ${system}
level: organ
prerequisites: []
tags: []
---

One paragraph that says what this note covers and why it matters.

## Key facts for review

- 
`;
}
