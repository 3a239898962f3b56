// SQLite for the deck: node-sqlite3-wasm (SQLite compiled to WebAssembly, its .wasm inside the npm
// package) writes and reads database FILES through Node's fs, so each database lives in a file of
// a fresh temporary folder that is removed afterwards, whether the work succeeded or not.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { writeNewFile } from '@qbank/atomic-write';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as NodeSqlite from 'node-sqlite3-wasm';
import type { Database } from 'node-sqlite3-wasm';

type Sqlite = typeof NodeSqlite;
let sqlite: Promise<Sqlite> | undefined;

/**
 * node-sqlite3-wasm, loaded on first use (it compiles its WebAssembly when loaded).
 *
 * @returns The module.
 */
function loadSqlite(): Promise<Sqlite> {
  sqlite ??= import('node-sqlite3-wasm').then((module) => module.default);
  return sqlite;
}

/** Run `work` with the path of a file in a fresh temporary folder, then remove the folder. */
async function inTempDir<T>(work: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'qbank-anki-'));
  try {
    return await work(path.join(dir, 'collection.anki2'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Create a SQLite database, fill it with `fill` and return the file's bytes.
 *
 * @param fill Writes the database (synchronously).
 * @returns The bytes of the closed database file.
 */
export async function writeDatabase(fill: (db: Database) => void): Promise<Uint8Array> {
  const { Database } = await loadSqlite();
  return inTempDir(async (file) => {
    const db = new Database(file);
    try {
      // A throw-away file: no rollback journal, no fsync (the .apkg is what is written durably).
      db.exec('PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF');
      fill(db);
    } finally {
      db.close();
    }
    return new Uint8Array(await readFile(file));
  });
}

/**
 * Open the bytes of a SQLite database read-only and run `read` on it.
 *
 * @param bytes The database file's bytes.
 * @param read Reads the database (synchronously).
 * @returns What `read` returned.
 */
export async function readDatabase<T>(bytes: Uint8Array, read: (db: Database) => T): Promise<T> {
  const { Database } = await loadSqlite();
  return inTempDir(async (file) => {
    // A scratch copy in a private folder, removed with it: no flush needed.
    await writeNewFile(file, bytes, { durable: false });
    const db = new Database(file, { fileMustExist: true, readOnly: true });
    try {
      return read(db);
    } finally {
      db.close();
    }
  });
}
