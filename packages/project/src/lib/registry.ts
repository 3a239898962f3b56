import { existsSync, readFileSync } from 'node:fs';
import { parseYaml, reportDiagnostic, schemaDiagnostics, schemaValidator, type SchemaName } from '@qbank/core';
import { VFile } from 'vfile';

/**
 * Load an optional YAML registry file (tags, videos) checked against its schema.
 *
 * @param file Path of the registry.
 * @param required Whether a missing file is an error (it was named in the config).
 * @param schema Schema to check it against.
 * @param ruleId Rule id for its problems.
 * @param cwd Directory diagnostics are reported relative to.
 * @returns The data when valid (`undefined` when absent or invalid), and the file with diagnostics.
 */
export function loadRegistryFile(
  file: string,
  required: boolean,
  schema: SchemaName,
  ruleId: string,
  cwd: string,
): { data: unknown; file: VFile } {
  if (!required && !existsSync(file)) return { data: undefined, file: new VFile() };
  const vfile = new VFile({ path: file, cwd });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    reportDiagnostic(vfile, {
      ruleId,
      message: `Cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      hint: 'Check its path in the qbank config.',
    });
    return { data: undefined, file: vfile };
  }
  const parsed = parseYaml(text, 0, { start: { line: 1, column: 1 } });
  for (const problem of parsed.problems) reportDiagnostic(vfile, { ...problem, ruleId });
  if (parsed.problems.length) return { data: undefined, file: vfile };
  const validate = schemaValidator(schema);
  if (!validate(parsed.data)) {
    for (const problem of schemaDiagnostics(validate.errors ?? [], parsed.yaml, parsed.data)) {
      reportDiagnostic(vfile, { ...problem, ruleId });
    }
    return { data: undefined, file: vfile };
  }
  return { data: parsed.data, file: vfile };
}
