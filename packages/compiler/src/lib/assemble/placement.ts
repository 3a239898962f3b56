import type {
  BundleNote,
  BundleProfile,
  BundleQuestion,
  CompiledItem,
  ManifestItem,
  ManifestReadability,
  PreparedRecord,
  QuestionSummary,
  RecordBytes,
} from '../model.js';
import { keyHashOf, parseRecord, serialise, splitAnswer, wholeQuestion, withHash } from '../record.js';
import type { AssemblyMemo, Placement, PublishedNotes, QuestionRecord } from './memo.js';

/**
 * The record of a compiled body: its links to notes that are not published
 * dropped, its content hash added. The filter runs again only when the
 * published notes (`published`, their ids joined) change.
 *
 * @param memo Where records are kept, by body.
 * @param body The compiled body.
 * @param published What the record depends on besides the body, as a text.
 * @param keyOf What the record takes from the bank, as a text: the record is made again when it differs.
 * @param make Makes the record.
 * @returns The record, kept or made.
 */
export function recordOf<T extends QuestionRecord | BundleNote>(
  memo: AssemblyMemo,
  body: object,
  published: string,
  keyOf: () => string,
  make: () => T,
): T {
  const known = memo.items.get(body);
  if (known?.published === published) return known.item as T;
  const key = keyOf();
  if (known?.key === key) {
    known.published = published;
    return known.item as T;
  }
  const item = make();
  memo.items.set(body, { key, published, item });
  return item;
}

/**
 * A published question's record, and the record prepared when it was compiled
 * when that still holds: its `notes` are the body's own (every linked note is
 * published). Otherwise the record is made from the whole body.
 *
 * @param memo Where records are kept.
 * @param item The compiled question.
 * @param published The published notes.
 * @returns The record, and the prepared record when it applies.
 */
export function questionRecord(
  memo: AssemblyMemo,
  item: CompiledItem,
  published: PublishedNotes,
): { question: QuestionRecord; prepared: PreparedRecord | undefined } {
  const { record } = item;
  const q = item.body as QuestionSummary;
  const question = recordOf<QuestionRecord>(
    memo,
    q,
    published.joined,
    () => q.notes.filter((id) => published.ids.has(id)).join('\n'),
    () => {
      const notes = q.notes.filter((id) => published.ids.has(id));
      if (record && notes.length === q.notes.length) return { ...q, hash: record.hash };
      return withHash({ ...wholeQuestion(item), notes });
    },
  );
  const prepared = record && question.notes === q.notes && question.hash === record.hash ? record : undefined;
  return { question, prepared };
}

/**
 * Where a record goes, made once per record (and profile); a new revision
 * only changes its manifest entry.
 *
 * @param memo Where placements are kept, by record.
 * @param record A question's or a note's record.
 * @param profile The bundle profile.
 * @param revision Its revision in this release.
 * @param prepared The question's record prepared at compile time, when it applies.
 * @param readability The question's readability figures, when it was compiled with them.
 * @returns Its placement.
 */
export function placementOf(
  memo: AssemblyMemo,
  record: QuestionRecord | BundleNote,
  profile: BundleProfile,
  revision: number,
  prepared: PreparedRecord | undefined,
  readability?: ManifestReadability,
): Placement {
  let placement = memo.placements.get(record);
  if (placement?.profile !== profile) {
    const made = record.type === 'question' ? questionPlace(record, profile, prepared, readability) : notePlace(record);
    const { chunk, json, answer, facts } = made;
    // In key order, as the manifest has them: serialised without a sorted copy.
    const { keyHash, disciplines, systems, competency, difficulty, readability: figures } = facts;
    const entry: ManifestItem = {
      chunk,
      competency,
      difficulty,
      disciplines,
      hash: record.hash,
      id: record.id,
      keyHash,
      ...(figures ? { readability: figures } : {}),
      revision,
      systems,
      type: record.type,
    };
    placement = { profile, chunk, json, answer, entry };
    memo.placements.set(record, placement);
  } else if (placement.entry.revision !== revision) {
    placement.entry = { ...placement.entry, revision };
  }
  return placement;
}

/** What a placement holds besides its profile, with the manifest facts of its entry. */
interface Place {
  chunk: string;
  json: RecordBytes;
  answer: Placement['answer'];
  facts: Omit<ManifestItem, 'id' | 'type' | 'chunk' | 'hash' | 'revision'>;
}

/** A question's chunk and serialised forms (in the exam profile, without and with its answer part). */
function questionPlace(
  record: QuestionRecord,
  profile: BundleProfile,
  prepared: PreparedRecord | undefined,
  readability: ManifestReadability | undefined,
): Place {
  const chunk = `questions/${record.system}.json`;
  // Without a prepared record, the record was made whole from the body.
  const whole = () => (prepared ? parseRecord(prepared.json) : (record as BundleQuestion));
  const facts = {
    keyHash: prepared?.keyHash ?? keyHashOf(whole()),
    disciplines: record.disciplines,
    systems: [record.system, ...record.secondarySystems],
    competency: record.competency,
    difficulty: record.difficulty,
    ...(readability ? { readability } : {}),
  };
  if (profile === 'exam') {
    const split = splitAnswer(whole());
    const json = serialise(split.shown);
    return { chunk, json, answer: { chunk: `answers/${record.system}.json`, json: serialise(split.answer) }, facts };
  }
  return { chunk, json: prepared ? prepared.json : serialise(whole()), answer: null, facts };
}

/** A note's chunk and serialised form. */
function notePlace(record: BundleNote): Place {
  const facts = {
    keyHash: null,
    disciplines: record.disciplines,
    systems: record.systems,
    competency: null,
    difficulty: null,
  };
  return { chunk: `notes/${record.systems[0]}.json`, json: serialise(record), answer: null, facts };
}
