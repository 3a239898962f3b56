/** Version of the coverage JSON format (semver; see docs/coverage.md). */
export const coverageFormatVersion = '1.0.0';

/** Where a count stands against its blueprint range. */
export type CoverageStatus = 'under' | 'within' | 'over' | 'unranged';

/** The axes a report covers, in display order. */
export type CoverageAxis = 'specGroups' | 'systems' | 'disciplines' | 'competencies';

/** Every axis, in display order. */
export const coverageAxes: readonly CoverageAxis[] = ['specGroups', 'systems', 'disciplines', 'competencies'];

/** One value of an axis with its count and blueprint range. */
export interface CoverageRow {
  /** Canonical id. */
  id: string;
  /** Display label. */
  label: string;
  /** Parent id (spec group of a system, parent discipline or competency), or `null`. */
  parent: string | null;
  /** Published questions counted under it. */
  count: number;
  /** `count` as a percentage of all published questions, one decimal. */
  share: number;
  /** The blueprint's inclusive percentage range, or `null` when it publishes none for this row. */
  range: { min: number; max: number } | null;
  /** Share against the range. */
  status: CoverageStatus;
}

/** Questions per system (rows) and discipline (columns). */
export interface CoverageMatrix {
  /** Row ids. */
  systems: string[];
  /** Column ids. */
  disciplines: string[];
  /** `counts[row][column]`. */
  counts: number[][];
}

/** A bank's coverage of its blueprint. */
export interface CoverageReport {
  /** Format version of this report. */
  coverageFormat: string;
  /** The taxonomy counted against. */
  taxonomy: { id: string; label: string };
  /** Published questions counted. */
  questions: number;
  /** Spec groups (the blueprint's weighted system rows). */
  specGroups: CoverageRow[];
  /** Systems, by primary system. */
  systems: CoverageRow[];
  /** Disciplines; a question counts under each of its disciplines, and a child also under its parent. */
  disciplines: CoverageRow[];
  /** Competencies; a child also counts under its parent. */
  competencies: CoverageRow[];
  /** System x discipline counts. */
  matrix: CoverageMatrix;
  /** Published notes no published question links to. */
  notesWithoutQuestions: string[];
}
