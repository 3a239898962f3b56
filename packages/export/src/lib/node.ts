import { writeFileAtomic } from '@qbank/atomic-write';
import { openBundle } from '@qbank/runtime';
import { fromDirectory } from '@qbank/runtime/node';
import { buildMoodleXml, type MoodleExportOptions, type MoodleXml } from './moodle/xml.js';
import { buildQtiPackage, type QtiExportOptions, type QtiPackage } from './qti/package.js';

/**
 * Export a bundle directory (as `qbank build` writes it) to a QTI content
 * package; see {@link buildQtiPackage}. Every file read is verified against
 * the manifest first: a tampered bundle writes nothing.
 *
 * @param bundleDir The bundle directory (holding `manifest.json`).
 * @param outFile The `.zip` to write.
 * @param options Version and optional test.
 * @returns The package (its bytes are what was written).
 * @example
 * const pkg = await exportQtiFromDirectory('dist/bundle', 'bank.zip', { version: '2.1' });
 */
export async function exportQtiFromDirectory(
  bundleDir: string,
  outFile: string,
  options: QtiExportOptions = {},
): Promise<QtiPackage> {
  const pkg = await buildQtiPackage(await openBundle(fromDirectory(bundleDir)), options);
  await writeFileAtomic(outFile, pkg.bytes);
  return pkg;
}

/**
 * Export a bundle directory to a Moodle XML file; see {@link buildMoodleXml}.
 * Every file read is verified against the manifest first: a tampered bundle
 * writes nothing.
 *
 * @param bundleDir The bundle directory (holding `manifest.json`).
 * @param outFile The `.xml` to write.
 * @param options The top category.
 * @returns What was written.
 * @example
 * const { questions } = await exportMoodleFromDirectory('dist/bundle', 'bank.xml');
 */
export async function exportMoodleFromDirectory(
  bundleDir: string,
  outFile: string,
  options: MoodleExportOptions = {},
): Promise<MoodleXml> {
  const result = await buildMoodleXml(await openBundle(fromDirectory(bundleDir)), options);
  await writeFileAtomic(outFile, result.xml);
  return result;
}
