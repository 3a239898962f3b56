// Generates packages/core/src/lib/generated.ts from the JSON Schemas, which are
// the single source of truth for frontmatter and config. `--check` fails when the
// committed file is stale (run by the test suite).
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}packages/core/src/lib/generated.ts`;
const schemas = [
  'question.schema.json',
  'note.schema.json',
  'config.schema.json',
  'tags.schema.json',
  'videos.schema.json',
];

export async function generateTypes() {
  // One wrapper schema, so definitions shared between schemas are declared once.
  const wrapper = {
    title: 'QbankSchemas',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(schemas.map((name) => [name.split('.')[0], { $ref: name }])),
  };
  const ts = await compile(wrapper, 'QbankSchemas', {
    bannerComment: '/* Generated from schemas/*.schema.json by scripts/generate-types.mjs. Do not edit. */',
    cwd: `${root}schemas`,
    additionalProperties: false,
    unreachableDefinitions: false,
    ignoreMinAndMaxItems: true,
    style: { singleQuote: true, printWidth: 110 },
  });
  // typedoc does not know json-schema-to-typescript's @minItems tag; the schema still enforces it.
  return (
    ts
      .replace(/\n\s*\/\*\*\n\s*\* @(?:min|max)Items \d+\n\s*\*\//g, '')
      .replace(/\n\s*\*\n\s*\* @(?:min|max)Items \d+/g, '')
      .trim() + '\n'
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await generateTypes();
  if (process.argv.includes('--check')) {
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current !== text) {
      console.error('packages/core/src/lib/generated.ts is stale: run `node scripts/generate-types.mjs`.');
      process.exit(1);
    }
  } else {
    await writeFile(target, text);
  }
}
