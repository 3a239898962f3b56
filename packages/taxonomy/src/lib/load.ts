import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseYaml, reportDiagnostic, schemaDiagnostics, schemaValidator } from '@qbank/core';
import { VFile } from 'vfile';
import { createTaxonomy, normalizeTaxonomyKey, taxonomyAxes, type Taxonomy, type TaxonomyData } from './model.js';
import builtinData from './usmle-step1.generated.json' with { type: 'json' };

/** A taxonomy file after loading: the taxonomy when it is valid, and the file with its diagnostics. */
export interface TaxonomyFile {
  /** The taxonomy, or `undefined` when the file has errors. */
  taxonomy: Taxonomy | undefined;
  /** The file, with problems in `file.messages`. */
  file: VFile;
}

const require = createRequire(import.meta.url);

/** Path of the built-in USMLE Step 1 taxonomy file shipped with this package. */
export const builtinTaxonomyPath: string = require.resolve('@qbank/taxonomy/data/usmle-step1.yaml');

let builtin: Taxonomy | undefined;

/**
 * The built-in USMLE Step 1 taxonomy (loaded once), from the JSON generated
 * from `data/usmle-step1.yaml` by `scripts/generate-types.mjs`; a test checks
 * that the two agree and that the YAML passes `loadTaxonomyFile`.
 *
 * @returns The taxonomy.
 */
export function builtinTaxonomy(): Taxonomy {
  builtin ??= createTaxonomy(builtinData as TaxonomyData);
  return builtin;
}

/**
 * Read and check a taxonomy file.
 *
 * @param path Path of a YAML taxonomy file.
 * @returns The taxonomy when valid, and the file with diagnostics.
 */
export function loadTaxonomyFile(path: string): TaxonomyFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const file = new VFile({ path });
    reportDiagnostic(file, {
      ruleId: 'taxonomy/invalid-file',
      message: `Cannot read the taxonomy file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      hint: 'Check the `taxonomy` path in the qbank config.',
    });
    return { taxonomy: undefined, file };
  }
  return parseTaxonomyText(text, path);
}

/**
 * Parse and check taxonomy YAML text.
 *
 * @param text The YAML text.
 * @param path Path used in diagnostics.
 * @returns The taxonomy when valid, and the file with diagnostics.
 */
export function parseTaxonomyText(text: string, path: string): TaxonomyFile {
  const file = new VFile({ path, value: text });
  const whole = { start: { line: 1, column: 1 } };
  const parsed = parseYaml(text, 0, whole);
  for (const problem of parsed.problems) reportDiagnostic(file, problem);
  if (parsed.problems.length) return { taxonomy: undefined, file };
  const validate = schemaValidator('taxonomy');
  if (!validate(parsed.data)) {
    for (const d of schemaDiagnostics(validate.errors ?? [], parsed.yaml, parsed.data)) {
      reportDiagnostic(file, { ...d, ruleId: 'taxonomy/invalid-file' });
    }
    return { taxonomy: undefined, file };
  }
  const data = parsed.data as TaxonomyData;
  const axisEntries = { system: data.systems, discipline: data.disciplines, competency: data.competencies };
  for (const axis of taxonomyAxes) {
    const owner = new Map<string, string>();
    for (const e of axisEntries[axis]) {
      for (const key of [e.id, e.label, ...(e.aliases ?? [])].map(normalizeTaxonomyKey)) {
        const previous = owner.get(key);
        if (previous && previous !== e.id) {
          reportDiagnostic(file, {
            ruleId: 'taxonomy/invalid-file',
            message: `Unexpected ambiguous ${axis} key \`${key}\`: it names both \`${previous}\` and \`${e.id}\``,
            hint: 'Remove the alias from one of the two entries.',
          });
        }
        owner.set(key, e.id);
      }
    }
  }
  if (file.messages.length) return { taxonomy: undefined, file };
  return { taxonomy: createTaxonomy(data), file };
}
