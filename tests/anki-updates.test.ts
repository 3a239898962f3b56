// Anki decks that really update: an uncommitted edit gives the changed note a greater `mod` (Anki's
// "update if newer" then applies it), each card carries only its own mnemonics, and a bank without
// cards writes no deck. Real git repository, real CLI, the .apkg read back with sql.js.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ankiGuidFor } from '@qbank/anki';
import { openApkg, type Row } from '../packages/anki/test/open-apkg.js';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('anki-updates');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const commitTime = 1_767_225_600; // 2026-01-01T00:00:00Z
const notePath = 'content/notes/cardiovascular/cardiac-conduction.mdx';
const pacemaker = ankiGuidFor('cardiac-conduction/pacemaker');
const avDelay = ankiGuidFor('cardiac-conduction/av-delay');

/** A copy of a fixture bank committed to a fresh git repository at a fixed time. */
function committedBank(fixture: string, name: string): string {
  const dir = path.join(work, name);
  cpSync(path.join(repoRoot, fixture), dir, { recursive: true });
  const date = `${commitTime} +0000`;
  const env = { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });
  git('init', '-q');
  git('add', '.');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.org', 'commit', '-q', '-m', 'bank');
  return dir;
}

async function exportDeck(dir: string, out: string, ...extra: string[]) {
  const result = await runQbank(['export', 'anki', '--out', out, ...extra], dir);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return result;
}

async function notesOf(file: string): Promise<Map<string, Row>> {
  const apkg = await openApkg(readFileSync(file));
  const rows = apkg.query('SELECT guid, mod, flds FROM notes');
  apkg.close();
  return new Map(rows.map((row) => [row.guid as string, row]));
}

/** Anki's default import rule: an incoming note replaces the learner's only when its `mod` is greater. */
function importUpdateIfNewer(learner: Map<string, Row>, incoming: Map<string, Row>): Map<string, Row> {
  const next = new Map(learner);
  for (const [guid, note] of incoming) {
    const had = next.get(guid);
    if (!had || (note.mod as number) > (had.mod as number)) next.set(guid, note);
  }
  return next;
}

describe('an edit that is not committed', () => {
  it("raises the changed note's mod, keeps the others and every GUID, and Anki takes the correction", async () => {
    const dir = committedBank('tests/fixtures/banks/notes', 'uncommitted');
    const first = await exportDeck(dir, 'deck.apkg');
    expect(first.stderr).toContain('Building dist/bundle first: there is none yet.');
    const before = await notesOf(path.join(dir, 'deck.apkg'));
    expect([...before.values()].map((n) => n.mod)).toEqual([commitTime, commitTime]);
    const learner = importUpdateIfNewer(new Map(), before);

    const file = path.join(dir, notePath);
    writeFileSync(file, readFileSync(file, 'utf8').replace('normal pacemaker', 'usual pacemaker'));
    const second = await exportDeck(dir, 'deck.apkg');
    expect(second.stderr).toContain('the content has changes that are not committed');
    expect(second.stderr).toContain('(against the earlier deck: 1 changed, 1 unchanged, 0 new)');
    const manifest = JSON.parse(readFileSync(path.join(dir, 'dist/bundle/manifest.json'), 'utf8')) as {
      buildTime: string;
    };
    // The bundle's build time is still the commit time: only the earlier deck tells the edit apart.
    expect(Date.parse(manifest.buildTime) / 1000).toBe(commitTime);
    const after = await notesOf(path.join(dir, 'deck.apkg'));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(after.get(pacemaker)!.mod).toBe(commitTime + 1);
    expect(after.get(avDelay)!.mod).toBe(commitTime);
    expect(after.get(avDelay)!.flds).toBe(before.get(avDelay)!.flds);

    const updated = importUpdateIfNewer(learner, after);
    expect(updated.get(pacemaker)!.flds).toContain('usual pacemaker');

    // A second edit of the same note rises again; exporting without edits changes no byte.
    writeFileSync(file, readFileSync(file, 'utf8').replace('usual pacemaker', 'physiological pacemaker'));
    await exportDeck(dir, 'deck.apkg');
    const third = readFileSync(path.join(dir, 'deck.apkg'));
    expect((await notesOf(path.join(dir, 'deck.apkg'))).get(pacemaker)!.mod).toBe(commitTime + 2);
    await exportDeck(dir, 'deck.apkg');
    expect(readFileSync(path.join(dir, 'deck.apkg')).equals(third)).toBe(true);
  });

  it('compares with the deck named by --previous when writing a new file', async () => {
    const dir = committedBank('tests/fixtures/banks/notes', 'previous');
    await exportDeck(dir, 'first.apkg');
    const file = path.join(dir, notePath);
    writeFileSync(file, readFileSync(file, 'utf8').replace('{{c2::ventricles}}', '{{c2::ventricles}} (both)'));
    await exportDeck(dir, 'second.apkg', '--previous', 'first.apkg');
    const notes = await notesOf(path.join(dir, 'second.apkg'));
    expect(notes.get(avDelay)!.mod).toBe(commitTime + 1);
    expect(notes.get(pacemaker)!.mod).toBe(commitTime);
  });
});

describe('mnemonics', () => {
  it('go only on the cards of their section, or the cards written inside them', async () => {
    const dir = committedBank('tests/fixtures/export/bank', 'mnemonics');
    await exportDeck(dir, 'deck.apkg');
    const notes = await notesOf(path.join(dir, 'deck.apkg'));
    const mnemonic = (key: string) =>
      (notes.get(ankiGuidFor(`potassium-balance/${key}`))!.flds as string).split('\u001f')[2];
    expect(mnemonic('principal-cells')).toBe(
      '<p><strong>ADH and aldosterone</strong></p><p><strong>A</strong>ldosterone <strong>D</strong>rives <strong>H</strong>ydrogen and potassium out.</p>',
    );
    expect(mnemonic('spironolactone')).toBe(
      '<p><strong>Spare the K</strong></p><p><strong>S</strong>pironolactone, <strong>A</strong>miloride, <strong>T</strong>riamterene: potassium-sparing.</p>',
    );
    expect(mnemonic('loop-potassium')).toBe('');
    // Written inside a mnemonic: that mnemonic, without the card's own text.
    expect(mnemonic('amiloride')).toBe(
      '<p><strong>ENaC blockers</strong></p><p>Amiloride and triamterene close the sodium channel that aldosterone opens.</p>',
    );
  });
});

describe('a bank without cards', () => {
  it('writes no deck, says so and exits 1', async () => {
    const dir = committedBank('tests/fixtures/banks/small', 'empty');
    const result = await runQbank(['export', 'anki', '--out', 'deck.apkg'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'qbank: export stopped, nothing written: Unexpected bundle without flashcards or cloze cards, expected at least one card: no deck written',
    );
    expect(result.stderr).toContain('hint: Write `<Flashcard>` or `<Cloze>` cards in published notes');
    expect(existsSync(path.join(dir, 'deck.apkg'))).toBe(false);
  });
});

describe('a tampered bundle', () => {
  it('stops the export, writes nothing and exits 1', async () => {
    const dir = committedBank('tests/fixtures/banks/notes', 'tampered');
    await exportDeck(dir, 'first.apkg');
    const chunk = path.join(dir, 'dist/bundle/notes/cardiovascular.json');
    writeFileSync(chunk, readFileSync(chunk, 'utf8').replace('normal pacemaker', 'tampered pacemaker'));
    const result = await runQbank(['export', 'anki', 'dist/bundle', '--out', 'second.apkg'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^qbank: export stopped, nothing written: Unexpected sha256 `[0-9a-f]{64}` for `notes\/cardiovascular\.json`/,
    );
    expect(existsSync(path.join(dir, 'second.apkg'))).toBe(false);
    writeFileSync(path.join(dir, 'dist/bundle/manifest.json'), '{ not json');
    const broken = await runQbank(['export', 'anki', 'dist/bundle', '--out', 'second.apkg'], dir);
    expect([broken.code, broken.stderr.split('\n')[0]]).toEqual([
      1,
      'qbank: export stopped, nothing written: Unexpected manifest.json that is not JSON, expected a bundle manifest',
    ]);
  });
});
