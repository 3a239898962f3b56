import semver from 'semver';
import type { BundleManifest, ManifestItem, Tombstone, VersionBump } from '@qbank/bundle';

// How two releases differ is part of the bundle contract: @qbank/bundle holds it.
export type { ChangeKind, Changelog, ItemChange, VersionBump } from '@qbank/bundle';
export { changelogFormatVersion, diffManifests, itemChange } from '@qbank/bundle';

/**
 * The revision of an item in a new release: 1 when new, the same when its
 * content hash is unchanged, one more otherwise.
 *
 * @param previous The item in the previous release, if any.
 * @param hash The item's content hash now.
 * @returns The revision.
 */
export function nextRevision(previous: Pick<ManifestItem, 'hash' | 'revision'> | undefined, hash: string): number {
  if (!previous) return 1;
  return previous.hash === hash ? previous.revision : previous.revision + 1;
}

/**
 * Tombstones of a new release: those of the previous release, plus every item
 * of the previous release that is no longer published.
 *
 * @param previous The previous release's manifest, if any.
 * @param current The new release's items.
 * @param retired Ids whose sources say `status: retired`.
 * @param version The new release's content version.
 * @returns Tombstones sorted by id.
 */
export function tombstonesFor(
  previous: Pick<BundleManifest, 'items' | 'tombstones'> | undefined,
  current: readonly Pick<ManifestItem, 'id'>[],
  retired: ReadonlySet<string>,
  version: string,
): Tombstone[] {
  if (!previous) return [];
  const live = new Set(current.map((i) => i.id));
  const stones = new Map((previous.tombstones ?? []).map((t) => [t.id, t]));
  for (const item of previous.items) {
    if (live.has(item.id) || stones.has(item.id)) continue;
    stones.set(item.id, {
      id: item.id,
      type: item.type,
      revision: item.revision,
      hash: item.hash,
      reason: retired.has(item.id) ? 'retired' : 'removed',
      since: version,
    });
  }
  return [...stones.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * The lowest version a release may have after `previous`, given the required bump.
 * Note: before 1.0.0, as semver allows, a breaking change needs only a minor bump.
 *
 * @param previous The previous release's version.
 * @param bump The required bump.
 * @returns The minimum version.
 */
export function minimumVersion(previous: string, bump: VersionBump): string {
  if (bump === 'none') return previous;
  const effective = semver.major(previous) === 0 && bump === 'major' ? 'minor' : bump;
  return semver.inc(previous, effective) ?? previous;
}

/**
 * Whether `version` is a valid successor of `previous` for the required bump.
 *
 * @param previous The previous release's version.
 * @param version The new version.
 * @param bump The required bump.
 * @returns `true` when `version` is at least the minimum.
 */
export function isVersionEnough(previous: string, version: string, bump: VersionBump): boolean {
  return semver.gte(version, minimumVersion(previous, bump));
}
