export type { CoverageReport, CoverageRow, CoverageStatus, CoverageAxis, CoverageMatrix } from './lib/model.js';
export { coverageAxes, coverageFormatVersion } from './lib/model.js';
export { computeCoverage } from './lib/compute.js';
export type { GateFailure } from './lib/gates.js';
export { checkCoverageGates } from './lib/gates.js';
export { formatCoverageTable, formatCoverageMarkdown, formatCoverageJson } from './lib/text.js';
export { formatCoverageHtml } from './lib/html.js';
