// @qbank/runtime: seeded study blocks (selection, blueprint sampling, option order), scoring, trends, notes to review.
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinTaxonomy } from '@qbank/taxonomy';
import {
  anchoredChoice,
  answerRecords,
  arrangeChoices,
  assembleBlock,
  compareBlocks,
  createRandom,
  notesToReview,
  openBundle,
  scoreBlock,
  type AnswerRecord,
  type BlueprintRanges,
  type LoadedBundle,
  type StudyBlock,
} from '../packages/runtime/src/index.js';
import { fromDirectory } from '../packages/runtime/src/node.js';
import {
  buildBank,
  optionKind,
  questionId,
  questionIds,
  questionSpec,
  sorted,
  writeBank,
} from './fixtures/runtime/bank.js';
import { makeTempDir } from './helpers/fs.js';

const count = 120;
const work = makeTempDir('runtime-block');
const out = path.join(work, 'bundle');
const exam = path.join(work, 'exam');
let bundle: LoadedBundle;
beforeAll(async () => {
  writeBank(path.join(work, 'bank'), count);
  await buildBank(path.join(work, 'bank'), out);
  await buildBank(path.join(work, 'bank'), exam, '--profile', 'exam');
  bundle = await openBundle(fromDirectory(out));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ids = (block: StudyBlock) => block.questions.map((q) => q.id);
const indexOf = (id: string) => Number(id.slice(2));
const tally = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

describe('assembleBlock', () => {
  it('gives the same block for the same seed, on a fresh bundle too, and another for another seed', async () => {
    const a = await assembleBlock(bundle, { seed: 'alice:1' });
    const b = await assembleBlock(await openBundle(fromDirectory(out)), { seed: 'alice:1' });
    expect(b).toEqual(a);
    const c = await assembleBlock(bundle, { seed: 'alice:2' });
    expect(ids(c)).not.toEqual(ids(a));
    expect(a.questions).toHaveLength(40);
    expect(new Set(ids(a)).size).toBe(40);
    expect(a).toMatchObject({ seed: 'alice:1', mode: 'tutor', timeLimitSeconds: null, bank: { version: '1.0.0' } });
  });

  it('times a timed block at 60 minutes per 40 questions by default', async () => {
    expect((await assembleBlock(bundle, { seed: 1, mode: 'timed' })).timeLimitSeconds).toBe(3600);
    expect((await assembleBlock(bundle, { seed: 1, mode: 'timed', size: 10 })).timeLimitSeconds).toBe(900);
    expect(
      (await assembleBlock(bundle, { seed: 1, mode: 'timed', size: 10, secondsPerQuestion: 60 })).timeLimitSeconds,
    ).toBe(600);
  });

  it('draws only from the filtered pool, and all of it when the pool is smaller than the block', async () => {
    const block = await assembleBlock(bundle, {
      seed: 's',
      size: 50,
      filter: { systems: ['cardiovascular'], tags: ['high-yield'] },
    });
    expect(sorted(ids(block))).toEqual(questionIds(count, (s, i) => s.system === 'cardiovascular' && i % 3 === 0));
    expect(block.labels).toMatchObject({ cardiovascular: 'Cardiovascular System' });
  });

  it('loads the same block from an exam-profile bundle', async () => {
    const examBundle = await openBundle(fromDirectory(exam));
    expect(await assembleBlock(examBundle, { seed: 'x', size: 12 })).toEqual(
      await assembleBlock(bundle, { seed: 'x', size: 12 }),
    );
  });
});

describe('option order', () => {
  it('shuffles options per learner and maps display letters back to the bundle letters', async () => {
    const alice = await assembleBlock(bundle, { seed: 'alice:1', size: count });
    const bob = await assembleBlock(bundle, { seed: 'bob:1', size: count });
    let moved = 0;
    let differs = 0;
    for (const q of alice.questions) {
      const original = await bundle.question(q.id);
      expect(q.choices.map((c) => c.letter)).toEqual(original.choices.map((c) => c.letter));
      for (const choice of q.choices) {
        expect(q.letters[choice.letter]).toBe(choice.original);
        const source = original.choices.find((c) => c.letter === choice.original)!;
        expect(choice).toMatchObject({ html: source.html, text: source.text, rationale: source.rationale });
      }
      expect(q.letters[q.answer]).toBe(original.answer);
      if (q.choices.some((c, i) => c.original !== original.choices[i]!.letter)) moved++;
      const other = bob.questions.find((x) => x.id === q.id)!;
      if (other.choices.some((c, i) => c.original !== q.choices[i]!.original)) differs++;
    }
    const plain = Array.from({ length: count }, (_, i) => optionKind(i)).filter((k) => k !== 'numeric').length;
    expect(moved).toBeGreaterThan(plain * 0.9);
    expect(differs).toBeGreaterThan(plain * 0.9);
  });

  it('keeps "All/None of the above" in place and numeric options in ascending order', async () => {
    const block = await assembleBlock(bundle, { seed: 'carol:3', size: count });
    const kinds = { 'anchored-all': 0, 'anchored-none': 0, numeric: 0 };
    for (const q of block.questions) {
      const kind = optionKind(indexOf(q.id));
      const texts = q.choices.map((c) => c.text);
      if (kind === 'anchored-all')
        expect(q.choices[4]).toMatchObject({ letter: 'E', original: 'E', text: 'All of the above' });
      if (kind === 'anchored-none')
        expect(q.choices[2]).toMatchObject({ letter: 'C', original: 'C', text: 'None of the above' });
      if (kind === 'numeric') expect(texts).toEqual(['0.5 mg', '5 mg', '10 mg', '20 mg', '40 mg']);
      if (kind !== 'plain') kinds[kind]++;
    }
    expect(kinds['anchored-all']).toBeGreaterThan(5);
    expect(kinds['anchored-none']).toBeGreaterThan(5);
    expect(kinds.numeric).toBeGreaterThan(5);
  });

  it('sorts numeric options that an author left unsorted, and anchors "Both/Neither of the"', () => {
    const choices = (texts: string[]) => texts.map((text, i) => ({ letter: String.fromCharCode(65 + i), text }));
    const random = createRandom('r');
    expect(arrangeChoices(choices(['1,000 mL', '<5 mL', '250 mL', '0.5 mL']), random).map((c) => c.text)).toEqual([
      '0.5 mL',
      '<5 mL',
      '250 mL',
      '1,000 mL',
    ]);
    const mixed = arrangeChoices(
      choices(['Aspirin', 'Heparin', 'Both of the above', 'Warfarin', 'Neither of these']),
      random,
    );
    expect(mixed[2]!.text).toBe('Both of the above');
    expect(mixed[4]!.text).toBe('Neither of these');
    expect(['None of the above', 'all of the choices', 'BOTH OF THE ABOVE'].every((t) => anchoredChoice.test(t))).toBe(
      true,
    );
    expect(
      ['Nonessential amino acids', 'All-trans retinoic acid', 'Both kidneys'].some((t) => anchoredChoice.test(t)),
    ).toBe(false);
  });
});

describe('selection', () => {
  const at = (day: number) => new Date(Date.UTC(2025, 0, day)).toISOString();

  it('unused-first serves questions never answered, then the least recently answered', async () => {
    const history: AnswerRecord[] = Array.from({ length: 110 }, (_, i) => ({
      questionId: questionId(i),
      correct: true,
      answeredAt: at(1 + (i % 28)),
    }));
    const unused = await assembleBlock(bundle, { seed: 'u', size: 10, selection: 'unused-first', history });
    expect(sorted(ids(unused))).toEqual(Array.from({ length: 10 }, (_, i) => questionId(110 + i)));
    const next = await assembleBlock(bundle, { seed: 'u', size: 14, selection: 'unused-first', history });
    const old = ids(next).filter((id) => indexOf(id) < 110);
    expect(old).toHaveLength(4);
    expect(old.every((id) => history.find((r) => r.questionId === id)!.answeredAt === at(1))).toBe(true);
  });

  it('incorrect-first serves questions last answered wrong, then unused ones, then the rest', async () => {
    const history: AnswerRecord[] = [
      ...Array.from({ length: 8 }, (_, i) => ({ questionId: questionId(i), correct: false, answeredAt: at(2) })),
      // Wrong once, right later: counts as right.
      ...Array.from({ length: 30 }, (_, i) => ({ questionId: questionId(8 + i), correct: false, answeredAt: at(1) })),
      ...Array.from({ length: 30 }, (_, i) => ({ questionId: questionId(8 + i), correct: true, answeredAt: at(3) })),
    ];
    const block = await assembleBlock(bundle, { seed: 'i', size: 12, selection: 'incorrect-first', history });
    const picked = ids(block).map(indexOf);
    expect(picked.filter((i) => i < 8).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(picked.filter((i) => i >= 8)).toHaveLength(4);
    expect(picked.every((i) => i < 8 || i >= 38)).toBe(true);
  });
});

describe('blueprint', () => {
  const usmle = builtinTaxonomy();
  const ranges: BlueprintRanges = {
    specGroups: Object.fromEntries(usmle.specGroups.filter((g) => g.range).map((g) => [g.id, g.range!])),
    disciplines: Object.fromEntries(usmle.disciplines.filter((d) => d.range).map((d) => [d.id, d.range!])),
  };
  const mid = (r: { min: number; max: number }) => (r.min + r.max) / 2;

  it('samples spec groups and disciplines in proportion to the blueprint ranges', async () => {
    const block = await assembleBlock(bundle, { seed: 'bp', size: 40, blueprint: 'proportional', ranges });
    expect(block.questions).toHaveLength(40);
    const groups = tally(block.questions.map((q) => q.specGroup!));
    const present = [...new Set(bundle.manifest.taxonomy.systems.filter((s) => s.questions > 0).map((s) => s.parent!))];
    const weight = present.reduce((sum, g) => sum + mid(ranges.specGroups![g]!), 0);
    for (const group of present) {
      const share = (40 * mid(ranges.specGroups![group]!)) / weight;
      expect(Math.abs((groups.get(group) ?? 0) - share), group).toBeLessThan(1);
    }
    const root = (d: string) => (d === 'biochemistry' || d === 'nutrition' ? 'biochemistry-nutrition' : d);
    const disciplines = tally(block.questions.map((q) => root(q.disciplines[0]!)));
    const roots = [...new Set(Array.from({ length: count }, (_, i) => root(questionSpec(i).disciplines[0]!)))];
    const total = roots.reduce((sum, d) => sum + mid(ranges.disciplines![d]!), 0);
    for (const d of roots) {
      const share = Math.min(15, (40 * mid(ranges.disciplines![d]!)) / total);
      expect(Math.abs((disciplines.get(d) ?? 0) - share), d).toBeLessThanOrEqual(2);
    }
    expect(await assembleBlock(bundle, { seed: 'bp', size: 40, blueprint: 'proportional', ranges })).toEqual(block);
  });

  it('samples to the blueprint ranges the manifest carries', async () => {
    // Cardiovascular 7-11% and respiratory-renal 11-15%: midpoints 9 and 13 split 9 seats 4 to 5,
    // although the pool holds 12 and 24 questions.
    const filter = { systems: ['cardiovascular', 'respiratory', 'renal-urinary'] };
    for (const seed of ['a', 'b', 'c', 'd']) {
      const block = await assembleBlock(bundle, { seed, size: 9, blueprint: 'proportional', filter });
      const groups = tally(block.questions.map((q) => q.specGroup!));
      expect(Object.fromEntries(groups)).toEqual({ 'cardiovascular-group': 4, 'respiratory-renal': 5 });
    }
  });

  it('still fills the block when the blueprint cannot be met', async () => {
    const block = await assembleBlock(bundle, {
      seed: 'z',
      size: 20,
      blueprint: 'proportional',
      ranges: { specGroups: { 'cardiovascular-group': { min: 90, max: 100 } } },
    });
    expect(block.questions).toHaveLength(20);
    expect(block.questions.filter((q) => q.system === 'cardiovascular')).toHaveLength(12);
  });
});

describe('scoring', () => {
  let block: StudyBlock;
  let answers: Record<string, string | null>;
  beforeAll(async () => {
    block = await assembleBlock(bundle, { seed: 'score', size: 10 });
    answers = {};
    block.questions.forEach((q, i) => {
      const wrong = q.choices.find((c) => c.letter !== q.answer)!.letter;
      answers[q.id] = i < 6 ? q.answer : i < 8 ? wrong : i === 8 ? null : 'Z';
    });
  });

  it('scores per question and in total', () => {
    const score = scoreBlock(block, answers);
    expect(score).toMatchObject({ total: 10, correct: 6, incorrect: 2, omitted: 2, percent: 60, seed: 'score' });
    const first = block.questions[0]!;
    expect(score.questions[0]).toEqual({
      id: first.id,
      chosen: first.answer,
      chosenOriginal: first.letters[first.answer],
      answer: first.answer,
      correct: true,
      omitted: false,
    });
    expect(score.questions[9]).toMatchObject({ chosen: null, omitted: true, correct: false });
  });

  it('breaks performance down by system, spec group, discipline and competency', () => {
    const score = scoreBlock(block, answers);
    const result = new Map(score.questions.map((r) => [r.id, r]));
    const expectRows = (rows: typeof score.bySystem, keysOf: (q: StudyBlock['questions'][number]) => string[]) => {
      const expected = new Map<string, { total: number; correct: number }>();
      for (const q of block.questions) {
        for (const key of keysOf(q)) {
          const row = expected.get(key) ?? { total: 0, correct: 0 };
          expected.set(key, { total: row.total + 1, correct: row.correct + (result.get(q.id)!.correct ? 1 : 0) });
        }
      }
      expect(Object.fromEntries(rows.map((r) => [r.id, { total: r.total, correct: r.correct }]))).toEqual(
        Object.fromEntries(expected),
      );
      for (const row of rows) {
        expect(row.label).toBe(block.labels[row.id]);
        expect(row.percent).toBe(Math.round((row.correct / row.total) * 1000) / 10);
      }
    };
    expectRows(score.bySystem, (q) => [q.system]);
    expectRows(score.bySpecGroup, (q) => [q.specGroup!]);
    expectRows(score.byDiscipline, (q) => q.disciplines);
    expectRows(score.byCompetency, (q) => [q.competency]);
    expect(score.bySystem.map((r) => r.label)).toEqual(
      [...score.bySystem.map((r) => r.label)].sort((a, b) => a.localeCompare(b, 'en')),
    );
  });

  it('lists the notes to review for missed questions, most missed first', () => {
    const score = scoreBlock(block, answers);
    const missed = block.questions.filter((_, i) => i >= 6);
    const review = notesToReview(block, score);
    expect(review.flatMap((n) => n.questions).sort()).toEqual(sorted(missed.map((q) => q.id)));
    for (const note of review) {
      expect(note.questions.every((id) => block.questions.find((q) => q.id === id)!.notes.includes(note.noteId))).toBe(
        true,
      );
    }
    const counts = review.map((n) => n.questions.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('writes history records with bundle letters, revision and key hash', () => {
    const score = scoreBlock(block, answers);
    const records = answerRecords(block, score, '2025-02-01T10:00:00.000Z');
    expect(records).toHaveLength(8);
    const q = block.questions[6]!;
    expect(records[6]).toEqual({
      questionId: q.id,
      correct: false,
      choice: q.letters[answers[q.id]!],
      answeredAt: '2025-02-01T10:00:00.000Z',
      revision: 1,
      keyHash: bundle.item(q.id)!.keyHash,
    });
  });

  it('compares blocks for trends', async () => {
    const first = scoreBlock(block, answers);
    const later = await assembleBlock(bundle, { seed: 'score-2', size: 10 });
    const second = scoreBlock(later, Object.fromEntries(later.questions.map((q) => [q.id, q.answer])));
    const trend = compareBlocks([first, second]);
    expect(trend.percents).toEqual([60, 100]);
    expect(trend.change).toBe(40);
    for (const row of trend.bySystem) {
      const [a, b] = [first.bySystem.find((r) => r.id === row.id), second.bySystem.find((r) => r.id === row.id)];
      expect(row.percents).toEqual([a?.percent ?? null, b?.percent ?? null]);
      expect(row.total).toBe((a?.total ?? 0) + (b?.total ?? 0));
      expect(row.change).toBe(a && b ? Math.round((b.percent - a.percent) * 10) / 10 : null);
    }
    expect(compareBlocks([first])).toMatchObject({ percents: [60], change: 0 });
  });
});
