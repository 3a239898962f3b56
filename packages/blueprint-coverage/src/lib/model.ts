/** Version of the coverage JSON format (semver; see docs/coverage.md). */
export const coverageFormatVersion = '1.1.0';

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
  /**
   * How hard the published questions' stems and lead-ins are to read (format
   * 1.1), or `null` when the report was computed without their figures or the
   * bank has no published question.
   */
  readability: ReadabilityReport | null;
}

/** A figure whose distribution the readability report gives. */
export type ReadabilityFigure = 'words' | 'wordsPerSentence' | 'grade';

/** The figures with a distribution, in display order. */
export const readabilityFigures: readonly ReadabilityFigure[] = ['words', 'wordsPerSentence', 'grade'];

/**
 * One published question's readability figures, the same as its manifest
 * entry's `readability` (computed by the compiler from the text a browser
 * shows of its stem and lead-in), with where it is.
 */
export interface QuestionReadability {
  /** Question id. */
  id: string;
  /** Its primary system. */
  system: string;
  /** Its file, relative to the working directory, with `/` separators. */
  file: string;
  /** Words (numbers and units are not counted). */
  words: number;
  /** Sentences. */
  sentences: number;
  /** Words per sentence, one decimal. */
  wordsPerSentence: number;
  /** Flesch-Kincaid grade level, one decimal. */
  grade: number;
}

/**
 * The distribution of one figure over a group of questions: quantiles by
 * linear interpolation between the closest ranks (R's type 7, NumPy's
 * default), each rounded to one decimal.
 */
export interface ReadabilityDistribution {
  /** Smallest value. */
  min: number;
  /** First quartile (25th percentile). */
  q1: number;
  /** Median. */
  median: number;
  /** Third quartile (75th percentile). */
  q3: number;
  /** 90th percentile. */
  p90: number;
  /** Largest value. */
  max: number;
}

/** The distributions of a group of questions' figures. */
export interface ReadabilityGroup {
  /** Questions measured. */
  questions: number;
  /** Words of the stem and lead-in. */
  words: ReadabilityDistribution;
  /** Words per sentence. */
  wordsPerSentence: ReadabilityDistribution;
  /** Flesch-Kincaid grade level. */
  grade: ReadabilityDistribution;
}

/** The distributions of one system's questions (by primary system). */
export interface ReadabilitySystem extends ReadabilityGroup {
  /** System id. */
  id: string;
  /** Display label. */
  label: string;
}

/** How hard a bank's published questions are to read, as a distribution. */
export interface ReadabilityReport extends ReadabilityGroup {
  /** The questions with the most words (most first, then by id). */
  longest: QuestionReadability[];
  /** Per primary system with published questions, in the taxonomy's order. */
  systems: ReadabilitySystem[];
}
