import type { Taxonomy, TaxonomyEntry } from '@qbank/taxonomy';
import type { CheckedNote, CheckedQuestion } from '@qbank/validate';
import {
  coverageFormatVersion,
  type CoverageReport,
  type CoverageRow,
  type CoverageStatus,
  type QuestionReadability,
} from './model.js';
import { computeReadability } from './readability.js';

function statusOf(share: number, range: CoverageRow['range']): CoverageStatus {
  if (!range) return 'unranged';
  if (share < range.min) return 'under';
  if (share > range.max) return 'over';
  return 'within';
}

function rows(
  entries: readonly TaxonomyEntry[],
  counts: Map<string, number>,
  total: number,
  parentOf: (e: TaxonomyEntry) => string | undefined,
  rangeOf: (e: TaxonomyEntry) => CoverageRow['range'] = (e) => e.range,
): CoverageRow[] {
  return entries
    .filter((e) => (e.status === 'active' && e.inSpec) || counts.has(e.id))
    .map((e) => {
      const count = counts.get(e.id) ?? 0;
      const share = total ? Math.round((count / total) * 1000) / 10 : 0;
      const range = rangeOf(e);
      return {
        id: e.id,
        label: e.label,
        parent: parentOf(e) ?? null,
        count,
        share,
        range,
        status: statusOf(share, range),
      };
    });
}

function countEach(questions: readonly CheckedQuestion[], idsOf: (q: CheckedQuestion) => Iterable<string>) {
  const counts = new Map<string, number>();
  // A question counts once per value, however often it names it.
  for (const q of questions) for (const id of new Set(idsOf(q))) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/**
 * Count the published questions of a bank against its blueprint: per spec
 * group, system (primary only), discipline (each of a question's disciplines,
 * children rolled up into their parent once) and competency, with the share
 * of all questions and where it stands against the published range.
 *
 * @param questions Validated questions (non-published ones are ignored).
 * @param notes Validated notes (for notes no question links).
 * @param taxonomy The blueprint.
 * @param readability The published questions' readability figures (see
 *   `measureReadability`); without them the report's `readability` is `null`.
 * @returns The coverage report.
 */
export function computeCoverage(
  questions: readonly CheckedQuestion[],
  notes: readonly CheckedNote[],
  taxonomy: Taxonomy,
  readability?: readonly QuestionReadability[],
): CoverageReport {
  const published = questions.filter((q) => q.data.status === 'published');
  const total = published.length;
  const parents = new Map([...taxonomy.disciplines, ...taxonomy.competencies].map((e) => [e.id, e.parent]));
  const withParents = (ids: readonly string[]) => ids.flatMap((id) => [id, parents.get(id) ?? id]);
  const groupOf = new Map(taxonomy.systems.map((s) => [s.id, s.group]));
  const groups = new Map(taxonomy.specGroups.map((g) => [g.id, g]));

  const systemCounts = countEach(published, (q) => [q.tags.system]);
  const groupCounts = countEach(published, (q) => [groupOf.get(q.tags.system) ?? '']);
  const disciplineCounts = countEach(published, (q) => withParents(q.tags.disciplines));
  const competencyCounts = countEach(published, (q) => withParents([q.tags.competency]));

  const systems = rows(
    taxonomy.systems,
    systemCounts,
    total,
    (e) => e.group,
    // A system has its own range only when its spec group holds it alone.
    (e) => {
      const group = e.group ? groups.get(e.group) : undefined;
      return group && group.members.length === 1 ? group.range : null;
    },
  );
  const disciplines = rows(taxonomy.disciplines, disciplineCounts, total, (e) => e.parent);
  const matrixSystems = systems.map((s) => s.id);
  const matrixDisciplines = disciplines.filter((d) => !d.parent).map((d) => d.id);
  const counts = matrixSystems.map(() => matrixDisciplines.map(() => 0));
  for (const q of published) {
    const row = matrixSystems.indexOf(q.tags.system);
    for (const d of new Set(withParents(q.tags.disciplines))) {
      const column = matrixDisciplines.indexOf(d);
      if (row >= 0 && column >= 0) counts[row]![column]!++;
    }
  }
  const linked = new Set(published.flatMap((q) => q.data.notes ?? []));
  return {
    coverageFormat: coverageFormatVersion,
    taxonomy: { id: taxonomy.id, label: taxonomy.label },
    questions: total,
    specGroups: rows(taxonomy.specGroups, groupCounts, total, () => undefined),
    systems,
    disciplines,
    competencies: rows(taxonomy.competencies, competencyCounts, total, (e) => e.parent),
    matrix: { systems: matrixSystems, disciplines: matrixDisciplines, counts },
    notesWithoutQuestions: notes
      .filter((n) => n.data.status === 'published' && !linked.has(n.data.id))
      .map((n) => n.data.id)
      .sort(),
    readability: readability ? computeReadability(readability, taxonomy) : null,
  };
}
