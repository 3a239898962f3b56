import { existsSync, readFileSync, statSync } from 'node:fs';
import { VFile } from 'vfile';
import { reportDiagnostic } from './diagnostic.js';
import { environmentProblem } from './env-errors.js';
import { schemaDiagnostics, schemaValidator, type SchemaName } from './schema.js';
import { parseYaml } from './yaml.js';

/** Largest YAML file qbank reads (config, taxonomy, registries): 8 MiB; real ones are a few KB. */
const maxYamlBytes = 8 * 1024 * 1024;

/**
 * Read a YAML (or JSON) file and check it against one of qbank's schemas, with
 * every problem placed on its key or value: config, taxonomy, tag and video
 * registries.
 *
 * @param file Path of the file.
 * @param required Whether a missing file is an error (`false`: absent means no data).
 * @param schema Schema to check it against.
 * @param ruleId Rule id for its problems.
 * @param cwd Directory diagnostics are reported relative to.
 * @returns The data when valid (`undefined` when absent or invalid), and the file with diagnostics.
 */
export function readYamlFile(
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
    const size = statSync(file).size;
    if (size > maxYamlBytes) {
      reportDiagnostic(vfile, {
        ruleId,
        message: `Unexpected file of ${size} bytes, expected at most ${maxYamlBytes}`,
        hint: 'Check that the qbank config names the right file: a config, taxonomy or registry is a few KB.',
      });
      return { data: undefined, file: vfile };
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const problem = environmentProblem(error);
    const code = (error as NodeJS.ErrnoException).code;
    reportDiagnostic(vfile, {
      ruleId,
      message: `Cannot read the file: ${problem ? `${problem.cause} (${problem.code})` : code === 'ENOENT' ? 'it does not exist' : (code ?? String(error))}`,
      hint: problem?.hint ?? 'Check its path in the qbank config.',
    });
    return { data: undefined, file: vfile };
  }
  const parsed = parseYaml(text, 0, { start: { line: 1, column: 1 } });
  for (const problem of parsed.problems) reportDiagnostic(vfile, { ...problem, ruleId });
  if (parsed.problems.length) return { data: undefined, file: vfile };
  const validate = schemaValidator(schema);
  if (!validate(parsed.data)) {
    const root = validate.schema as { properties?: Record<string, unknown> };
    for (const problem of schemaDiagnostics(validate.errors ?? [], parsed.yaml, parsed.data, root)) {
      reportDiagnostic(vfile, { ...problem, ruleId });
    }
    return { data: undefined, file: vfile };
  }
  return { data: parsed.data, file: vfile };
}
