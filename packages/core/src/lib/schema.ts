import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { isMap, isPair, isScalar, type Document, type LineCounter, type Node as YamlNode } from 'yaml';
import type { DiagnosticInit, SourceRange } from './diagnostic.js';
import { didYouMean } from './suggest.js';
import * as validators from './validators.generated.js';

/** Names of the schemas in `schemas/` that validate YAML or JSON documents. */
export type SchemaName = 'question' | 'note' | 'config' | 'taxonomy' | 'tags' | 'videos' | 'glossary';

/**
 * The validator for one of qbank's schemas, compiled ahead of time from
 * `schemas/` (by `scripts/generate-types.mjs`, with the options `allErrors`,
 * `strict` and `allowUnionTypes`): compiling at start-up cost every run about
 * 100 ms.
 *
 * @param name Which schema.
 * @returns An ajv validate function (errors on `.errors`).
 */
export function schemaValidator(name: SchemaName): ValidateFunction {
  return validators[name] as ValidateFunction;
}

/** A YAML document with what is needed to turn its offsets into file positions. */
export interface PositionedYaml {
  /** The parsed document (from `yaml`'s `parseDocument`). */
  document: Document;
  /** Line counter filled while parsing the document. */
  lineCounter: LineCounter;
  /** Number of file lines before the YAML text (1 for frontmatter after `---`). */
  lineOffset: number;
  /** Where to report problems that concern the whole document. */
  place: SourceRange;
}

/**
 * Turn an offset range in a YAML document into a file range.
 *
 * @param yaml The document and its line counter.
 * @param range A `[start, end]` offset pair from a YAML node.
 * @returns 1-based file positions.
 */
export function yamlRangeToPlace(yaml: PositionedYaml, range: readonly [number, number, ...number[]]): SourceRange {
  const start = yaml.lineCounter.linePos(range[0]);
  const end = yaml.lineCounter.linePos(range[1]);
  return {
    start: { line: start.line + yaml.lineOffset, column: start.col },
    end: { line: end.line + yaml.lineOffset, column: end.col },
  };
}

/**
 * The file range of the YAML node at a path (a key's value or a list entry).
 *
 * @param yaml The document with its positions.
 * @param path Keys and indexes from the root, e.g. `['discipline', 1]`.
 * @returns The node's range, or the document's place when there is no such node.
 */
export function yamlPlace(yaml: PositionedYaml, path: readonly (string | number)[]): SourceRange {
  return placeOf(yaml, nodeAt(yaml, path.map(String)));
}

function pathOf(instancePath: string): string[] {
  return instancePath === ''
    ? []
    : instancePath
        .slice(1)
        .split('/')
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function nodeAt(yaml: PositionedYaml, path: string[]): YamlNode | undefined {
  if (path.length === 0) return (yaml.document.contents as YamlNode | null) ?? undefined;
  const node = yaml.document.getIn(path, true);
  return node && typeof node === 'object' && 'range' in (node as object) ? (node as YamlNode) : undefined;
}

function keyNode(yaml: PositionedYaml, path: string[], key: string): YamlNode | undefined {
  const parent = nodeAt(yaml, path);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

function placeOf(yaml: PositionedYaml, node: YamlNode | undefined): SourceRange {
  return node?.range ? yamlRangeToPlace(yaml, node.range) : yaml.place;
}

/** What was found, as "Unexpected <it>" reads it: a value in backticks (shortened), or its kind. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return 'empty value';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'set of fields';
  const text = String(value);
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
}

const ordinals = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
/** What one entry of a list field is called. */
const entryNames: Record<string, string> = {
  tags: 'tag',
  notes: 'note',
  discipline: 'discipline',
  system: 'system',
  secondary_systems: 'secondary system',
  prerequisites: 'prerequisite',
  authors: 'author',
  videos: 'video',
  terms: 'term',
  questions: 'question glob',
};

/**
 * A place in a document as an author names it: `the first tag`, `` `duration` in the third
 * video ``, never a path such as `tags.0`.
 */
function fieldName(path: string[], root: string): string {
  let name = root;
  path.forEach((part, i) => {
    if (!/^\d+$/.test(part)) {
      name = i === 0 ? `\`${part}\`` : `\`${part}\` in ${name}`;
      return;
    }
    const index = Number(part);
    const entry = i === 1 ? entryNames[path[0]!] : undefined;
    const nth = index < ordinals.length ? `the ${ordinals[index]}` : `number ${index + 1}`;
    name = entry
      ? index < ordinals.length
        ? `${nth} ${entry}`
        : `${entry} ${nth}`
      : `${index < ordinals.length ? `${nth} entry` : `entry ${nth}`} of ${name}`;
  });
  return name;
}

/** Hints for pattern errors, by the field's name: a regex means nothing to an author. */
const patternHints: Record<string, string> = {
  id: 'Use lowercase letters, digits and single hyphens, for example `cv-aortic-stenosis`.',
  tags: 'Write tags in lowercase kebab-case, for example `valvular-disease`.',
  notes: 'Note ids are lowercase kebab-case, for example `aortic-stenosis`.',
  prerequisites: 'Note ids are lowercase kebab-case, for example `aortic-stenosis`.',
  authors: 'Use a lowercase handle of letters, digits, dots, hyphens or underscores, for example `a.rivera`.',
  version: 'Use a semantic version such as `1.4.0`.',
  duration: 'Write the length as minutes and seconds, `mm:ss`, or `h:mm:ss`, for example `12:30`.',
  provider: 'Use lowercase letters, digits and hyphens, for example `youtube`.',
  note: 'Note ids are lowercase kebab-case, for example `aortic-stenosis`.',
  translations: 'Key each translation by a BCP-47 language code such as `es`, `pt-BR` or `zh-Hans`.',
  docsBaseUrl: 'Use a web address that ends in `/`, for example `https://example.org/qbank/rules/`.',
};

/**
 * Map ajv errors on a YAML document to diagnostics placed on the offending key
 * or value, merging the noise of `oneOf` branches into one message per value.
 *
 * @param errors `validate.errors` after a failed validation.
 * @param yaml The validated document with its positions.
 * @param data The plain data that was validated (`document.toJS()`).
 * @param schema The root schema, for the list of allowed field names.
 * @returns One diagnostic per distinct problem.
 */
export function schemaDiagnostics(
  errors: readonly ErrorObject[],
  yaml: PositionedYaml,
  data: unknown,
  schema: { properties?: Record<string, unknown>; title?: string } = {},
): DiagnosticInit[] {
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: DiagnosticInit[] = [];
  for (const error of errors) {
    // Errors inside a oneOf branch only restate why that branch did not match.
    if (error.schemaPath.includes('/oneOf/') && [...oneOfPaths].some((p) => error.instancePath.startsWith(p))) continue;
    const path = pathOf(error.instancePath);
    const value = path.reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      data,
    );
    const diagnostic = describeError(error, path, value, yaml, schema);
    const key = `${diagnostic.ruleId}|${error.instancePath}|${diagnostic.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(diagnostic);
    }
  }
  return out;
}

/** What every keyword's description reads: the error, and where it is in the document. */
interface ErrorContext {
  error: ErrorObject;
  path: string[];
  value: unknown;
  yaml: PositionedYaml;
  schema: { properties?: Record<string, unknown>; title?: string };
  /** `the frontmatter` or `the file`. */
  root: string;
  /** The field in words ("the first tag"). */
  field: string;
  /** Where the value is. */
  place: SourceRange;
}

function describeError(
  error: ErrorObject,
  path: string[],
  value: unknown,
  yaml: PositionedYaml,
  schema: { properties?: Record<string, unknown>; title?: string },
): DiagnosticInit {
  const root = schema.title?.endsWith('Frontmatter') ? 'the frontmatter' : 'the file';
  const context: ErrorContext = {
    error,
    path,
    value,
    yaml,
    schema,
    root,
    field: fieldName(path, root),
    place: placeOf(yaml, nodeAt(yaml, path)),
  };
  return (describers[error.keyword] ?? describeInvalid)(context);
}

function describeRequired({ error, path, yaml, root, field, place }: ErrorContext): DiagnosticInit {
  const missing = String((error.params as { missingProperty: string }).missingProperty);
  return {
    ruleId: 'schema/required',
    message: `Missing required field \`${missing}\` in ${field}`,
    hint: path.length ? `Add \`${missing}:\` to ${field}.` : `Add a \`${missing}:\` line to ${root}.`,
    place: path.length === 0 ? yaml.place : place,
    expected: [missing],
  };
}

function describeUnknownField({ error, path, yaml, schema, field }: ErrorContext): DiagnosticInit {
  const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
  const extra = String(params.additionalProperty ?? params.unevaluatedProperty);
  const allowed = path.length === 0 ? Object.keys(schema.properties ?? {}).filter((k) => k !== '$schema') : [];
  const suggestion = didYouMean(extra, allowed);
  return {
    ruleId: 'schema/unknown-field',
    message: `Unexpected field \`${extra}\`${path.length ? ` in ${field}` : ''}`,
    hint: suggestion
      ? `Did you mean \`${suggestion}\`?`
      : allowed.length
        ? `Remove it; the allowed fields are: ${allowed.join(', ')}.`
        : 'Remove it.',
    place: placeOf(yaml, keyNode(yaml, path, extra)),
    actual: extra,
    expected: allowed.length ? allowed : undefined,
  };
}

function describeType({ error, value, field, place }: ErrorContext): DiagnosticInit {
  const type = String(error.params.type);
  const expected = error.keyword === 'oneOf' ? 'one value or a list of values' : typeName(type);
  const scalar = typeof value === 'number' || typeof value === 'boolean';
  return {
    ruleId: 'schema/type',
    message: `Unexpected ${describe(value)} for ${field}, expected ${expected}`,
    hint:
      scalar && type === 'string'
        ? 'Put the value in double quotes so that it is read as text.'
        : Array.isArray(value) && error.keyword !== 'oneOf'
          ? 'Write one value, without `[ ]` or `- ` entries.'
          : undefined,
    place,
    actual: describe(value),
  };
}

function describeEnum({ error, value, field, place }: ErrorContext): DiagnosticInit {
  const allowed = (
    error.keyword === 'enum'
      ? (error.params as { allowedValues: unknown[] }).allowedValues
      : [error.params.allowedValue]
  ).map(String);
  const suggestion = typeof value === 'string' ? didYouMean(value, allowed) : undefined;
  return {
    ruleId: 'schema/enum',
    message: `Unexpected ${describe(value)} for ${field}, expected one of: ${allowed.join(', ')}`,
    hint: suggestion ? `Did you mean \`${suggestion}\`?` : undefined,
    place,
    expected: allowed,
    actual: typeof value === 'string' ? value : undefined,
  };
}

function describePattern({ path, value, field, place }: ErrorContext): DiagnosticInit {
  const fields = path.filter((p) => !/^\d+$/.test(p));
  return {
    ruleId: 'schema/pattern',
    message: `Unexpected ${describe(value)} for ${field}: it is not in the required form`,
    hint: patternHints[fields[0] ?? ''] ?? patternHints[fields.at(-1) ?? ''],
    place,
    actual: typeof value === 'string' ? value : undefined,
  };
}

function describeRange({ error, value, field, place }: ErrorContext): DiagnosticInit {
  return { ruleId: 'schema/range', message: rangeMessage(error, field, value), place };
}

function describeUnique({ error, path, value, yaml, field }: ErrorContext): DiagnosticInit {
  const { i } = error.params as { i: number; j: number };
  const list = Array.isArray(value) ? value : [];
  return {
    ruleId: 'schema/unique',
    message: `Unexpected repeated ${describe(list[i])} in ${field}`,
    hint: 'Remove the second copy.',
    place: placeOf(yaml, nodeAt(yaml, [...path, String(i)])),
  };
}

function describeInvalid({ error, value, field, place }: ErrorContext): DiagnosticInit {
  return {
    ruleId: 'schema/invalid',
    message: `Unexpected ${describe(value)} for ${field}: ${error.message ?? 'invalid'}`,
    place,
  };
}

/** The description of each ajv keyword; others are `schema/invalid`. */
const describers: Record<string, (context: ErrorContext) => DiagnosticInit> = {
  required: describeRequired,
  additionalProperties: describeUnknownField,
  unevaluatedProperties: describeUnknownField,
  type: describeType,
  oneOf: describeType,
  enum: describeEnum,
  const: describeEnum,
  pattern: describePattern,
  format: describePattern,
  minimum: describeRange,
  maximum: describeRange,
  exclusiveMinimum: describeRange,
  exclusiveMaximum: describeRange,
  minLength: describeRange,
  maxLength: describeRange,
  minItems: describeRange,
  maxItems: describeRange,
  uniqueItems: describeUnique,
};

function typeName(type: string): string {
  const names: Record<string, string> = {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    array: 'a list',
    object: 'a set of `name: value` fields',
    boolean: '`true` or `false`',
    null: 'an empty value',
  };
  return type
    .split(',')
    .map((t) => names[t] ?? t)
    .join(' or ');
}

/** A number, length or list size out of range, saying how big it is (never a rounded figure). */
function rangeMessage(error: ErrorObject, field: string, value: unknown): string {
  const limit = (error.params as { limit: number }).limit;
  const bound = /^(min|exclusiveMin)/.test(error.keyword) ? 'at least' : 'at most';
  if (error.keyword === 'minLength' || error.keyword === 'maxLength') {
    const length = [...String(value)].length;
    return `Unexpected ${field} of ${length} character${length === 1 ? '' : 's'}, expected ${bound} ${limit}`;
  }
  if (error.keyword === 'minItems' || error.keyword === 'maxItems') {
    const count = Array.isArray(value) ? value.length : 0;
    return `Unexpected ${field} with ${count} entr${count === 1 ? 'y' : 'ies'}, expected ${bound} ${limit}`;
  }
  const strict = error.keyword.startsWith('exclusive') ? (bound === 'at least' ? 'more than' : 'less than') : bound;
  return `Unexpected ${describe(value)} for ${field}, expected ${strict} ${limit}`;
}
