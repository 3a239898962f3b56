import { basicModelId, clozeModelId, modelsJson } from './notetypes.js';
import type { DeckPlan, PlannedDeck } from './deck-plan.js';
import { writeDatabase } from './sqlite.js';

// Anki's classic collection schema (version 11), as Anki 2.0 and 2.1 import it.
const schema = `
CREATE TABLE col (
  id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null,
  conf text not null, models text not null, decks text not null, dconf text not null, tags text not null
);
CREATE TABLE notes (
  id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null,
  csum integer not null, flags integer not null, data text not null
);
CREATE TABLE cards (
  id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null,
  due integer not null, ivl integer not null, factor integer not null, reps integer not null,
  lapses integer not null, left integer not null, odue integer not null, odid integer not null,
  flags integer not null, data text not null
);
CREATE TABLE revlog (
  id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
  type integer not null
);
CREATE TABLE graves (usn integer not null, oid integer not null, type integer not null);
CREATE INDEX ix_notes_usn on notes (usn);
CREATE INDEX ix_cards_usn on cards (usn);
CREATE INDEX ix_revlog_usn on revlog (usn);
CREATE INDEX ix_cards_nid on cards (nid);
CREATE INDEX ix_cards_sched on cards (did, queue, due);
CREATE INDEX ix_revlog_cid on revlog (cid);
CREATE INDEX ix_notes_csum on notes (csum);
`;

function deckJson(deck: PlannedDeck, modified: number) {
  return {
    id: deck.id,
    name: deck.name,
    desc: deck.description,
    mod: modified,
    usn: -1,
    dyn: 0,
    conf: 1,
    collapsed: false,
    browserCollapsed: false,
    extendNew: 0,
    extendRev: 0,
    newToday: [0, 0],
    revToday: [0, 0],
    lrnToday: [0, 0],
    timeToday: [0, 0],
  };
}

// Anki's default options group.
const defaultConf = {
  id: 1,
  name: 'Default',
  mod: 0,
  usn: 0,
  maxTaken: 60,
  autoplay: true,
  timer: 0,
  replayq: true,
  dyn: false,
  new: { bury: true, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 7], order: 1, perDay: 20, separate: true },
  rev: { bury: true, ease4: 1.3, fuzz: 0.05, ivlFct: 1, maxIvl: 36500, minSpace: 1, perDay: 200 },
  lapse: { delays: [10], leechAction: 0, leechFails: 8, minInt: 1, mult: 0 },
};

/** The `col` row's JSON columns. */
function colJson(plan: DeckPlan) {
  const { modified, top } = plan;
  const defaultDeck: PlannedDeck = { id: 1, name: 'Default', description: '' };
  const decks = [defaultDeck, top, ...plan.subdecks];
  return {
    conf: {
      activeDecks: [top.id],
      curDeck: top.id,
      curModel: basicModelId,
      nextPos: plan.notes.length + 1,
      estTimes: true,
      dueCounts: true,
      newSpread: 0,
      collapseTime: 1200,
      timeLim: 0,
      sortType: 'noteFld',
      sortBackwards: false,
      addToCur: true,
    },
    models: modelsJson(modified, top.id),
    decks: Object.fromEntries(decks.map((deck) => [deck.id, deckJson(deck, modified)])),
    dconf: { 1: defaultConf },
    tags: Object.fromEntries(plan.tags.map((tag) => [tag, 0])),
  };
}

/**
 * Write a planned deck as an Anki collection (SQLite, schema version 11).
 *
 * @param plan The deck.
 * @returns The bytes of `collection.anki2`.
 */
export function writeCollection(plan: DeckPlan): Promise<Uint8Array> {
  return writeDatabase((db) => {
    db.exec('BEGIN');
    db.exec(schema);
    const json = colJson(plan);
    const ms = plan.modified * 1000;
    db.run('INSERT INTO col VALUES (1, ?, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, ?)', [
      plan.modified,
      ms,
      ms,
      JSON.stringify(json.conf),
      JSON.stringify(json.models),
      JSON.stringify(json.decks),
      JSON.stringify(json.dconf),
      JSON.stringify(json.tags),
    ]);
    const insertNote = db.prepare("INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')");
    const insertCard = db.prepare("INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')");
    try {
      for (const note of plan.notes) {
        insertNote.run([
          note.id,
          note.guid,
          note.kind === 'basic' ? basicModelId : clozeModelId,
          note.modified,
          note.tags.length ? ` ${note.tags.join(' ')} ` : '',
          note.fields.join('\u001f'),
          note.sortText,
          note.checksum,
        ]);
        for (const card of note.cards)
          insertCard.run([card.id, note.id, note.deckId, card.ord, note.modified, note.due]);
      }
    } finally {
      insertNote.finalize();
      insertCard.finalize();
    }
    db.exec('COMMIT');
  });
}
