import type {
  BundleManifest,
  ChangeKind,
  Changelog,
  ItemChange,
  ManifestItem,
  VersionBump,
} from './types.generated.js';
import { changelogFormatVersion } from './version.js';

/** What `diffManifests` reads of a manifest. `tombstones` may be missing (then no id is known to be retired). */
export type ManifestChanges = Pick<BundleManifest, 'bank' | 'items'> & Partial<Pick<BundleManifest, 'tombstones'>>;

/** The change classes, in the order of `changelog.schema.json` (and of a changelog's `summary`). */
export const changeKinds: readonly ChangeKind[] = ['added', 'text-changed', 'key-changed', 'retired', 'removed'];

/**
 * The bump rule: the semantic-version bump each kind of change requires.
 * Major when a learner's recorded answers no longer mean anything (the
 * options or the answer changed, or the item is gone), minor for new and
 * retired items, patch for a text change.
 */
export const bumpForChange: Readonly<Record<ChangeKind, VersionBump>> = {
  added: 'minor',
  'text-changed': 'patch',
  'key-changed': 'major',
  retired: 'minor',
  removed: 'major',
};

const bumpOrder: readonly VersionBump[] = ['none', 'patch', 'minor', 'major'];

/**
 * The bump a set of changes requires: the largest of their bumps.
 *
 * @param changes The changes, or their kinds.
 * @returns `none` for no change, else the largest bump of {@link bumpForChange}.
 */
export function requiredBump(changes: Iterable<Pick<ItemChange, 'change'>>): VersionBump {
  let bump: VersionBump = 'none';
  for (const { change } of changes) {
    if (bumpOrder.indexOf(bumpForChange[change]) > bumpOrder.indexOf(bump)) bump = bumpForChange[change];
  }
  return bump;
}

/**
 * How an item in a new release differs from the same id in the previous one.
 *
 * @param old The item in the previous release, if it was there.
 * @param item The item in the new release.
 * @returns The change (added, text or key changed), or `null` when its content hash is the same.
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
 * Classify every item's change between two releases, and the version bump
 * they require: what `qbank build --previous` writes as `changelog.json`.
 *
 * - An id only in `next` is `added`; one in both whose `hash` differs is
 *   `key-changed` when its `keyHash` differs too, else `text-changed`.
 * - An id only in `previous` is `retired` when `next` has a tombstone for it
 *   with reason `retired`, else `removed` (also when `next` has no tombstones).
 * - Without `previous` (a first release) every item is `added`, `from` is
 *   `null` and the required bump is `none`: there is nothing to bump from.
 *
 * @param previous The older release's manifest, or `undefined` for a first release.
 * @param next The newer release's manifest.
 * @returns The changelog, its changes sorted by id.
 * @example
 * ```ts
 * const changelog = diffManifests(oldManifest, newManifest);
 * if (changelog.requiredBump === 'major') warnLearners(changelog.changes);
 * ```
 */
export function diffManifests(previous: ManifestChanges | undefined, next: ManifestChanges): Changelog {
  const before = new Map((previous?.items ?? []).map((i) => [i.id, i]));
  const after = new Set(next.items.map((i) => i.id));
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
  const summary: Changelog['summary'] = { added: 0, 'text-changed': 0, 'key-changed': 0, retired: 0, removed: 0 };
  for (const c of changes) summary[c.change]++;
  return {
    changelogFormat: changelogFormatVersion,
    from: previous?.bank.version ?? null,
    to: next.bank.version,
    requiredBump: previous ? requiredBump(changes) : 'none',
    summary,
    changes,
  };
}
