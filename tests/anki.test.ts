// `@qbank/anki`: a CLI-built bundle exported as an .apkg, opened again with fflate and sql.js as Anki would.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as anki from '@qbank/anki';
import { ankiGuidFor, buildAnkiPackage, exportAnkiFromDirectory } from '@qbank/anki';
import type { BundleManifest } from '@qbank/compiler';
import { writeCollection } from '../packages/anki/src/lib/collection.js';
import { planDeck } from '../packages/anki/src/lib/plan.js';
import { openApkg, type OpenedApkg, type Row } from '../packages/anki/test/open-apkg.js';
import { repoRoot, runQbank } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

const work = makeTempDir('anki');
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Build times of two releases (2026-01-01 and a day later), so ids and timestamps can be checked.
const epoch = 1_767_225_600;
const nextEpoch = epoch + 86_400;
const notePath = 'content/notes/cardiovascular/cardiac-conduction.mdx';
const sep = '\u001f';

/** Copy a fixture bank into the temp dir and build it with the CLI; returns the bundle directory. */
async function buildBank(fixture: string, name: string, edit?: (dir: string) => void, time = epoch): Promise<string> {
  const dir = path.join(work, name);
  cpSync(path.join(repoRoot, fixture), dir, { recursive: true });
  edit?.(dir);
  const result = await runQbank(['build', '--out', 'out'], dir, { SOURCE_DATE_EPOCH: String(time) });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return path.join(dir, 'out');
}

/** Export a bundle directory and open the package. */
async function exportAndOpen(bundleDir: string, file = 'deck.apkg'): Promise<OpenedApkg> {
  const out = path.join(bundleDir, '..', file);
  await exportAnkiFromDirectory(bundleDir, out);
  return openApkg(readFileSync(out));
}

function manifestOf(bundleDir: string): BundleManifest {
  return JSON.parse(readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8')) as BundleManifest;
}

function sourceOf(bundleDir: string, manifest = manifestOf(bundleDir)) {
  return { manifest, readFile: (file: string) => readFile(path.join(bundleDir, file)) };
}

/** Every row of every table, for comparing two collections. */
function tables(apkg: OpenedApkg): Record<string, Row[]> {
  return Object.fromEntries(
    ['col', 'notes', 'cards', 'revlog', 'graves'].map((table) => [
      table,
      apkg.query(`SELECT * FROM ${table} ORDER BY 1, 2`),
    ]),
  );
}

function fieldsOf(note: Row): string[] {
  return (note.flds as string).split(sep);
}

let notesBundle: string;
let deck: OpenedApkg;
afterAll(() => deck?.close());

beforeAll(async () => {
  notesBundle = await buildBank('tests/fixtures/banks/notes', 'notes');
  deck = await exportAndOpen(notesBundle);
});

describe('@qbank/anki public API', () => {
  it('exports exactly these names', () => {
    expect(Object.keys(anki).sort()).toEqual([
      'AnkiEmptyDeckError',
      'ankiGuidFor',
      'buildAnkiPackage',
      'exportAnkiFromDirectory',
    ]);
  });
});

describe('the .apkg of the notes fixture bank', () => {
  it('is a zip of collection.anki2, the media map and the media files', () => {
    expect(Object.keys(deck.entries).sort()).toEqual(['0', 'collection.anki2', 'media']);
    const [asset] = manifestOf(notesBundle).assets;
    expect(deck.media).toEqual({ 0: path.posix.basename(asset!.path) });
    expect(Buffer.from(deck.entries['0']!).equals(readFileSync(path.join(notesBundle, asset!.path)))).toBe(true);
  });

  it('holds a classic schema 11 collection with the standard tables and columns', () => {
    const columns = (table: string) => deck.query(`PRAGMA table_info(${table})`).map((row) => row.name);
    expect(deck.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map((r) => r.name)).toEqual([
      'cards',
      'col',
      'graves',
      'notes',
      'revlog',
    ]);
    expect(columns('col')).toEqual('id crt mod scm ver dty usn ls conf models decks dconf tags'.split(' '));
    expect(columns('notes')).toEqual('id guid mid mod usn tags flds sfld csum flags data'.split(' '));
    expect(columns('cards')).toEqual(
      'id nid did ord mod usn type queue due ivl factor reps lapses left odue odid flags data'.split(' '),
    );
    expect(columns('revlog')).toEqual('id cid usn ease ivl lastIvl factor time type'.split(' '));
    expect(columns('graves')).toEqual(['usn', 'oid', 'type']);
    expect(deck.query('SELECT id, ver, crt, mod, scm FROM col')).toEqual([
      { id: 1, ver: 11, crt: epoch, mod: epoch * 1000, scm: epoch * 1000 },
    ]);
    expect(deck.query('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });

  it('defines the two note types "qbank Basic" and "qbank Cloze"', () => {
    const models = Object.values(deck.col().models).sort((a, b) => a.name.localeCompare(b.name));
    expect(
      models.map((m) => ({ name: m.name, type: m.type, fields: m.flds.map((f) => f.name), templates: m.tmpls.length })),
    ).toEqual([
      { name: 'qbank Basic', type: 0, fields: ['Front', 'Back', 'Mnemonic', 'Video', 'Source note'], templates: 1 },
      { name: 'qbank Cloze', type: 1, fields: ['Text', 'Extra', 'Mnemonic', 'Video', 'Source note'], templates: 1 },
    ]);
    expect(models[0]!.tmpls[0]!.qfmt).toBe('{{Front}}');
    expect(models[1]!.tmpls[0]!.qfmt).toBe('{{cloze:Text}}');
    expect(models[1]!.tmpls[0]!.afmt).toContain('{{Extra}}');
    for (const model of models) expect(Object.keys(deck.col().models)).toContain(String(model.id));
  });

  it('has one note per card, with its fields, taxonomy tags and a GUID from the card id', () => {
    const models = deck.col().models;
    const notes = deck.query('SELECT * FROM notes ORDER BY guid');
    expect(notes).toHaveLength(2);
    const byType = Object.fromEntries(notes.map((note) => [models[String(note.mid)]!.name, note]));
    const basic = byType['qbank Basic']!;
    const cloze = byType['qbank Cloze']!;
    const figure =
      '<figure><img src="099d6c9b9262f6eb.png" alt="ECG strip with a long PR interval">' +
      '<figcaption>First-degree AV block — Drawn for qbank, CC BY 4.0</figcaption></figure>';
    const mnemonic =
      '<p><strong>SA before AV</strong></p>' +
      '<p><strong>S</strong>inoatrial fires first, the <strong>A</strong>trioventricular node delays.</p>';
    const video = 'AV nodal delay (cdn cardiac-conduction, from 4:35)';
    const source = 'Cardiac conduction (cardiac-conduction)';
    expect(fieldsOf(basic)).toEqual([
      'Which structure is the normal pacemaker of the heart?',
      `The sinoatrial node${figure}`,
      mnemonic,
      video,
      source,
    ]);
    expect(fieldsOf(cloze)).toEqual([
      'The {{c1::AV node}} delays conduction so the {{c2::ventricles}} fill.',
      figure,
      mnemonic,
      video,
      source,
    ]);
    // The image is referenced by its media name, which the media map gives to file "0".
    expect(Object.values(deck.media)).toEqual(['099d6c9b9262f6eb.png']);
    const tags = ' qbank::discipline::physiology qbank::system::cardiovascular qbank::tag::arrhythmias ';
    expect(basic.tags).toBe(tags);
    expect(cloze.tags).toBe(tags);
    expect(Object.keys(deck.col().tags)).toEqual(tags.trim().split(' '));
    // Reference values from genanki's guid_for('qbank:' + card id) (same algorithm, computed in Python).
    expect(basic.guid).toBe('LG%*NToZ:*');
    expect(cloze.guid).toBe('iG@?6[E&YL');
    expect(basic.guid).toBe(ankiGuidFor('cardiac-conduction/pacemaker'));
    expect(cloze.guid).toBe(ankiGuidFor('cardiac-conduction/av-delay'));
    expect(basic.sfld).toBe('Which structure is the normal pacemaker of the heart?');
    expect(typeof basic.csum).toBe('number');
    expect(deck.query('SELECT DISTINCT typeof(id) AS id, typeof(mid) AS mid, typeof(csum) AS csum FROM notes')).toEqual(
      [{ id: 'integer', mid: 'integer', csum: 'integer' }],
    );
  });

  it('has one card for the flashcard and one per cloze deletion (ord = number - 1), all new', () => {
    const cards = deck.query(
      'SELECT n.guid, c.ord, c.type, c.queue, c.due, c.did FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.due, c.ord',
    );
    expect(cards.map(({ guid, ord, type, queue, due }) => [guid, ord, type, queue, due])).toEqual([
      ['LG%*NToZ:*', 0, 0, 0, 1],
      ['iG@?6[E&YL', 0, 0, 0, 2],
      ['iG@?6[E&YL', 1, 0, 0, 2],
    ]);
    const decks = deck.col().decks;
    expect(new Set(cards.map((card) => decks[String(card.did)]!.name))).toEqual(
      new Set(['Notes fixture::Cardiovascular System']),
    );
    expect(deck.query('SELECT count(*) AS n FROM revlog UNION ALL SELECT count(*) FROM graves')).toEqual([
      { n: 0 },
      { n: 0 },
    ]);
  });

  it('puts the cards in a subdeck per system under the bank name', () => {
    const decks = Object.values(deck.col().decks)
      .map((d) => d.name)
      .sort();
    // membrane-potentials (multisystem) has no cards, so it gets no subdeck.
    expect(decks).toEqual(['Default', 'Notes fixture', 'Notes fixture::Cardiovascular System']);
    expect(deck.col().conf.curDeck).toBe(Object.values(deck.col().decks).find((d) => d.name === 'Notes fixture')!.id);
  });

  it('takes ids and timestamps from the bundle build time, never the clock', () => {
    const ms = epoch * 1000;
    const ids = deck.query('SELECT id, mod FROM notes UNION ALL SELECT id, mod FROM cards');
    expect(ids).toHaveLength(5);
    for (const { id, mod } of ids) {
      expect(id as number).toBeLessThanOrEqual(ms);
      expect(id as number).toBeGreaterThan(ms - 2 ** 32 - 10);
      expect(mod).toBe(epoch);
    }
  });

  it('uses 2020-01-01 for ids and timestamps when the bundle has no build time', async () => {
    const bytes = await buildAnkiPackage(sourceOf(notesBundle, { ...manifestOf(notesBundle), buildTime: null }));
    const timeless = await openApkg(bytes);
    const fallback = Date.UTC(2020, 0, 1);
    expect(timeless.query('SELECT DISTINCT mod FROM notes')).toEqual([{ mod: fallback / 1000 }]);
    for (const { id } of timeless.query('SELECT id FROM notes UNION ALL SELECT id FROM cards')) {
      expect(id as number).toBeLessThanOrEqual(fallback);
    }
    timeless.close();
  });

  it('names the top deck after the deckName option', async () => {
    const bytes = await buildAnkiPackage(sourceOf(notesBundle), { deckName: 'Step 1' });
    const named = await openApkg(bytes);
    expect(
      Object.values(named.col().decks)
        .map((d) => d.name)
        .sort(),
    ).toEqual(['Default', 'Step 1', 'Step 1::Cardiovascular System']);
    named.close();
  });
});

describe('releases', () => {
  it('keeps every GUID when the card text is edited, and changes the field', async () => {
    const edited = await buildBank(
      'tests/fixtures/banks/notes',
      'edited',
      (dir) => {
        const file = path.join(dir, notePath);
        writeFileSync(file, readFileSync(file, 'utf8').replace('normal pacemaker', 'usual pacemaker'));
      },
      nextEpoch,
    );
    const after = await exportAndOpen(edited);
    const before = deck.query('SELECT guid, flds FROM notes ORDER BY guid');
    const now = after.query('SELECT guid, flds, mod FROM notes ORDER BY guid');
    expect(now.map((n) => n.guid)).toEqual(before.map((n) => n.guid));
    const basicBefore = before.find((n) => n.guid === ankiGuidFor('cardiac-conduction/pacemaker'))!;
    const basicNow = now.find((n) => n.guid === ankiGuidFor('cardiac-conduction/pacemaker'))!;
    expect(fieldsOf(basicBefore)[0]).toBe('Which structure is the normal pacemaker of the heart?');
    expect(fieldsOf(basicNow)[0]).toBe('Which structure is the usual pacemaker of the heart?');
    // Anki updates a note on import when the incoming one is newer: the new release's notes are.
    expect(now.every((n) => n.mod === nextEpoch)).toBe(true);
    // The cloze note did not change.
    expect(now.find((n) => n.guid !== basicNow.guid)!.flds).toBe(before.find((n) => n.guid !== basicNow.guid)!.flds);
    after.close();
  });
});

describe('determinism', () => {
  it('gives the same bytes for the same bundle, exported twice or rebuilt from the same sources', async () => {
    const first = await buildAnkiPackage(sourceOf(notesBundle));
    const second = await buildAnkiPackage(sourceOf(notesBundle));
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Buffer.from(first).equals(readFileSync(path.join(notesBundle, '..', 'deck.apkg')))).toBe(true);

    const rebuilt = await buildBank('tests/fixtures/banks/notes', 'rebuilt');
    const again = await exportAndOpen(rebuilt);
    expect(tables(again)).toEqual(tables(deck));
    expect(readFileSync(path.join(rebuilt, '..', 'deck.apkg')).equals(Buffer.from(first))).toBe(true);
    again.close();
  });
});

describe('a bank with several systems, deletions 1 and 3, and markup in the text', () => {
  let multi: OpenedApkg;
  let multiBundle: string;
  beforeAll(async () => {
    multiBundle = await buildBank('tests/fixtures/anki/multi', 'multi');
    multi = await exportAndOpen(multiBundle);
  });
  afterAll(() => multi?.close());

  it('makes one subdeck per first system and orders new cards by the curriculum', () => {
    const decks = multi.col().decks;
    const rows = multi.query(
      'SELECT n.guid, c.ord, c.due, c.did FROM cards c JOIN notes n ON n.id = c.nid ORDER BY c.due, c.ord',
    );
    expect(rows.map((r) => [r.guid, r.ord, r.due, decks[String(r.did)]!.name])).toEqual([
      // renal-urinary comes before endocrine in the taxonomy, although `adh-secretion` sorts first by id.
      [ankiGuidFor('renal-acid-base/acidemia'), 0, 1, 'Anki fixture::Renal & Urinary System'],
      [ankiGuidFor('renal-acid-base/buffers'), 0, 2, 'Anki fixture::Renal & Urinary System'],
      [ankiGuidFor('renal-acid-base/buffers'), 2, 2, 'Anki fixture::Renal & Urinary System'],
      [ankiGuidFor('adh-secretion/adh-source'), 0, 3, 'Anki fixture::Endocrine System'],
    ]);
    expect(
      Object.values(decks)
        .map((d) => d.name)
        .sort(),
    ).toEqual(['Anki fixture', 'Anki fixture::Endocrine System', 'Anki fixture::Renal & Urinary System', 'Default']);
  });

  it('escapes text, keeps cloze hints, tags every system and stores a shared image once', () => {
    const notes = multi.query('SELECT guid, tags, flds, sfld FROM notes');
    const acidemia = notes.find((n) => n.guid === ankiGuidFor('renal-acid-base/acidemia'))!;
    const buffers = notes.find((n) => n.guid === ankiGuidFor('renal-acid-base/buffers'))!;
    const adh = notes.find((n) => n.guid === ankiGuidFor('adh-secretion/adh-source'))!;
    const figures =
      '<figure><img src="099d6c9b9262f6eb.png" alt="Placeholder strip"><figcaption>Same image twice — qbank</figcaption></figure>' +
      '<figure><img src="099d6c9b9262f6eb.png" alt="Placeholder strip again"><figcaption>qbank</figcaption></figure>';
    expect(fieldsOf(acidemia)).toEqual([
      'Arterial pH &lt; 7.35 &amp; low HCO3: which disorder?',
      `Metabolic acidosis${figures}`,
      '',
      'Renal compensation (cdn acid-base, from 1:02:03)',
      'Renal acid-base handling (renal-acid-base)',
    ]);
    expect(acidemia.sfld).toBe('Arterial pH < 7.35 & low HCO3: which disorder?');
    expect(fieldsOf(buffers).slice(0, 2)).toEqual([
      'The main extracellular buffer is {{c1::bicarbonate::a base}}; the kidney regenerates it and excretes {{c3::ammonium}}.',
      figures,
    ]);
    expect(acidemia.tags).toBe(
      ' qbank::discipline::biochemistry qbank::discipline::physiology qbank::system::renal-urinary' +
        ' qbank::system::respiratory qbank::tag::acid-base qbank::tag::high-yield ',
    );
    expect(fieldsOf(adh)).toEqual([
      'Where is ADH released?',
      'Posterior pituitary',
      '<p><strong>Salty blood, thirsty brain</strong></p><p>High osmolality, high ADH.</p>',
      '',
      'ADH secretion (adh-secretion)',
    ]);
    expect(adh.tags).toBe(' qbank::discipline::physiology qbank::system::endocrine ');
    expect(multi.media).toEqual({ 0: '099d6c9b9262f6eb.png' });
    expect(Object.keys(multi.entries).sort()).toEqual(['0', 'collection.anki2', 'media']);
  });

  it('reports what it wrote', async () => {
    const summary = await exportAnkiFromDirectory(multiBundle, path.join(work, 'summary.apkg'));
    expect(summary).toEqual({
      file: path.join(work, 'summary.apkg'),
      notes: 3,
      cards: 4,
      decks: ['Anki fixture::Endocrine System', 'Anki fixture::Renal & Urinary System'],
      media: 1,
      updates: null,
    });
  });
});

describe('temporary files', () => {
  // SQLite (node-sqlite3-wasm) works on a file: each collection is written, or an earlier deck
  // read, in a folder of its own under the temp dir, removed afterwards whether it worked or not.
  it('leaves nothing in the temp dir, after an export, an update or a failed write', async () => {
    const tmp = path.join(work, 'tmp');
    mkdirSync(tmp);
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const out = path.join(work, 'temp-files.apkg');
      await exportAnkiFromDirectory(notesBundle, out);
      const again = await exportAnkiFromDirectory(notesBundle, out);
      expect(again.updates).toEqual({ changed: 0, unchanged: again.notes, added: 0 });
      // Two notes with one id: SQLite refuses the second insert.
      const plan = await planDeck(sourceOf(notesBundle));
      plan.notes.push(plan.notes[0]!);
      await expect(writeCollection(plan)).rejects.toThrow(/UNIQUE constraint failed: notes\.id/);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

describe('bundle verification', () => {
  it('refuses a file whose bytes differ from the manifest', async () => {
    const dir = await buildBank('tests/fixtures/banks/notes', 'tampered');
    const chunk = path.join(dir, 'notes/cardiovascular.json');
    writeFileSync(chunk, readFileSync(chunk, 'utf8').replace('normal pacemaker', 'tampered pacemaker'));
    await expect(exportAnkiFromDirectory(dir, path.join(work, 'tampered.apkg'))).rejects.toThrow(
      /^Unexpected sha256 `[0-9a-f]{64}` for `notes\/cardiovascular\.json`, expected `[0-9a-f]{64}` from the manifest$/,
    );
  });

  it('refuses a path the manifest does not list', async () => {
    const manifest = manifestOf(notesBundle);
    const trimmed = { ...manifest, files: manifest.files.filter((file) => !file.path.startsWith('assets/')) };
    await expect(buildAnkiPackage(sourceOf(notesBundle, trimmed))).rejects.toThrow(
      "Unexpected file `assets/099d6c9b9262f6eb.png`, expected a file listed in the manifest's `files`",
    );
  });
});
