import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { processRunning } from '@qbank/core';
import { contentBlocks, contentSize } from './files.js';
import type { Bundle, BundleFileContent } from './model.js';

/**
 * Write a bundle to a directory atomically: everything goes to a temporary
 * sibling directory, manifest last, which is then renamed into place. A failed
 * or interrupted build leaves the previous bundle as it was.
 *
 * @param bundle The compiled bundle.
 * @param outDir Target directory (replaced as a whole).
 */
export async function writeBundle(bundle: Bundle, outDir: string): Promise<void> {
  const target = path.resolve(outDir);
  const existing = await existingFiles(target);
  const parent = path.dirname(target);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = path.join(parent, `.${path.basename(target)}.tmp-${suffix}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${suffix}`);
  await mkdir(parent, { recursive: true });
  await removeAbandoned(parent, path.basename(target));
  try {
    const paths = [...bundle.files.keys()].filter((p) => p !== 'manifest.json').sort();
    const entries = new Map(bundle.manifest.files.map((f) => [f.path, f.sha256]));
    for (const filePath of [...paths, 'manifest.json']) {
      const destination = path.join(temp, ...filePath.split('/'));
      await mkdir(path.dirname(destination), { recursive: true });
      // A file the current bundle already has, byte for byte, is linked rather than written again.
      // (Its manifest says so and its size agrees: the output directory is qbank's own.)
      const sha = entries.get(filePath);
      const content = bundle.files.get(filePath)!;
      const current = path.join(target, ...filePath.split('/'));
      if (sha && existing.get(filePath) === sha && (await sizeOf(current)) === contentSize(content)) {
        if (await linked(current, destination)) continue;
      }
      await writeContent(destination, content);
    }
    let hadPrevious = true;
    try {
      await rename(target, old);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      hadPrevious = false;
    }
    try {
      await rename(temp, target);
    } catch (error) {
      if (hadPrevious) await rename(old, target);
      throw error;
    }
    if (hadPrevious) await rm(old, { recursive: true, force: true });
    await remember(target, entries);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Write a file's content block by block (a chunk's pieces are never joined into one buffer). */
async function writeContent(file: string, content: BundleFileContent): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (const block of contentBlocks(content)) await handle.write(block);
  } finally {
    await handle.close();
  }
}

/**
 * What this process last wrote to each bundle directory: its files' sha256s,
 * and the manifest's stamp then. Watch mode writes the same directory again
 * and again; while the manifest is as written, its 3 MB need not be parsed.
 */
const lastWritten = new Map<string, { stamp: string; files: Map<string, string> }>();

async function manifestStamp(dir: string): Promise<string | undefined> {
  try {
    const { size, mtimeMs, ino } = await stat(path.join(dir, 'manifest.json'));
    return `${size}:${mtimeMs}:${ino}`;
  } catch {
    return undefined;
  }
}

async function remember(dir: string, files: Map<string, string>): Promise<void> {
  const stamp = await manifestStamp(dir);
  if (stamp) lastWritten.set(dir, { stamp, files });
}

/** The files of the bundle now in `dir`, by path, with their sha256 (empty when there is none). */
async function existingFiles(dir: string): Promise<Map<string, string>> {
  const known = lastWritten.get(dir);
  if (known && known.stamp === (await manifestStamp(dir))) return known.files;
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
      files?: { path: string; sha256: string }[];
    };
    return new Map((manifest.files ?? []).map((f) => [f.path, f.sha256]));
  } catch {
    return new Map();
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return -1;
  }
}

async function linked(from: string, to: string): Promise<boolean> {
  try {
    await link(from, to);
    return true;
  } catch {
    return false;
  }
}

/** Remove temporary directories left by builds that were killed (their process is gone). */
async function removeAbandoned(parent: string, base: string): Promise<void> {
  const pattern = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(?:tmp|old)-(\\d+)-[0-9a-f]+$`);
  for (const name of await readdir(parent)) {
    const match = pattern.exec(name);
    if (match && !processRunning(Number(match[1]))) await rm(path.join(parent, name), { recursive: true, force: true });
  }
}
