import semver from 'semver';
import type { BundleManifest, ManifestItem, Tombstone } from './model.js';

/** Version of the changelog format (semver). */
export const changelogFormatVersion = '1.0.0';

/** How an item changed between two releases. */
export type ChangeKind = 'added' | 'text-changed' | 'key-changed' | 'retired' | 'removed';

/** The semantic-version bump a set of changes requires. */
export type VersionBump = 'major' | 'minor' | 'patch' | 'none';

/** One item's change between two releases. */
export interface ItemChange {
  /** Item id. */
  id: string;
  /** Question or note. */
  type: 'question' | 'note';
  /** What changed. */
  change: ChangeKind;
  /** Revision in the older release, or `null` when added. */
  fromRevision: number | null;
  /** Revision in the newer release, or `null` when retired or removed. */
  toRevision: number | null;
}

/** `changelog.json`: what changed since the previous release, and the bump it requires. */
export interface Changelog {
  /** Format version of this file. */
  changelogFormat: string;
  /** Content version of the previous release, or `null` for a first release. */
  from: string | null;
  /** Content version of this release. */
  to: string;
  /** The bump the changes require: major when learner history is invalidated (key changed, item removed). */
  requiredBump: VersionBump;
  /** Counts per kind of change. */
  summary: Record<ChangeKind, number>;
  /** Every changed item, sorted by id. */
  changes: ItemChange[];
}

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

const bumpOf: Record<ChangeKind, VersionBump> = {
  removed: 'major',
  'key-changed': 'major',
  added: 'minor',
  retired: 'minor',
  'text-changed': 'patch',
};
const bumpOrder: VersionBump[] = ['none', 'patch', 'minor', 'major'];

/**
 * Classify every item's change between two releases and the version bump they require.
 *
 * @param previous The older release's manifest, or `undefined` for a first release.
 * @param next The newer release's manifest.
 * @returns The changelog.
 */
export function diffManifests(
  previous: Pick<BundleManifest, 'bank' | 'items' | 'tombstones'> | undefined,
  next: Pick<BundleManifest, 'bank' | 'items' | 'tombstones'>,
): Changelog {
  const before = new Map((previous?.items ?? []).map((i) => [i.id, i]));
  const after = new Map(next.items.map((i) => [i.id, i]));
  const changes: ItemChange[] = [];
  for (const item of next.items) {
    const change = itemChange(before.get(item.id), item);
    if (change) changes.push(change);
  }
  const stones = new Map((next.tombstones ?? []).map((t) => [t.id, t]));
  for (const old of before.values()) {
    if (after.has(old.id)) continue;
    const change = stones.get(old.id)?.reason === 'retired' ? 'retired' : 'removed';
    changes.push({ id: old.id, type: old.type, change, fromRevision: old.revision, toRevision: null });
  }
  changes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const summary: Record<ChangeKind, number> = { added: 0, 'text-changed': 0, 'key-changed': 0, retired: 0, removed: 0 };
  let requiredBump: VersionBump = 'none';
  for (const c of changes) {
    summary[c.change]++;
    if (bumpOrder.indexOf(bumpOf[c.change]) > bumpOrder.indexOf(requiredBump)) requiredBump = bumpOf[c.change];
  }
  if (!previous) requiredBump = 'none';
  return {
    changelogFormat: changelogFormatVersion,
    from: previous?.bank.version ?? null,
    to: next.bank.version,
    requiredBump,
    summary,
    changes,
  };
}

/**
 * How an item in a new release differs from the same id in the previous one.
 *
 * @param old The item in the previous release, if it was there.
 * @param item The item in the new release.
 * @returns The change (added, text or key changed), or `null` when it is the same.
 */
export function itemChange(
  old: Pick<ManifestItem, 'hash' | 'keyHash' | 'revision'> | undefined,
  item: Pick<ManifestItem, 'id' | 'type' | 'hash' | 'keyHash' | 'revision'>,
): ItemChange | null {
  if (!old) return { id: item.id, type: item.type, change: 'added', fromRevision: null, toRevision: item.revision };
  if (old.hash === item.hash) return null;
  const change = old.keyHash !== item.keyHash ? 'key-changed' : 'text-changed';
  return { id: item.id, type: item.type, change, fromRevision: old.revision, toRevision: item.revision };
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
