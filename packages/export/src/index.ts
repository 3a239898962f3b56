export type { MoodleExportOptions, MoodleXml } from './lib/moodle/xml.js';
export { buildMoodleXml } from './lib/moodle/xml.js';
export type { QtiVersion } from './lib/qti/names.js';
export type { QtiExportOptions, QtiPackage, QtiTestForm } from './lib/qti/package.js';
export { buildQtiPackage } from './lib/qti/package.js';
export { exportMoodleFromDirectory, exportQtiFromDirectory } from './lib/node.js';
