import type { CoverageAxis, CoverageReport, CoverageRow } from './model.js';

/** A row below its blueprint minimum, on an axis a gate watches. */
export interface GateFailure {
  /** The axis. */
  axis: CoverageAxis;
  /** The row under its minimum. */
  row: CoverageRow;
}

/**
 * Find the rows under their blueprint minimum on the given axes (for
 * `qbank coverage --fail-under`).
 *
 * @param report A coverage report.
 * @param axes Axes to enforce.
 * @returns Every failing row; empty when the gates pass.
 */
export function checkCoverageGates(report: CoverageReport, axes: readonly CoverageAxis[]): GateFailure[] {
  return axes.flatMap((axis) => report[axis].filter((row) => row.status === 'under').map((row) => ({ axis, row })));
}
