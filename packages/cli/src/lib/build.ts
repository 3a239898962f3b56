import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { createDiagnostic, type Diagnostic } from '@qbank/core';
import {
  assembleBundle,
  isVersionEnough,
  minimumVersion,
  readBundleManifest,
  writeArchive,
  writeBundle,
  type Bundle,
  type BundleManifest,
  type BundleProfile,
  type AssemblyMemo,
} from '@qbank/compiler';
import type { CheckedBank } from './bank.js';
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

/**
 * Write a compiled bundle (atomically) and, when asked, its archive.
 *
 * @param bundle The bundle.
 * @param out Output directory.
 * @param archive Also write `<out>.zip`.
 */
export async function writeRelease(bundle: Bundle, out: string, archive: boolean): Promise<void> {
  await writeBundle(bundle, out);
  if (archive) await writeArchive(bundle, `${out}.zip`);
}
