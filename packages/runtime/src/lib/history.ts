import { diffManifests } from '@qbank/bundle';
import type { BundleManifest, ChangeKind, Changelog } from './types.js';

/** One recorded answer of a learner. Apps may add fields; the runtime reads these. */
export interface AnswerRecord {
  /** Question id. */
  questionId: string;
  /** Whether the answer was correct. */
  correct: boolean;
  /** The chosen option's bundle letter (not the display letter), or `null` when omitted. */
  choice?: string | null;
  /** When it was answered (ISO 8601); orders answers to the same question. */
  answeredAt?: string;
  /** The question's revision when answered. */
  revision?: number;
  /** The question's `keyHash` when answered: with it, history is checked exactly, even across skipped releases. */
  keyHash?: string | null;
}

/** What happens to a recorded answer after an update: keep it, keep it as history only, or drop it. */
export type HistoryStatus = 'valid' | 'retired' | 'discard';

/** One record with its classification. */
export interface ReconciledRecord<R> {
  /** The record. */
  record: R;
  /** `valid`: counts as before; `retired`: keep for history, the question is no longer served; `discard`: the answer no longer means anything. */
  status: HistoryStatus;
  /** What happened to the question (`unchanged` when the update did not touch it). */
  change: ChangeKind | 'unchanged';
}

/** Learner history sorted by what an update means for it. */
export interface HistoryReconciliation<R> {
  /** Records still valid: the question is unchanged or only its text changed. */
  valid: R[];
  /** Records of retired questions: keep them in the learner's history, they are no longer served. */
  retired: R[];
  /** Records to drop from statistics: the question's options or answer changed, or it was removed. */
  discard: R[];
  /** Every record with its classification, in input order. */
  records: ReconciledRecord<R>[];
}

const statusOf: Record<ChangeKind | 'unchanged', HistoryStatus> = {
  unchanged: 'valid',
  added: 'valid',
  'text-changed': 'valid',
  'key-changed': 'discard',
  removed: 'discard',
  retired: 'retired',
};

/**
 * The changes between two releases, classified with the same rules as
 * `changelog.json` (`qbank build --previous`; both are `diffManifests` of
 * `@qbank/bundle`): for when an app holds two manifests and not the
 * changelog between them. A manifest without `tombstones` is read as having
 * none: an item gone from it counts as `removed`.
 *
 * @param previous The manifest the learner's history was recorded against.
 * @param current The new manifest.
 * @returns The changelog from `previous` to `current`.
 */
export function changesBetween(
  previous: Pick<BundleManifest, 'bank' | 'items' | 'tombstones'>,
  current: Pick<BundleManifest, 'bank' | 'items' | 'tombstones'>,
): Changelog {
  return diffManifests(previous, current);
}

/**
 * Sort a learner's recorded answers after a bundle update:
 *
 * - unchanged or `text-changed` question: **valid**;
 * - `key-changed` (options or answer changed) or `removed`: **discard**;
 * - `retired`: **retired**, kept in the learner's history but no longer served.
 *
 * With `current` given, a record that carries `keyHash` is checked exactly
 * against the current manifest (its key hash, else its tombstone), which also
 * holds when the learner skipped releases; other records follow the changelog.
 *
 * @param records The learner's answers.
 * @param changelog The new bundle's `changelog.json`, or {@link changesBetween} of two manifests.
 * @param current The new manifest, for records that carry `keyHash`.
 * @returns The records by status.
 * @example
 * ```ts
 * const { valid, retired, discard } = reconcileHistory(history, (await bundle.changelog())!, bundle.manifest);
 * ```
 */
export function reconcileHistory<R extends AnswerRecord>(
  records: readonly R[],
  changelog: Pick<Changelog, 'changes'>,
  current?: Pick<BundleManifest, 'items' | 'tombstones'>,
): HistoryReconciliation<R> {
  const changes = new Map(changelog.changes.map((c) => [c.id, c.change]));
  const items = new Map(current?.items.map((i) => [i.id, i]));
  const stones = new Map(current?.tombstones.map((t) => [t.id, t]));
  const classify = (record: R): ChangeKind | 'unchanged' => {
    if (current && typeof record.keyHash === 'string') {
      const item = items.get(record.questionId);
      if (item && item.keyHash !== record.keyHash) return 'key-changed';
      if (item) return changes.get(record.questionId) === 'text-changed' ? 'text-changed' : 'unchanged';
      return stones.get(record.questionId)?.reason === 'retired' ? 'retired' : 'removed';
    }
    return changes.get(record.questionId) ?? 'unchanged';
  };
  const out: HistoryReconciliation<R> = { valid: [], retired: [], discard: [], records: [] };
  for (const record of records) {
    const change = classify(record);
    const status = statusOf[change];
    out[status].push(record);
    out.records.push({ record, status, change });
  }
  return out;
}
