// @qbank/runtime: learner history across releases (changelog.json or two manifests) and flashcard scheduling.
import { readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerRecords,
  assembleBlock,
  changesBetween,
  createScheduler,
  openBundle,
  reconcileHistory,
  scoreBlock,
  type AnswerRecord,
  type CardState,
  type Changelog,
  type LoadedBundle,
} from '../packages/runtime/src/index.js';
import { fromDirectory } from '../packages/runtime/src/node.js';
import {
  buildBank,
  questionFile,
  questionMarkdown,
  readBundleJson,
  writeBank,
  writeConfig,
} from './fixtures/runtime/bank.js';
import { repoRoot } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('runtime-history');
const bank = path.join(work, 'bank');
const v1 = path.join(work, 'v1');
const v2 = path.join(work, 'v2');
const v3 = path.join(work, 'v3');
let b1: LoadedBundle;
let b2: LoadedBundle;
let b3: LoadedBundle;

beforeAll(async () => {
  writeBank(bank, 30);
  await buildBank(bank, v1);
  // Release 2: a text change, a key change, a retirement, a removal, an addition.
  writeConfig(bank, '2.0.0');
  writeFileSync(questionFile(bank, 1), questionMarkdown(1, { stemExtra: ' She also reports nausea.' }));
  writeFileSync(questionFile(bank, 2), questionMarkdown(2, { answer: 0 }));
  writeFileSync(questionFile(bank, 3), questionMarkdown(3, { status: 'retired' }));
  unlinkSync(questionFile(bank, 5));
  writeFileSync(questionFile(bank, 30), questionMarkdown(30));
  await buildBank(bank, v2, '--previous', v1);
  // Release 3: one more key change.
  writeConfig(bank, '3.0.0');
  writeFileSync(questionFile(bank, 6), questionMarkdown(6, { answer: 3 }));
  await buildBank(bank, v3, '--previous', v2);
  [b1, b2, b3] = [
    await openBundle(fromDirectory(v1)),
    await openBundle(fromDirectory(v2)),
    await openBundle(fromDirectory(v3)),
  ];
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const record = (questionId: string, extra: Partial<AnswerRecord> = {}): AnswerRecord => ({
  questionId,
  correct: true,
  ...extra,
});

describe('learner history across releases', () => {
  it('classifies answers with changelog.json: text changes keep them, key changes and removals drop them, retired ones stay as history', async () => {
    const changelog = (await b2.changelog())!;
    // Notes whose question links changed are text-changed too.
    expect(changelog.changes.filter((c) => c.type === 'question').map((c) => [c.id, c.change])).toEqual([
      ['q-001', 'text-changed'],
      ['q-002', 'key-changed'],
      ['q-003', 'retired'],
      ['q-005', 'removed'],
      ['q-030', 'added'],
    ]);
    const records = ['q-000', 'q-001', 'q-002', 'q-003', 'q-005'].map((id) => record(id));
    const result = reconcileHistory(records, changelog);
    expect(result.records.map((r) => [r.record.questionId, r.status, r.change])).toEqual([
      ['q-000', 'valid', 'unchanged'],
      ['q-001', 'valid', 'text-changed'],
      ['q-002', 'discard', 'key-changed'],
      ['q-003', 'retired', 'retired'],
      ['q-005', 'discard', 'removed'],
    ]);
    expect(result.valid.map((r) => r.questionId)).toEqual(['q-000', 'q-001']);
    expect(result.retired.map((r) => r.questionId)).toEqual(['q-003']);
    expect(result.discard.map((r) => r.questionId)).toEqual(['q-002', 'q-005']);
  });

  it('derives the same changelog from two manifests as the compiler writes', () => {
    expect(changesBetween(b1.manifest, b2.manifest)).toEqual(readBundleJson<Changelog>(v2, 'changelog.json'));
    expect(changesBetween(b2.manifest, b3.manifest)).toEqual(readBundleJson<Changelog>(v3, 'changelog.json'));
  });

  it('checks records that carry a key hash exactly, even when the learner skipped a release', async () => {
    // Answers recorded on release 1, the app jumps straight to release 3 with only its changelog (2 -> 3).
    const block = await assembleBlock(b1, { seed: 'skip', size: 30 });
    const score = scoreBlock(block, Object.fromEntries(block.questions.map((q) => [q.id, q.answer])));
    const records = answerRecords(block, score, '2025-01-01T00:00:00.000Z');
    const byChangelog = reconcileHistory(records, (await b3.changelog())!);
    const exact = reconcileHistory(records, (await b3.changelog())!, b3.manifest);
    const status = (r: typeof exact, id: string) => r.records.find((x) => x.record.questionId === id)!.status;
    expect(status(byChangelog, 'q-002')).toBe('valid'); // the changelog of 2 -> 3 cannot know
    expect(status(exact, 'q-002')).toBe('discard');
    expect(status(exact, 'q-006')).toBe('discard');
    expect(status(exact, 'q-003')).toBe('retired');
    expect(status(exact, 'q-005')).toBe('discard');
    expect(status(exact, 'q-001')).toBe('valid');
    expect(exact.valid).toHaveLength(26);
    // Two manifests give the same answer as the changelog chain.
    const direct = reconcileHistory(records, changesBetween(b1.manifest, b3.manifest));
    expect(direct.records.map((r) => r.status)).toEqual(exact.records.map((r) => r.status));
  });

  it('never serves retired or removed questions, and serves new ones', async () => {
    const block = await assembleBlock(b2, { seed: 'all', size: 100 });
    const served = new Set(block.questions.map((q) => q.id));
    expect(served.has('q-003')).toBe(false);
    expect(served.has('q-005')).toBe(false);
    expect(served.has('q-030')).toBe(true);
    expect(b2.manifest.tombstones.map((t) => [t.id, t.reason])).toEqual([
      ['q-003', 'retired'],
      ['q-005', 'removed'],
    ]);
    expect(block.questions.find((q) => q.id === 'q-001')!.revision).toBe(2);
  });
});

describe('flashcard scheduling', () => {
  const t0 = new Date('2025-03-01T09:00:00.000Z');
  const later = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);

  it('schedules the cards of a real note by card id, with plain JSON state', async () => {
    const out = path.join(work, 'notes-bundle');
    await buildBank(path.join(repoRoot, 'tests/fixtures/banks/notes'), out);
    const note = await (await openBundle(fromDirectory(out))).note('cardiac-conduction');
    expect(note.cards.map((c) => c.id)).toEqual(['cardiac-conduction/pacemaker', 'cardiac-conduction/av-delay']);
    const scheduler = createScheduler();
    const states = new Map<string, CardState>();
    for (const card of note.cards) {
      const { state, due } = scheduler.review(card.id, states.get(card.id), 'good', t0);
      expect(state).toMatchObject({ id: card.id, reps: 1, lapses: 0, lastReview: t0.toISOString() });
      expect(due.getTime()).toBeGreaterThan(t0.getTime());
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      states.set(card.id, state);
    }
    expect(scheduler.due(states.values(), t0)).toEqual([]);
    expect(
      scheduler
        .due(states.values(), later(t0, 1))
        .map((s) => s.id)
        .sort(),
    ).toEqual(note.cards.map((c) => c.id).sort());
  });

  it('spaces good answers further apart and brings forgotten cards back sooner', () => {
    const scheduler = createScheduler();
    let state: CardState | undefined;
    let now = t0;
    const intervals: number[] = [];
    for (let i = 0; i < 5; i++) {
      const result = scheduler.review('card', state, 'good', now);
      intervals.push(result.due.getTime() - now.getTime());
      state = result.state;
      now = result.due;
    }
    expect(intervals.slice(2).every((v, i) => v > intervals[i + 1]!)).toBe(true);
    expect(state!.phase).toBe('review');
    const forgot = scheduler.review('card', state, 'again', now);
    const knew = scheduler.review('card', state, 'easy', now);
    expect(forgot.state).toMatchObject({ phase: 'relearning', lapses: 1 });
    expect(forgot.due.getTime()).toBeLessThan(knew.due.getTime());
    // Pure and deterministic: the same inputs give the same state.
    expect(scheduler.review('card', state, 'hard', now)).toEqual(scheduler.review('card', state, 'hard', now));
  });

  it('takes a retention target', () => {
    const run = (requestRetention: number) => {
      const scheduler = createScheduler({ requestRetention });
      const first = scheduler.review('c', undefined, 'easy', t0);
      return scheduler.review('c', first.state, 'good', first.due).due.getTime();
    };
    expect(run(0.8)).toBeGreaterThan(run(0.95));
  });

  it('reads state saved by an earlier session', () => {
    const scheduler = createScheduler();
    const saved = JSON.parse(
      readFileSync(path.join(repoRoot, 'tests/fixtures/runtime/card-state.json'), 'utf8'),
    ) as CardState;
    const { state } = scheduler.review(saved.id, saved, 'good', new Date('2025-04-01T00:00:00.000Z'));
    expect(state).toMatchObject({ id: 'cardiac-conduction/pacemaker', reps: saved.reps + 1, phase: 'review' });
    expect(state.stability).toBeGreaterThan(saved.stability);
  });
});
