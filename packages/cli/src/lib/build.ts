import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { acquireLock, createDiagnostic, LockHeldError, sha256, type Diagnostic, type HeldLock } from '@qbank/core';
import {
  assembleBundle,
  assertOwnedArchive,
  assertOwnedOutput,
  isVersionEnough,
  minimumVersion,
  recoverInterrupted,
  readBundleManifest,
  verified,
  writeArchive,
  writeBundle,
  type Bundle,
  type BundleManifest,
  type BundleProfile,
  type AssemblyMemo,
  type GuardedPath,
} from '@qbank/compiler';
import { defaultConfig, findConfigFile, loadConfig, type ProjectConfig } from '@qbank/project';
import { cacheDirOf, type CheckedBank } from './bank.js';
import { UsageError } from './errors.js';
import { sourceInfo } from './git.js';

/** Options of `qbank build` beyond validation. */
export interface BuildOptions {
  /** Previous release bundle directory (`--previous`, else the config's `previous`). */
  previous?: string | undefined;
  /** `exam` or `standard` (`--profile`). */
  profile?: string | undefined;
  /** Fail when the config's version is lower than the changes require (`--release`). */
  release?: boolean | undefined;
  /** Working directory. */
  cwd: string;
  /** Environment, for SOURCE_DATE_EPOCH. */
  env: Record<string, string | undefined>;
  /** What assembling can reuse from the previous build (watch mode). */
  memo?: AssemblyMemo | undefined;
}

/** The compiled bundle, or the reason it may not be written. */
export interface CompiledRelease {
  /** The bundle (also when refused, for `qbank version`). */
  bundle: Bundle;
  /** The previous release's manifest, when there is one. */
  previous: BundleManifest | undefined;
  /** Why the release is refused; empty when it may be written. */
  problems: string[];
  /** Diagnostics of the release checks (a reused id), paths relative to the working directory. */
  diagnostics: Diagnostic[];
}

/**
 * Compile a validated bank against its previous release: revisions, tombstones,
 * changelog, id reuse, and (with `release`) the version bump.
 *
 * @param bank A checked bank without errors, run with `compile`.
 * @param options Build options.
 * @returns The bundle and any reason not to write it.
 */
export async function compileRelease(bank: CheckedBank, options: BuildOptions): Promise<CompiledRelease> {
  const config = bank.config!;
  const run = bank.run!;
  const profile = (options.profile ?? 'standard') as BundleProfile;
  if (profile !== 'standard' && profile !== 'exam') {
    throw new UsageError(`unknown --profile \`${options.profile}\`, expected standard or exam`);
  }
  const previousDir = options.previous ? path.resolve(options.cwd, options.previous) : config.previous;
  let previous: BundleManifest | undefined;
  if (previousDir) {
    if (!existsSync(path.join(previousDir, 'manifest.json'))) {
      throw new UsageError(
        `no previous release at ${path.relative(options.cwd, previousDir) || '.'} (no manifest.json)`,
      );
    }
    previous = await readPrevious(previousDir, options.memo);
  }
  const source = sourceInfo(config.root, options.env);
  const bundle = assembleBundle(
    run.compiled,
    {
      name: config.name,
      version: config.version,
      contentRoot: config.contentRoot,
      // The pipeline's: watch mode keeps one environment while the taxonomy is unchanged.
      taxonomy: (bank.pipeline?.environment ?? bank.environment!).taxonomy,
      glossary: (bank.pipeline?.environment ?? bank.environment!).glossary,
      previous,
      profile,
      sourceCommit: source.commit,
      buildTime: source.time,
    },
    options.memo,
  );
  const problems: string[] = [];
  const diagnostics: Diagnostic[] = [];
  // Learner history is keyed by id: an id that left the bank may not return as another question.
  const stones = new Map((previous?.tombstones ?? []).map((t) => [t.id, t]));
  for (const item of bundle.manifest.items) {
    const stone = stones.get(item.id);
    if (!stone || stone.hash === item.hash) continue;
    const source = run.facts.find((f) => f.id === item.id && !f.context);
    if (source) {
      const file = path.relative(options.cwd, source.path).split(path.sep).join('/');
      diagnostics.push(
        createDiagnostic(file, {
          ruleId: 'bank/id-reused',
          message: `Unexpected id \`${item.id}\`: it was ${stone.reason} in ${stone.since} and may not name another item`,
          hint: 'Give this item a new id (`qbank new` makes one); learner history of the old item is keyed to this one.',
          place: source.idPlace,
        }),
      );
    }
    problems.push(`id \`${item.id}\` reused`);
  }
  if (options.release) {
    if (!previous) {
      problems.push('--release needs the previous release: set "previous" in the config or pass --previous <dir>');
    } else {
      const { requiredBump } = bundle.changelog;
      if (!isVersionEnough(previous.bank.version, config.version, requiredBump)) {
        problems.push(
          `version ${config.version} is too low: the changes since ${previous.bank.version} need a ${requiredBump} bump, to at least ${minimumVersion(previous.bank.version, requiredBump)} (run \`qbank version\`)`,
        );
      }
    }
  }
  return { bundle, previous, problems, diagnostics };
}

/**
 * The previous release read last, per watch session (its assembly memo): the
 * same manifest object from build to build, which lets assembly patch the
 * last bundle. A change under the previous release starts a new session.
 */
const previousReleases = new WeakMap<AssemblyMemo, { dir: string; stamp: string; manifest: BundleManifest }>();

async function readPrevious(dir: string, memo: AssemblyMemo | undefined): Promise<BundleManifest> {
  if (!memo) return readBundleManifest(dir);
  const { size, mtimeMs, ctimeMs, ino } = statSync(path.join(dir, 'manifest.json'));
  const stamp = `${size}:${mtimeMs}:${ctimeMs}:${ino}`;
  const known = previousReleases.get(memo);
  if (known?.dir === dir && known.stamp === stamp) return known.manifest;
  const manifest = await readBundleManifest(dir);
  previousReleases.set(memo, { dir, stamp, manifest });
  return manifest;
}

/** Where `writeRelease` may write, and how. */
export interface ReleaseWriteOptions {
  /** The config in force: the bank, its config file and content are never written over. */
  config?: ProjectConfig | undefined;
  /** The cache directory (in use or not): the output may neither be in it nor hold it. */
  cacheDir?: string | undefined;
  /** `false` writes every file anew instead of reusing the previous bundle's (`--no-cache`). */
  reuse?: boolean | undefined;
  /** Environment: `QBANK_LOCK_WAIT_MS` sets how long to wait for another build of the same folder. */
  env?: Record<string, string | undefined> | undefined;
}

/**
 * The paths a bundle may never replace: the bank, its config file, content
 * folder and registries, and the cache.
 *
 * @param config The config in force.
 * @param cacheDir The cache directory.
 * @returns The guarded paths.
 */
export function guardedPaths(config: ProjectConfig | undefined, cacheDir: string | undefined): GuardedPath[] {
  const guarded: GuardedPath[] = [];
  if (config) {
    guarded.push(
      { path: config.root, what: "the bank's folder" },
      { path: config.contentRoot, what: 'the content folder' },
    );
    if (config.configPath) guarded.push({ path: config.configPath, what: 'the config file' });
    if (config.taxonomy !== 'usmle-step1') guarded.push({ path: config.taxonomy, what: 'the taxonomy file' });
    if (config.tags) guarded.push({ path: config.tags, what: 'the tag registry' });
    if (config.videos) guarded.push({ path: config.videos, what: 'the video registry' });
  }
  if (cacheDir) guarded.push({ path: cacheDir, what: 'the cache', noOutputInside: true });
  return guarded;
}

/**
 * Refuse an output folder that a build may not replace before the build
 * starts (nothing read or written, not even the cache): the config is found
 * and read as the build will, and `assertOwnedOutput` asked. A config that
 * does not load is left for the build to report.
 *
 * @param options Where the build runs, and its `--config`, content folder and `--out`.
 * @throws OutputRefusedError when the output may not be written.
 */
export async function assertBuildOutput(options: {
  cwd: string;
  env: Record<string, string | undefined>;
  configPath?: string | undefined;
  contentDir?: string | undefined;
  out?: string | undefined;
}): Promise<void> {
  const { cwd, env } = options;
  const contentDir = options.contentDir ? path.resolve(cwd, options.contentDir) : undefined;
  const configPath = options.configPath ? path.resolve(cwd, options.configPath) : findConfigFile(contentDir ?? cwd);
  let config: ProjectConfig | undefined;
  if (configPath) {
    config = loadConfig(configPath, cwd).config;
    if (!config) return;
    if (contentDir) config = { ...config, contentRoot: contentDir };
  } else {
    config = defaultConfig(contentDir ?? cwd, cwd);
  }
  const out = options.out ? path.resolve(cwd, options.out) : config.out;
  const cacheDir = env.QBANK_CACHE_DIR ? path.resolve(cwd, env.QBANK_CACHE_DIR) : cacheDirOf(config);
  await assertOwnedOutput(out, guardedPaths(config, cacheDir));
}

/**
 * Write a compiled bundle (atomically, one build at a time per folder) and,
 * when asked, its archive. The output is checked first: it may not be or
 * hold the bank's own files, and an existing folder must be empty or an
 * earlier bundle (`OutputRefusedError` otherwise, nothing touched).
 *
 * @param bundle The bundle.
 * @param out Output directory.
 * @param archive Also write `<out>.zip`.
 * @param options What to protect, and whether to reuse earlier files.
 */
export async function writeRelease(
  bundle: Bundle,
  out: string,
  archive: boolean,
  options: ReleaseWriteOptions = {},
): Promise<void> {
  const target = path.resolve(out);
  await assertOwnedOutput(target, guardedPaths(options.config, options.cacheDir));
  if (archive) await assertOwnedArchive(`${target}.zip`);
  const wait = Number(options.env?.QBANK_LOCK_WAIT_MS);
  await writeBundle(bundle, target, {
    reuse: options.reuse,
    lock: Number.isFinite(wait) && wait >= 0 ? { waitMs: wait } : undefined,
  });
  if (archive) await writeArchive(bundle, `${target}.zip`);
}

/**
 * Put back the previous bundle when a build was killed between setting it
 * aside and renaming the new one into place, and remove what killed builds
 * left beside the output. Done first by every build (also one that then
 * stops on content errors); skipped while another build holds the folder's
 * lock (that one puts it right).
 *
 * @param out Output directory.
 * @returns Whether a previous bundle was put back.
 */
export async function restoreOutput(out: string): Promise<boolean> {
  const target = path.resolve(out);
  if (!existsSync(path.dirname(target))) return false;
  let lock: HeldLock;
  try {
    lock = await acquireLock(path.join(path.dirname(target), `.${path.basename(target)}.lock`), { waitMs: 0 });
  } catch (error) {
    if (error instanceof LockHeldError) return false;
    throw error;
  }
  try {
    return await recoverInterrupted(target);
  } finally {
    lock.release();
  }
}

/**
 * Whether the bundle a recorded build wrote is still there byte for byte:
 * the manifest by its recorded sha256, every other file by the sha256 the
 * manifest lists (read and hashed: a damaged chunk of the same size is
 * found), and nothing missing.
 *
 * @param dir The bundle directory.
 * @param manifestSha The recorded sha256 of its `manifest.json`.
 * @param archiveSha The recorded sha256 of `<dir>.zip`, when one was written.
 * @returns Whether it is intact.
 */
export function bundleIntact(dir: string, manifestSha: string, archiveSha?: string | null): boolean {
  try {
    const manifestBytes = readFileSync(path.join(dir, 'manifest.json'));
    if (sha256(manifestBytes) !== manifestSha) return false;
    if (archiveSha && sha256(readFileSync(`${dir}.zip`)) !== archiveSha) return false;
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as {
      files?: { path: string; sha256: string; size: number }[];
    };
    if (!Array.isArray(manifest.files)) return false;
    return manifest.files.every((file) => verified(path.join(dir, ...file.path.split('/')), file.sha256, file.size));
  } catch {
    return false;
  }
}
