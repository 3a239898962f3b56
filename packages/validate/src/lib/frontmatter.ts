import { reportDiagnostic, schemaDiagnostics, schemaValidator } from '@qbank/core';
import type { ParsedItem } from '@qbank/parser';

/**
 * Check an item's frontmatter against its JSON Schema, placing each error
 * on the offending YAML key or value.
 *
 * @param item A parsed question or note.
 * @returns Whether the frontmatter is valid.
 */
export function checkFrontmatter(item: ParsedItem): boolean {
  const frontmatter = item.frontmatter;
  if (!frontmatter?.data) return false;
  const validate = schemaValidator(item.kind);
  if (validate(frontmatter.data)) return true;
  const schema = validate.schema as { properties?: Record<string, unknown> };
  for (const problem of schemaDiagnostics(validate.errors ?? [], frontmatter.yaml, frontmatter.data, schema)) {
    reportDiagnostic(item.file, problem);
  }
  return false;
}
