import { didYouMean, reportDiagnostic, yamlPlace } from '@qbank/core';
import type { ParsedItem } from '@qbank/parser';
import type { Taxonomy, TaxonomyAxis } from '@qbank/taxonomy';

const unknownRule = {
  system: 'taxonomy/unknown-system',
  discipline: 'taxonomy/unknown-discipline',
  competency: 'taxonomy/unknown-competency',
} as const;

const entriesOf = { system: 'systems', discipline: 'disciplines', competency: 'competencies' } as const;

/** The ids an author may write on an axis: its active entries of the exam's specification. */
function activeIds(taxonomy: Taxonomy, axis: TaxonomyAxis): string[] {
  return taxonomy[entriesOf[axis]]
    .filter((entry) => entry.status === 'active' && entry.inSpec)
    .map((entry) => entry.id);
}

/**
 * Resolve the values of one frontmatter field on one taxonomy axis to
 * canonical ids, reporting unknown, aliased, retired and repeated values.
 *
 * @param item The parsed item (frontmatter already schema-valid).
 * @param field Frontmatter field name (`discipline`, `system`, `competency`).
 * @param axis The taxonomy axis the field is on.
 * @param taxonomy The bank's taxonomy.
 * @returns Canonical ids, in the order written; unknown values are left out.
 */
export function resolveField(item: ParsedItem, field: string, axis: TaxonomyAxis, taxonomy: Taxonomy): string[] {
  const frontmatter = item.frontmatter!;
  const raw = frontmatter.data![field];
  if (raw === undefined) return [];
  const values: unknown[] = Array.isArray(raw) ? raw : [raw];
  const ids: string[] = [];
  values.forEach((value, index) => {
    // Wrong types are the schema's to report.
    if (typeof value !== 'string') return;
    const place = yamlPlace(frontmatter.yaml, Array.isArray(raw) ? [field, index] : [field]);
    const resolution = taxonomy.resolve(axis, value);
    switch (resolution.kind) {
      case 'unknown':
        reportDiagnostic(item.file, {
          ruleId: unknownRule[axis],
          message: `Unexpected ${axis} \`${value}\`, expected a ${axis} of the ${taxonomy.label} taxonomy`,
          hint: resolution.suggestion
            ? `Did you mean \`${resolution.suggestion}\`?`
            : `Use one of: ${activeIds(taxonomy, axis).join(', ')}.`,
          place,
          actual: value,
        });
        return;
      case 'group':
        reportDiagnostic(item.file, {
          ruleId: unknownRule[axis],
          message: `Unexpected blueprint group \`${value}\` for ${field}, expected one system`,
          hint: `\`${resolution.group.id}\` groups ${resolution.group.members.map((m) => `\`${m}\``).join(', ')}: pick the one that fits.`,
          place,
          actual: value,
          expected: [...resolution.group.members],
        });
        return;
      case 'alias':
        reportDiagnostic(item.file, {
          ruleId: 'taxonomy/alias',
          severity: 'info',
          message: `Unexpected alias \`${value}\` for ${field}, expected the canonical id \`${resolution.entry.id}\``,
          hint: `Write \`${resolution.entry.id}\` (${resolution.entry.label}); \`qbank fmt\` rewrites it for you.`,
          place,
          actual: value,
          expected: [resolution.entry.id],
          fix: place.end ? { range: { start: place.start, end: place.end }, text: resolution.entry.id } : undefined,
        });
        break;
      case 'id':
        break;
    }
    const entry = resolution.entry;
    if (entry.status === 'retired') {
      reportDiagnostic(item.file, {
        ruleId: 'taxonomy/retired',
        severity: 'warning',
        message: `Unexpected retired ${axis} \`${entry.id}\` (${entry.label})`,
        hint: entry.note ?? 'Retag the item with a current value.',
        place,
      });
    }
    if (ids.includes(entry.id)) {
      reportDiagnostic(item.file, {
        ruleId: 'taxonomy/duplicate',
        message: `Unexpected second \`${value}\` in ${field}: it names \`${entry.id}\` again`,
        hint: 'Remove the repeated value.',
        place,
      });
      return;
    }
    ids.push(entry.id);
  });
  return ids;
}

/**
 * Report a secondary system that repeats the primary one.
 *
 * @param item The parsed question.
 * @param primary Canonical id of the primary system.
 * @param taxonomy The bank's taxonomy.
 */
export function checkSecondarySystems(item: ParsedItem, primary: string, taxonomy: Taxonomy): void {
  const raw = item.frontmatter?.data?.secondary_systems;
  if (!Array.isArray(raw) || !primary) return;
  raw.forEach((value, index) => {
    if (typeof value !== 'string') return;
    const resolution = taxonomy.resolve('system', value);
    if ((resolution.kind === 'id' || resolution.kind === 'alias') && resolution.entry.id === primary) {
      reportDiagnostic(item.file, {
        ruleId: 'taxonomy/duplicate',
        message: `Unexpected primary system \`${primary}\` in \`secondary_systems\``,
        hint: 'List only the other systems the question touches.',
        place: yamlPlace(item.frontmatter!.yaml, ['secondary_systems', index]),
      });
    }
  });
}

/**
 * Report tags that the bank's tag registry does not declare.
 *
 * @param item A parsed question or note.
 * @param registry Declared tag ids.
 */
export function checkTags(item: ParsedItem, registry: ReadonlySet<string>): void {
  const tags = item.frontmatter?.data?.tags;
  if (!Array.isArray(tags)) return;
  tags.forEach((tag, index) => {
    if (typeof tag !== 'string' || registry.has(tag)) return;
    const suggestion = didYouMean(tag, registry);
    reportDiagnostic(item.file, {
      ruleId: 'taxonomy/unknown-tag',
      severity: 'warning',
      message: `Unexpected tag \`${tag}\`: the tag registry does not declare it`,
      hint: suggestion
        ? `Did you mean \`${suggestion}\`?`
        : 'Add it (with a description) to the tag registry, or use a declared tag.',
      place: yamlPlace(item.frontmatter!.yaml, ['tags', index]),
      actual: tag,
    });
  });
}
