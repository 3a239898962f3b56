// The cache's storage: one header, checksum and atomic write for every cache file, one rule for
// what killed writers leave behind, and the BankCache API (load, look up, record, save) the CLI
// uses, whose restored results equal the computed ones.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOf, type RecordBytes } from '@qbank/compiler';
import { processScope } from '@qbank/core';
import { readSourceFile } from '@qbank/parser';
import { BankCache, loadEnvironment, type BankEnvironment, type FileResult } from '@qbank/pipeline';
import { discoverItems, loadConfig } from '@qbank/project';
import { copyBank } from './helpers/cache-bank.js';
import { makeTempDir } from './helpers/fs.js';
import { checksum, readCacheFile, sweepTemporaries, writeCacheFile } from '../packages/pipeline/src/lib/cache-file.js';
import { decodeEntry, encodeEntry, fileKey } from '../packages/pipeline/src/lib/entry-encoding.js';
import { processSource } from '../packages/pipeline/src/lib/process.js';

let work: string;
let bank: string;
let environment: BankEnvironment;
let results: { key: string; result: FileResult }[];

beforeAll(async () => {
  work = makeTempDir('cache-store');
  bank = copyBank(work, 'bank');
  const config = loadConfig(path.join(bank, 'qbank.config.yaml'), bank).config!;
  environment = loadEnvironment(config, bank).environment!;
  const { items } = await discoverItems(config, [], bank);
  results = items.map((item) => {
    const file = readSourceFile(item.path, bank);
    return {
      key: fileKey(item.path, String(file.value)),
      result: processSource({ file, kind: item.kind }, environment),
    };
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A result as plain data: bytes and phrase hashes as arrays of numbers, whatever held them. */
function plain(result: FileResult | undefined): unknown {
  return JSON.parse(
    JSON.stringify(result, function (key, value: unknown) {
      const raw = (this as Record<string, unknown>)[key];
      // A record left in the cache's file is compared by its bytes, read from there.
      if (typeof raw === 'object' && raw !== null && 'readInto' in raw) return [...bytesOf(raw as RecordBytes)];
      return ArrayBuffer.isView(raw) ? [...(raw as Uint8Array)] : value;
    }),
  );
}

describe('cache files (header, checksum, atomic write)', () => {
  it('reads back what was written, and tells stale from damaged', () => {
    const dir = path.join(work, 'files');
    const file = path.join(dir, 'some.v1');
    const header = { format: 'qbank-some/1', digest: 'abc' };
    expect(readCacheFile(file, header.format, header.digest)).toEqual({ state: 'fresh' });
    expect(writeCacheFile(dir, file, header, 'body\twith\nlines')).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe(JSON.stringify({ ...header, sum: checksum('body\twith\nlines') }));
    expect(readCacheFile(file, header.format, header.digest)).toMatchObject({
      state: 'loaded',
      body: 'body\twith\nlines',
    });
    // Any digest when none is asked for (the newest run record, whatever its settings).
    expect(readCacheFile(file, header.format).state).toBe('loaded');
    expect(readCacheFile(file, header.format, 'other').state).toBe('stale');
    expect(readCacheFile(file, 'qbank-some/2', header.digest).state).toBe('stale');
    for (const damaged of [text.slice(0, -1), text.replace('body', 'bodY'), 'garbage', '', '{"format":"nope"}\n']) {
      writeFileSync(file, damaged);
      expect(readCacheFile(file, header.format, header.digest).state, damaged).toBe('corrupt');
    }
    // The directory is marked as a cache, and a file in a folder of it gets the folder made.
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', 'CACHEDIR.TAG', 'some.v1']);
    expect(writeCacheFile(dir, path.join(dir, 'deeper/x'), header, '')).toBe(true);
    expect(readCacheFile(path.join(dir, 'deeper/x'), header.format, header.digest).body).toBe('');
  });

  it('removes what a killed writer left by one rule: its process gone, or an hour without change', () => {
    const dir = path.join(work, 'sweep');
    mkdirSync(dir, { recursive: true });
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const names = {
      goneHere: `.results.v1.tmp-${gone}-${processScope()}-00000001`,
      runningHere: `.results.v1.tmp-${process.pid}-${processScope()}-00000002`,
      elsewhereOld: `.qbank-results.tmp-${gone}-0badcafe-00000003`,
      elsewhereYoung: `.qbank-results.tmp-${gone}-0badcafe-00000004`,
      notOurs: 'results.v1',
    };
    for (const name of Object.values(names)) writeFileSync(path.join(dir, name), 'x');
    const hoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(path.join(dir, names.elsewhereOld), hoursAgo, hoursAgo);
    sweepTemporaries(dir, 'qbank-results');
    expect(existsSync(path.join(dir, names.elsewhereOld))).toBe(false);
    expect(existsSync(path.join(dir, names.goneHere))).toBe(true);
    sweepTemporaries(dir);
    expect(readdirSync(dir).sort()).toEqual([names.runningHere, names.elsewhereYoung, names.notOurs].sort());
  });
});

/** An entry's piece as bytes (a record left in a file read from it). */
const pieceBytes = (piece: string | RecordBytes) => (typeof piece === 'string' ? Buffer.from(piece) : bytesOf(piece));

describe('entry encoding', () => {
  it('decodes what it encodes, and refuses a damaged or mismatched entry', () => {
    for (const { result } of results) {
      const [resultsLine, compiledLine] = encodeEntry(result).map((pieces) => Buffer.concat(pieces.map(pieceBytes)));
      expect(plain(decodeEntry(resultsLine!, compiledLine!))).toEqual(plain(result));
      expect(plain(decodeEntry(resultsLine!, undefined))).toEqual(plain({ ...result, compiled: null }));
      expect(() => decodeEntry(Buffer.from(resultsLine!.toString().replace('"path"', '"pAth"')), undefined)).toThrow();
      const other = results.find((r) => r.result !== result && r.result.compiled)!.result;
      const [, otherCompiled] = encodeEntry(other);
      if (result.compiled) {
        expect(() => decodeEntry(resultsLine!, Buffer.concat(otherCompiled.map(pieceBytes)))).toThrow();
      }
    }
  });

  it('round-trips any diagnostic text and path (property)', () => {
    const { result } = results.find((r) => r.result.lint)!;
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (message, file) => {
        const changed: FileResult = {
          ...result,
          path: `/bank/${file}`,
          diagnostics: [{ ...result.diagnostics[0]!, ...{ file, message } }].slice(
            0,
            result.diagnostics.length ? 1 : 0,
          ),
        };
        const lines = encodeEntry(changed).map((pieces) => Buffer.concat(pieces.map(pieceBytes)));
        expect(plain(decodeEntry(lines[0]!, lines[1]!))).toEqual(plain(changed));
      }),
      { numRuns: 100 },
    );
  });
});

describe('BankCache (load, look up, record, save)', () => {
  it('restores exactly the results recorded, in a new process as in this one', () => {
    const dir = path.join(work, 'bank-cache');
    const first = new BankCache(dir, environment);
    expect(first.load()).toBe('fresh');
    for (const { key, result } of results) first.record(key, result);
    expect(first.save(results.map((r) => r.key))).toBe(true);
    // Nothing new: nothing written.
    expect(first.save(results.map((r) => r.key))).toBe(false);

    const second = new BankCache(dir, environment);
    expect(second.load()).toBe('loaded');
    expect(second.size).toBe(results.length);
    for (const { key, result } of results) {
      expect(plain(second.lookUp(key, true))).toEqual(plain(result));
    }
    expect(second.lookUp('0'.repeat(64), false)).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['.gitignore', 'CACHEDIR.TAG', 'compiled.v1', 'results.v1']);

    // Another environment: the same files are stale, and start empty.
    const other = new BankCache(dir, { ...environment, tags: new Set(['another-registry']) });
    expect(other.load()).toBe('stale');
    expect(other.lookUp(results[0]!.key, false)).toBeUndefined();
  });

  it('reads records from the compiled file only as the bundle needs them, lines across its reading blocks included', () => {
    const dir = path.join(work, 'large-compiled');
    const cache = new BankCache(dir, environment);
    cache.load();
    // Enough entries for the compiled file to pass 1 MB, the block it is indexed by.
    const compiledResults = results.filter((r) => r.result.compiled?.record);
    const many = Array.from({ length: 700 }, (_, i) => {
      const { result } = compiledResults[i % compiledResults.length]!;
      return { key: fileKey(`/bank/copy-${i}.md`, String(i)), result };
    });
    for (const { key, result } of many) cache.record(key, result);
    cache.save(many.map((r) => r.key));
    const compiledFile = path.join(dir, 'compiled.v1');
    expect(readFileSync(compiledFile).length).toBeGreaterThan(2 ** 20);

    const again = new BankCache(dir, environment);
    again.load();
    for (const { key, result } of many) {
      const found = again.lookUp(key, true);
      // The record is left in the file, and reads back as it was.
      expect(found?.compiled?.record?.json).not.toBeInstanceOf(Uint8Array);
      expect(plain(found)).toEqual(plain(result));
    }
    // Rewritten with a few of them and a new one: the records are copied from the file they were found in.
    const added = { key: fileKey('/bank/new.md', 'new'), result: compiledResults[0]!.result };
    again.record(added.key, added.result);
    const half = [...many.slice(0, 100), added];
    expect(again.save(half.map((r) => r.key))).toBe(true);
    expect(readFileSync(compiledFile).length).toBeLessThan(2 ** 20);
    const third = new BankCache(dir, environment);
    third.load();
    for (const { key, result } of half) expect(plain(third.lookUp(key, true))).toEqual(plain(result));

    // Many new entries appended to sound files, in batches of a few megabytes: all found again.
    const more = Array.from({ length: 2000 }, (_, i) => {
      const { result } = compiledResults[i % compiledResults.length]!;
      return { key: fileKey(`/bank/more-${i}.md`, String(i)), result };
    });
    const appending = new BankCache(dir, environment);
    appending.load();
    for (const { key, result } of more) appending.record(key, result);
    const sizeBefore = readFileSync(compiledFile).length;
    expect(appending.save([...half, ...more].map((r) => r.key))).toBe(true);
    expect(readFileSync(compiledFile).length - sizeBefore).toBeGreaterThan(4 * 2 ** 20);
    const appended = new BankCache(dir, environment);
    appended.load();
    for (const { key, result } of [...half, ...more]) expect(plain(appended.lookUp(key, true))).toEqual(plain(result));

    // A compiled file cut short in its last line: that entry is damaged, the others are found.
    const bytes = readFileSync(compiledFile);
    writeFileSync(compiledFile, bytes.subarray(0, bytes.length - 10));
    const cut = new BankCache(dir, environment);
    cut.load();
    const all = [...half, ...more];
    const found = all.filter(({ key }) => cut.lookUp(key, true)?.compiled);
    expect(found.length).toBe(all.length - 1);
  });

  it('reads back an entry longer than the block the compiled file is read by', () => {
    const dir = path.join(work, 'long-line');
    const { key, result } = results.find((r) => r.result.compiled?.record)!;
    const compiled = result.compiled!;
    const json = Buffer.from(JSON.stringify('x'.repeat(3 * 2 ** 20)));
    const long: FileResult = { ...result, compiled: { ...compiled, record: { ...compiled.record!, json } } };
    const cache = new BankCache(dir, environment);
    cache.load();
    cache.record(key, long);
    const other = results.find((r) => r.key !== key && r.result.compiled)!;
    cache.record(other.key, other.result);
    cache.save([key, other.key]);
    const again = new BankCache(dir, environment);
    again.load();
    expect(plain(again.lookUp(key, true))).toEqual(plain(long));
    expect(plain(again.lookUp(other.key, true))).toEqual(plain(other.result));
  });

  it('starts empty, without failing, when a cache file cannot be read (a folder in its place)', () => {
    const dir = path.join(work, 'folder-in-place');
    mkdirSync(path.join(dir, 'results.v1'), { recursive: true });
    mkdirSync(path.join(dir, 'compiled.v1'), { recursive: true });
    const cache = new BankCache(dir, environment);
    expect(cache.load()).toBe('fresh');
    expect(cache.lookUp(results[0]!.key, true)).toBeUndefined();
  });

  it('drops a damaged entry and keeps the others', () => {
    const dir = path.join(work, 'damaged');
    const cache = new BankCache(dir, environment);
    cache.load();
    for (const { key, result } of results) cache.record(key, result);
    cache.save(results.map((r) => r.key));
    const file = path.join(dir, 'results.v1');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.replace('"diagnostics"', '"diagnostiXs"');
    writeFileSync(file, lines.join('\n'));
    const again = new BankCache(dir, environment);
    again.load();
    const found = results.filter(({ key }) => again.lookUp(key, false) !== undefined);
    expect(found).toHaveLength(results.length - 1);
    expect(again.damaged).toBe(1);
  });

  it('records a run and finds it while its files are unchanged', () => {
    const dir = path.join(work, 'runs');
    const cache = new BankCache(dir, environment);
    const paths = results.map((r) => r.result.path);
    // Stamps of files older than the racy window: they are as the run saw them.
    const old = new Date(Date.now() - 60_000);
    for (const file of paths) utimesSync(file, old, old);
    const stamps = paths.map((file) => BankCache.stamp(file));
    const keys = results.map(({ key }) => ({ key, blob: null }));
    const run = { settings: 'f'.repeat(64), stamps, keys, results: results.map((r) => r.result) };
    cache.recordRun({ ...run, diagnostics: [], filesChecked: paths.length, outcome: { command: 'validate' } });
    expect(cache.findRun('f'.repeat(64), paths)?.outcome).toEqual({ command: 'validate' });
    expect(cache.findRun('e'.repeat(64), paths)).toBeUndefined();
    expect(cache.recordedKeys(paths.map((file) => BankCache.stamp(file)))).toEqual(keys);
    // A file changed: the run is not answered, and that file is read again.
    writeFileSync(paths[0]!, `${readFileSync(paths[0]!, 'utf8')}\n`);
    expect(cache.findRun('f'.repeat(64), paths)).toBeUndefined();
    expect(cache.recordedKeys(paths.map((file) => BankCache.stamp(file)))).toEqual([null, ...keys.slice(1)]);
    expect(cache.damagedRunRecords).toBe(0);
  });
});
