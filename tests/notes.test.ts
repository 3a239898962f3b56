// Notes with memory-tool components: typed blocks, stable card ids, the curriculum order.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleNote, Curriculum } from '@qbank/compiler';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('notes');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const notePath = 'content/notes/cardiovascular/cardiac-conduction.mdx';

function bank(name: string): string {
  const dir = path.join(work, name);
  cpSync(path.join(repoRoot, 'tests/fixtures/banks/notes'), dir, { recursive: true });
  return dir;
}

async function buildNote(dir: string): Promise<BundleNote> {
  const result = await runQbank(['build', '--out', 'out'], dir);
  expect(result.code, result.stdout).toBe(0);
  const chunk = JSON.parse(readFileSync(path.join(dir, 'out/notes/cardiovascular.json'), 'utf8')) as {
    items: BundleNote[];
  };
  return chunk.items[0]!;
}

describe('note components in the bundle', () => {
  it('become typed blocks beside sanitized HTML, with cards', async () => {
    const note = await buildNote(bank('blocks'));
    expect(note.blocks.map((b) => b.type)).toEqual([
      'html',
      'mnemonic',
      'flashcard',
      'cloze',
      'video',
      'callout',
      'figure',
    ]);
    expect(note.blocks[4]).toEqual({
      type: 'video',
      provider: 'cdn',
      videoId: 'cardiac-conduction',
      title: 'AV nodal delay',
      start: 275,
    });
    expect(note.blocks[6]).toMatchObject({
      type: 'figure',
      src: expect.stringMatching(/^assets\/[0-9a-f]{16}\.png$/),
      credit: 'Drawn for qbank, CC BY 4.0',
    });
    expect(note.cards).toEqual([
      {
        id: 'cardiac-conduction/pacemaker',
        kind: 'basic',
        front: 'Which structure is the normal pacemaker of the heart?',
        back: 'The sinoatrial node',
        text: null,
        deletions: [],
      },
      {
        id: 'cardiac-conduction/av-delay',
        kind: 'cloze',
        front: null,
        back: null,
        text: 'The {{c1::AV node}} delays conduction so the {{c2::ventricles}} fill.',
        deletions: [1, 2],
      },
    ]);
    expect(note.html).toContain(
      '<a href="#question/cv-av-block" data-qbank-ref="question:cv-av-block">the AV block question</a>',
    );
    expect(note.html).toContain('<aside data-qbank="pearl">');
    expect(note.questions).toEqual(['cv-av-block']);
  });

  it('keeps card ids when the card text is edited', async () => {
    const dir = bank('edit');
    const before = (await buildNote(dir)).cards.map((c) => c.id);
    const file = path.join(dir, notePath);
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('normal pacemaker', 'usual pacemaker')
        .replace('delays conduction', 'slows conduction'),
    );
    const after = await buildNote(dir);
    expect(after.cards.map((c) => c.id)).toEqual(before);
    expect(after.cards[0]!.front).toContain('usual pacemaker');
  });

  it('orders the curriculum: prerequisites first, molecules to organ systems', async () => {
    const dir = bank('curriculum');
    await buildNote(dir);
    const curriculum = JSON.parse(readFileSync(path.join(dir, 'out/curriculum.json'), 'utf8')) as Curriculum;
    expect(curriculum.systems).toEqual({
      cardiovascular: ['cardiac-conduction'],
      multisystem: ['membrane-potentials'],
    });
  });

  it('qbank fmt gives a card without a key a stable one', async () => {
    const dir = bank('fmt');
    const file = path.join(dir, notePath);
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('<Flashcard id="pacemaker" ', '<Flashcard ')
        .replace('<Cloze id="av-delay">', '<Cloze>'),
    );
    const before = await runQbank(['validate', '--format', 'json'], dir);
    expect(
      JSON.parse(before.stdout)
        .filter((d: { severity: string }) => d.severity === 'error')
        .map((d: { ruleId: string; line: number }) => [d.ruleId, d.line]),
    ).toEqual([
      ['mdx/missing-attribute', 18],
      ['mdx/missing-attribute', 20],
    ]);
    expect((await runQbank(['fmt'], dir)).stdout).toBe(`${notePath}: 2 fixes applied\n`);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('<Flashcard id="card-1" front=');
    expect(text).toContain('<Cloze id="card-2">');
    expect((await runQbank(['validate'], dir)).code).toBe(0);
  });

  it('qbank export anki writes a deck of the built bundle', async () => {
    const dir = bank('anki');
    await buildNote(dir);
    const result = await runQbank(['export', 'anki', 'out', '--out', 'deck.apkg'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('✔ Anki deck written to deck.apkg: 2 notes, 3 cards, 1 decks, 1 media files\n');
    expect((await runQbank(['export', 'anki', 'missing'], dir)).code).toBe(2);
  });
});
