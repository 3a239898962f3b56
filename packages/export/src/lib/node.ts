import { rename, rm, writeFile } from 'node:fs/promises';
import { openBundle } from '@qbank/runtime';
import { fromDirectory } from '@qbank/runtime/node';
import { buildMoodleXml, type MoodleExportOptions, type MoodleXml } from './moodle/xml.js';
import { buildQtiPackage, type QtiExportOptions, type QtiPackage } from './qti/package.js';

/**
 * Write a file through a temporary sibling renamed into place: a failed
 * export leaves an earlier file as it was, and nothing half-written.
 *
 * @param file The file.
 * @param bytes Its content.
 */
async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

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
  await writeAtomically(outFile, pkg.bytes);
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
  await writeAtomically(outFile, result.xml);
  return result;
}
