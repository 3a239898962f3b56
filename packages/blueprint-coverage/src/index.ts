export type {
  CoverageReport,
  CoverageRow,
  CoverageStatus,
  CoverageAxis,
  CoverageMatrix,
  QuestionReadability,
  ReadabilityDistribution,
  ReadabilityFigure,
  ReadabilityGroup,
  ReadabilityReport,
  ReadabilitySystem,
} from './lib/model.js';
export { coverageAxes, coverageFormatVersion, readabilityFigures } from './lib/model.js';
export { computeCoverage } from './lib/compute.js';
export type { MeasureReadabilityOptions } from './lib/readability.js';
export { computeReadability, measureReadability } from './lib/readability.js';
export type { GateFailure } from './lib/gates.js';
export { checkCoverageGates } from './lib/gates.js';
export { formatCoverageTable, formatCoverageMarkdown, formatCoverageJson } from './lib/text.js';
export { formatReadabilityMarkdown } from './lib/readability-text.js';
export { formatCoverageHtml } from './lib/html.js';
