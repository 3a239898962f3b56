// Generates, from the JSON Schemas (the single source of truth for frontmatter,
// config and the bundle), packages/core/src/lib/generated.ts (TypeScript types),
// packages/bundle/src/lib/types.generated.ts (the bundle's types, from
// schemas/bundle/*.schema.json), the field tables of docs/bundle-format.md and
// packages/core/src/lib/validators.generated.ts (ajv validators compiled ahead of
// time: compiling them at start-up cost every run about 100 ms), and the built-in
// taxonomy as JSON (packages/taxonomy/src/lib/usmle-step1.generated.json). `--check` fails
// when a committed file is stale (run by the test suite).
import { createRequire } from 'node:module';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { compile } from 'json-schema-to-typescript';
import { parse as parseYaml } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const target = `${root}packages/core/src/lib/generated.ts`;
const validatorsTarget = `${root}packages/core/src/lib/validators.generated.ts`;
const taxonomyTarget = `${root}packages/taxonomy/src/lib/usmle-step1.generated.json`;
const bundleTarget = `${root}packages/bundle/src/lib/types.generated.ts`;
const bundleDocsTarget = `${root}docs/bundle-format.md`;
/** The bundle's schemas, in the order their types are written. */
const bundleSchemas = [
  'manifest',
  'changelog',
  'curriculum',
  'glossary',
  'question-chunk',
  'answers-chunk',
  'note-chunk',
];
/** The schemas qbank validates documents against, as `schemaValidator` names them. */
const validated = ['question', 'note', 'config', 'taxonomy', 'tags', 'videos', 'glossary'];
const schemas = [
  'question.schema.json',
  'note.schema.json',
  'config.schema.json',
  'tags.schema.json',
  'videos.schema.json',
  'glossary.schema.json',
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

export function generateValidators() {
  // The same options as qbank used when it compiled schemas at run time.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, code: { source: true, esm: true } });
  for (const name of validated) ajv.addSchema(require(`${root}schemas/${name}.schema.json`));
  const code = standaloneCode.default(
    ajv,
    Object.fromEntries(validated.map((name) => [name, `https://qbank.dev/schemas/${name}.schema.json`])),
  );
  // ajv's ES module output still calls require() for its runtime helpers: import them instead.
  const helpers = new Map();
  const body = code
    .replace(/^"use strict";/, '')
    .replace(/require\("(ajv\/dist\/runtime\/[a-z0-9]+)"\)/g, (_, module) => {
      if (!helpers.has(module)) helpers.set(module, `runtime${helpers.size}`);
      return helpers.get(module);
    });
  return [
    '/* Generated from schemas/*.schema.json by scripts/generate-types.mjs. Do not edit. */',
    '// @ts-nocheck',
    // CommonJS interop differs between Node (the exports object) and bundlers (its `default`).
    ...[...helpers].flatMap(([module, name]) => [
      `import ${name}Module from '${module}.js';`,
      `const ${name} = { default: ${name}Module.default ?? ${name}Module };`,
    ]),
    body,
    // As compiled validators have it: callers read the allowed fields from `validate.schema`.
    ...validated.map((name) => `${name}.schema = ${JSON.stringify(require(`${root}schemas/${name}.schema.json`))};`),
    '',
  ].join('\n');
}

/**
 * The bundle's types, one schema after the other (each is self-contained: its
 * named types are its `$defs` with a `title`). A property that refers to a
 * named type keeps its own description: json-schema-to-typescript would make
 * a second, numbered type of the pair, so the description is taken off before
 * compiling and written above the property after.
 */
export async function generateBundleTypes() {
  const parts = ['/* Generated from schemas/bundle/*.schema.json by scripts/generate-types.mjs. Do not edit. */'];
  for (const name of bundleSchemas) {
    const schema = JSON.parse(await readFile(`${root}schemas/bundle/${name}.schema.json`, 'utf8'));
    const notes = [];
    for (const owner of [schema, ...Object.values(schema.$defs ?? {})]) {
      for (const [key, property] of Object.entries(owner.properties ?? {})) {
        if (!property.$ref || !property.description) continue;
        notes.push({ owner: owner.title, key, description: property.description });
        delete property.description;
      }
    }
    let ts = await compile(schema, schema.title, {
      bannerComment: '',
      additionalProperties: false,
      unreachableDefinitions: false,
      style: { singleQuote: true, printWidth: 120, trailingComma: 'all' },
    });
    for (const { owner, key, description } of notes) {
      const block = new RegExp(`(export interface ${owner} \\{\\n(?:  .*\\n|    .*\\n)*?)(  ${key}\\??: )`);
      if (!block.test(ts)) throw new Error(`bundle types: no property ${owner}.${key} to describe`);
      ts = ts.replace(block, `$1  /**\n   * ${description}\n   */\n$2`);
    }
    // typedoc does not know json-schema-to-typescript's @minItems tag; the schema still enforces it.
    parts.push(ts.replace(/(?:\n\s*\*)?\n\s*\* @(?:min|max)Items \d+/g, '').trim());
  }
  return parts.join('\n\n') + '\n';
}

/** How a bundle schema's value reads in a table: its type, `HTML` for sanitized HTML, a named type by its title. */
function typeOf(schema, defs) {
  if (schema.$ref) {
    const target = defs[schema.$ref.replace('#/$defs/', '')];
    return target.enum ? typeOf(target, defs) : target.title;
  }
  if ('const' in schema) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' or ');
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return [...new Set(alternatives.map((alternative) => typeOf(alternative, defs)))].join(' or ');
  const types = [schema.type].flat();
  return types
    .map((type) => {
      if (type === 'string' && schema.contentMediaType === 'text/html') return 'HTML';
      if (type === 'array') return schema.items.oneOf ? 'array' : `${typeOf(schema.items, defs)}[]`;
      return type;
    })
    .join(' or ');
}

/** The rows of a bundle schema's object: one per field, an inline object's fields as `parent.field`. */
function fieldRows(object, defs, prefix = '') {
  return Object.entries(object.properties).flatMap(([key, property]) => {
    if (property.type === 'object' && property.properties) return fieldRows(property, defs, `${prefix}${key}.`);
    const described = property.$ref
      ? (property.description ?? defs[property.$ref.replace('#/$defs/', '')].description)
      : property.description;
    return [`| \`${prefix}${key}\` | ${typeOf(property, defs)} | ${described.replace(/\|/g, '\\|')} |`];
  });
}

/**
 * docs/bundle-format.md with its field tables written from the bundle's schemas: each table
 * stands between `<!-- schema: <file>#<pointer> -->` and `<!-- /schema -->`.
 *
 * @param {string} markdown The page as it is.
 */
export async function generateBundleDocs(markdown) {
  const schemas = new Map();
  for (const name of bundleSchemas) {
    schemas.set(`${name}.schema.json`, JSON.parse(await readFile(`${root}schemas/bundle/${name}.schema.json`, 'utf8')));
  }
  return markdown.replace(
    /(<!-- schema: ([\w.-]+)#([^ ]*) -->\n)[\s\S]*?(<!-- \/schema -->)/g,
    (_, open, file, pointer, close) => {
      const schema = schemas.get(file);
      if (!schema) throw new Error(`docs/bundle-format.md: no schema ${file}`);
      const object = pointer
        .split('/')
        .filter(Boolean)
        .reduce((node, key) => node[key], schema);
      const rows = ['| field | type | meaning |', '|---|---|---|', ...fieldRows(object, schema.$defs ?? {})];
      return `${open}\n${rows.join('\n')}\n\n${close}`;
    },
  );
}

/** The built-in taxonomy as JSON: qbank loads it without parsing YAML (about 40 ms a run). */
export async function generateBuiltinTaxonomy() {
  const text = await readFile(`${root}packages/taxonomy/data/usmle-step1.yaml`, 'utf8');
  return JSON.stringify(parseYaml(text), null, 2) + '\n';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outputs = [
    [target, await generateTypes()],
    [validatorsTarget, generateValidators()],
    [taxonomyTarget, await generateBuiltinTaxonomy()],
    [bundleTarget, await generateBundleTypes()],
    [bundleDocsTarget, await generateBundleDocs(await readFile(bundleDocsTarget, 'utf8'))],
  ];
  for (const [file, text] of outputs) {
    if (process.argv.includes('--check')) {
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current !== text) {
        console.error(`${file.slice(root.length)} is stale: run \`node scripts/generate-types.mjs\`.`);
        process.exit(1);
      }
    } else {
      await writeFile(file, text);
    }
  }
}
