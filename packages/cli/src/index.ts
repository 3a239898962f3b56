export type { CliIo } from './lib/cli.js';
export { runCli, exitCodes, cliVersion } from './lib/cli.js';
export { UsageError } from './lib/errors.js';
export type { LoadedBank, LoadBankOptions } from './lib/bank.js';
export { loadBank } from './lib/bank.js';
export type { ReportFormat } from './lib/report.js';
export { formatJson, formatPretty, formatSummary, reportFormats } from './lib/report.js';
export type { NewItemOptions } from './lib/new.js';
export { createItemFile } from './lib/new.js';
