// @qbank/runtime: filters over the manifest index and the chunks, full-text search, note and question links, study paths.
import path from 'node:path';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  filterIndex,
  htmlToText,
  notesForQuestion,
  openBundle,
  prepareSearch,
  queryItems,
  questionsForNote,
  searchBundle,
  studyPath,
  type BundleSource,
  type LoadedBundle,
} from '../packages/runtime/src/index.js';
import { fromDirectory } from '../packages/runtime/src/node.js';
import { buildBank, questionIds, sorted, writeBank } from './fixtures/runtime/bank.js';
import { makeTempDir } from './helpers/fs.js';

const count = 120;
const work = makeTempDir('runtime-query');
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

function counting(dir: string) {
  const reads: string[] = [];
  const inner = fromDirectory(dir);
  const source: BundleSource = { read: (p, f) => (reads.push(p), inner.read(p, f)) };
  return { reads, source };
}
const ids = (items: { id: string }[]) => items.map((i) => i.id);

describe('filters', () => {
  it('filters by system, spec group, difficulty and type from the index alone', async () => {
    const { reads, source } = counting(out);
    const lazy = await openBundle(source);
    expect(ids(filterIndex(lazy.manifest, { type: 'question', systems: ['cardiovascular'] }))).toEqual(
      questionIds(count, (s) => s.system === 'cardiovascular'),
    );
    expect(ids(filterIndex(lazy.manifest, { type: 'question', specGroups: ['respiratory-renal'] }))).toEqual(
      questionIds(count, (s) => s.system === 'respiratory' || s.system === 'renal-urinary'),
    );
    expect(ids(filterIndex(lazy.manifest, { type: 'question', difficulty: [4, 5] }))).toEqual(
      questionIds(count, (s) => s.difficulty >= 4),
    );
    expect(ids(filterIndex(lazy.manifest, { type: 'note', systems: ['multisystem'] }))).toEqual([
      'n-atp',
      'n-ion-channels',
      'n-membrane-potential',
    ]);
    expect(await queryItems(lazy, { systems: ['endocrine'], difficulty: [1] })).toEqual(
      filterIndex(lazy.manifest, { systems: ['endocrine'], difficulty: [1] }),
    );
    expect(reads).toEqual(['manifest.json']);
  });

  it('rolls child disciplines and competencies up into their parents', () => {
    expect(ids(filterIndex(bundle.manifest, { type: 'question', disciplines: ['biochemistry-nutrition'] }))).toEqual(
      questionIds(count, (s) => s.disciplines.includes('biochemistry')),
    );
    expect(ids(filterIndex(bundle.manifest, { disciplines: ['biochemistry'] }))).toEqual(
      questionIds(count, (s) => s.disciplines.includes('biochemistry')),
    );
    expect(ids(filterIndex(bundle.manifest, { competencies: ['patient-care-diagnosis'] }))).toEqual(
      questionIds(count, (s) => s.competency === 'diagnosis' || s.competency === 'history-physical-exam'),
    );
  });

  it('filters by tag and by note, loading only the chunks it needs', async () => {
    const { reads, source } = counting(out);
    const lazy = await openBundle(source);
    const tagged = await queryItems(lazy, { systems: ['cardiovascular'], tags: ['classic'] });
    expect(ids(tagged)).toEqual(questionIds(count, (s, i) => s.system === 'cardiovascular' && i % 3 === 1));
    expect(sorted(reads)).toEqual(['manifest.json', 'notes/cardiovascular.json', 'questions/cardiovascular.json']);
    expect(ids(await queryItems(lazy, { type: 'question', notes: ['n-heart'] }))).toEqual(
      questionIds(count, (s) => s.notes.includes('n-heart')),
    );
    expect(ids(await queryItems(lazy, { notes: ['n-membrane-potential'], difficulty: [2] }))).toEqual(
      questionIds(count, (s) => s.system === 'multisystem' && s.difficulty === 2),
    );
    expect(ids(await queryItems(lazy, { notes: ['n-atp'] }))).toEqual(['n-atp']);
  });
});

describe('search', () => {
  it('builds the index on the first search, then answers from memory', async () => {
    const { reads, source } = counting(out);
    const lazy = await openBundle(source);
    expect(reads).toEqual(['manifest.json']);
    const hits = await searchBundle(lazy, 'troponin');
    expect(hits[0]).toMatchObject({ id: 'q-000', type: 'question', terms: ['troponin'] });
    expect(hits[0]!.title).toMatch(/^A 30-year-old woman comes to the physician because of fatigue/);
    const read = reads.length;
    expect(sorted(reads.slice(1))).toEqual(
      sorted(lazy.manifest.files.map((f) => f.path).filter((p) => /^(questions|notes)\//.test(p))),
    );
    await searchBundle(lazy, 'chest pain');
    await prepareSearch(lazy);
    expect(reads).toHaveLength(read);
  });

  it('matches prefixes, typos and every word, searches notes, and filters', async () => {
    expect(ids(await searchBundle(bundle, 'tropo'))).toEqual(['q-000']);
    expect(ids(await searchBundle(bundle, 'tropnin'))).toEqual(['q-000']);
    expect(ids(await searchBundle(bundle, 'substernal chest pain'))).toEqual(['q-000']);
    expect(ids(await searchBundle(bundle, 'potassium permeability'))).toEqual(['n-membrane-potential']);
    const heart = await searchBundle(bundle, 'heart', { filter: { type: 'note' } });
    expect(heart[0]).toMatchObject({ id: 'n-heart', title: 'The heart' });
    expect(heart.every((h) => h.type === 'note')).toBe(true);
    const dyspnea = await searchBundle(bundle, 'dyspnea', { filter: { systems: ['respiratory'] }, limit: 3 });
    expect(dyspnea.length).toBeLessThanOrEqual(3);
    expect(dyspnea.every((h) => bundle.item(h.id)!.systems[0] === 'respiratory')).toBe(true);
    const either = await searchBundle(bundle, 'troponin potassium', { combineWith: 'OR' });
    expect(sorted(ids(either))).toEqual(['n-membrane-potential', 'q-000']);
    expect(await searchBundle(bundle, 'troponin potassium')).toEqual([]);
  });

  it('never reads answers in the exam profile and does not index explanations', async () => {
    const { reads, source } = counting(exam);
    const lazy = await openBundle(source);
    expect(ids(await searchBundle(lazy, 'troponin'))).toEqual(['q-000']);
    expect(reads.some((p) => p.startsWith('answers/'))).toBe(false);
    expect(await searchBundle(bundle, 'rationale')).toEqual([]);
  });

  it('turns bundle HTML into plain text', () => {
    expect(htmlToText('<p>A <strong>b</strong>c &amp; d&#39;s &#x3b1; &lt;</p><ul><li>one</li><li>two</li></ul>')).toBe(
      "A bc & d's α < one two",
    );
  });
});

describe('notes and questions', () => {
  it('links notes to questions both ways', async () => {
    expect((await notesForQuestion(bundle, 'q-000')).map((n) => n.title)).toEqual(['The heart']);
    expect(ids(await questionsForNote(bundle, 'n-heart'))).toEqual(
      questionIds(count, (s) => s.notes.includes('n-heart')),
    );
    expect(await questionsForNote(bundle, 'n-atp')).toEqual([]);
    await expect(notesForQuestion(bundle, 'n-heart')).rejects.toMatchObject({ code: 'bundle/unknown-item' });
  });

  it('gives a study path: prerequisites transitively in topological order, smaller levels first, then the note', async () => {
    expect(ids(await studyPath(bundle, 'n-circulation'))).toEqual([
      'n-atp',
      'n-ion-channels',
      'n-membrane-potential',
      'n-cardiac-myocyte',
      'n-conduction-tissue',
      'n-vessels',
      'n-heart',
      'n-circulation',
    ]);
    expect(ids(await studyPath(bundle, 'n-membrane-potential'))).toEqual([
      'n-atp',
      'n-ion-channels',
      'n-membrane-potential',
    ]);
    expect(ids(await studyPath(bundle, 'n-vessels'))).toEqual(['n-vessels']);
  });

  it('agrees with the curriculum the compiler writes', async () => {
    const curriculum = (await bundle.curriculum())!;
    const order = [...(curriculum.systems['multisystem'] ?? []), ...(curriculum.systems['cardiovascular'] ?? [])];
    const path = ids(await studyPath(bundle, 'n-circulation'));
    for (const [i, id] of path.entries()) {
      for (const later of path.slice(i + 1)) {
        const note = await bundle.note(later);
        if (note.prerequisites.includes(id)) expect(order.indexOf(id)).toBeLessThan(order.indexOf(later));
      }
    }
  });
});
