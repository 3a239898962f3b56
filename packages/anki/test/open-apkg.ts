// Test helper: opens an .apkg the way Anki does (unzip, then SQLite), with the
// sql.js this package depends on. It lives here so `sql.js` and its types
// resolve from this package's own dependencies.
import { strFromU8, unzipSync } from 'fflate';
import initSqlJs, { type SqlValue } from 'sql.js';

/** One row of a query, column name to value. */
export type Row = Record<string, SqlValue>;

/** An opened package. */
export interface OpenedApkg {
  /** Every zip entry, by name. */
  entries: Record<string, Uint8Array>;
  /** The parsed `media` map. */
  media: Record<string, string>;
  /** Run a query on `collection.anki2`. */
  query(sql: string): Row[];
  /** The `col` row's JSON columns, parsed. */
  col(): {
    conf: Record<string, unknown>;
    models: Record<string, AnkiModel>;
    decks: Record<string, AnkiDeck>;
    tags: Record<string, number>;
  };
  /** Free the database. */
  close(): void;
}

/** The parts of a model (note type) the tests look at. */
export interface AnkiModel {
  id: number;
  name: string;
  type: number;
  flds: { name: string; ord: number }[];
  tmpls: { name: string; ord: number; qfmt: string; afmt: string }[];
}

/** The parts of a deck the tests look at. */
export interface AnkiDeck {
  id: number;
  name: string;
  dyn: number;
}

/**
 * Unzip an .apkg and open its collection.
 *
 * @param bytes The package.
 * @returns The opened package.
 */
export async function openApkg(bytes: Uint8Array): Promise<OpenedApkg> {
  const entries = unzipSync(bytes);
  const SQL = await initSqlJs();
  const db = new SQL.Database(entries['collection.anki2']);
  const query = (sql: string): Row[] => {
    const [result] = db.exec(sql);
    if (!result) return [];
    return result.values.map((values) => Object.fromEntries(result.columns.map((column, i) => [column, values[i]!])));
  };
  return {
    entries,
    media: JSON.parse(strFromU8(entries.media!)) as Record<string, string>,
    query,
    col() {
      const row = query('SELECT conf, models, decks, tags FROM col')[0]!;
      return {
        conf: JSON.parse(row.conf as string),
        models: JSON.parse(row.models as string),
        decks: JSON.parse(row.decks as string),
        tags: JSON.parse(row.tags as string),
      };
    },
    close: () => db.close(),
  };
}
