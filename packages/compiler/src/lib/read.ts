import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BundleManifest } from './model.js';

/**
 * Read the manifest of a bundle directory (a previous release).
 *
 * @param dir The bundle directory.
 * @returns The manifest.
 */
export async function readBundleManifest(dir: string): Promise<BundleManifest> {
  return JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
}
