export type { Diagnostic, DiagnosticInit, Fix, Severity, SourcePoint, SourceRange } from './lib/diagnostic.js';
export {
  applyFixes,
  createDiagnostic,
  diagnosticFromMessage,
  fixOf,
  reportDiagnostic,
  sortDiagnostics,
  countBySeverity,
} from './lib/diagnostic.js';
export type { RuleInfo } from './lib/rules.js';
export { rules, ruleDocsUrl, rulePageName, defaultDocsBaseUrl } from './lib/rules.js';
export type { ItemStatus, ItemId } from './lib/model.js';
export { itemStatuses } from './lib/model.js';
export type {
  QuestionFrontmatter,
  NoteFrontmatter,
  QbankConfig,
  TagList,
  TagRegistry,
  VideoRegistry,
  Glossary,
  GlossaryTerm,
} from './lib/generated.js';
export { canonicalJson } from './lib/canonical-json.js';
export { sha256 } from './lib/hash.js';
export { didYouMean } from './lib/suggest.js';
export type { SchemaName, PositionedYaml } from './lib/schema.js';
export { schemaValidator, schemaDiagnostics, yamlRangeToPlace, yamlPlace } from './lib/schema.js';
export type { ParsedYaml } from './lib/yaml.js';
export { parseYaml } from './lib/yaml.js';
export { readYamlFile } from './lib/yaml-file.js';
export type { Containment } from './lib/paths.js';
export { containPath, isPathInside, realPath } from './lib/paths.js';
export { readFilePrefixSync } from './lib/read-prefix.js';
// Atomic writes and process ownership live in @qbank/atomic-write (the one owner, light enough for
// the exporters); re-exported for the packages that take them from core.
export type { FileContent, AtomicWriteOptions } from '@qbank/atomic-write';
export {
  processRunning,
  processScope,
  processStartTime,
  ownerTag,
  ownerGone,
  AtomicFileSync,
  writeFileAtomic,
  writeFileAtomicSync,
  writeNewFile,
  appendFileFullySync,
  tempPathFor,
  parseTempName,
  removeAbandoned,
  newestChange,
  ensureDirectory,
  ensureDirectorySync,
  syncDirectorySync,
} from '@qbank/atomic-write';
export type { EnvironmentProblem } from './lib/env-errors.js';
export { environmentProblem, describeEnvironmentProblem } from './lib/env-errors.js';
export type { LockOwner, LockOptions, HeldLock } from './lib/lock.js';
export { acquireLock, LockHeldError } from './lib/lock.js';
