// A write shim for fault-injection tests, preloaded into the spawned CLI with
// `node --import ./tests/helpers/fault-shim.mjs`. Where no disk can be filled or mounted
// read-only (tests run without root mounts), it makes the file system misbehave under one
// folder, as a real one would:
//
//   QBANK_FAULT_PATH   the folder (absolute); nothing outside it is touched
//   QBANK_FAULT        enospc  writes succeed for QBANK_FAULT_AFTER bytes, the one that crosses
//                              the limit is cut short, every later one fails with ENOSPC
//                      short   every write is cut to at most 1,000 bytes (a legal short count)
//                      erofs   every change fails with EROFS (a recursive mkdir of a missing
//                              folder fails with ENOENT, as Node reports it on a read-only mount)
//                      eacces, eperm   every change fails with that code
//                      kill    SIGKILL the process before its QBANK_FAULT_AFTER-th change
//                      count   only count the changes
//   QBANK_FAULT_COUNT_FILE   where to write the number of changes made, at exit
//
// A "change" is: opening a file for writing, a write, mkdir, rename, link, unlink, rm, utimes.
// Only the main thread is affected (the workers write their own temporary files elsewhere).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

const root = process.env.QBANK_FAULT_PATH ? path.resolve(process.env.QBANK_FAULT_PATH) : undefined;
const mode = process.env.QBANK_FAULT ?? 'count';
let budget = Number(process.env.QBANK_FAULT_AFTER ?? 0);
const countFile = process.env.QBANK_FAULT_COUNT_FILE;
let changes = 0;

const codes = { ENOSPC: -28, EROFS: -30, EACCES: -13, EPERM: -1, ENOENT: -2 };
const messages = {
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory',
};

function fail(code, syscall, file) {
  const where = file === undefined ? '' : ` '${file}'`;
  return Object.assign(new Error(`${code}: ${messages[code]}, ${syscall}${where}`), {
    errno: codes[code],
    code,
    syscall,
    ...(file === undefined ? {} : { path: file }),
  });
}

const under = (file) => {
  if (!root || (typeof file !== 'string' && !(file instanceof URL) && !Buffer.isBuffer(file))) return false;
  const resolved = path.resolve(String(file instanceof URL ? file.pathname : file));
  return resolved === root || resolved.startsWith(root + path.sep);
};

/** A change under the folder: counted, and refused or killed as the mode says. */
function change(syscall, file) {
  changes++;
  if (mode === 'kill' && changes >= budget) process.kill(process.pid, 'SIGKILL');
  if (mode === 'erofs') throw fail('EROFS', syscall, file);
  if (mode === 'eacces') throw fail('EACCES', syscall, file);
  if (mode === 'eperm') throw fail('EPERM', syscall, file);
}

/** How many of `length` bytes a write may write, or an ENOSPC error. */
function allowance(length) {
  change('write', undefined);
  if (mode === 'short') return Math.min(length, 1000);
  if (mode !== 'enospc') return length;
  if (budget <= 0) throw fail('ENOSPC', 'write', undefined);
  const allowed = Math.min(length, budget);
  budget -= allowed;
  return allowed;
}

const writing = (flags) =>
  flags !== undefined && flags !== 'r' && flags !== 'rs' && flags !== 'sr' && flags !== fs.constants.O_RDONLY;

if (root && isMainThread) {
  const tracked = new Map(); // fd -> path, for files opened for writing under the folder
  const original = { ...fs };
  const originalPromises = { ...fsp };

  fs.openSync = (file, flags, ...rest) => {
    const track = under(file) && writing(flags);
    if (track) change('open', String(file));
    const fd = original.openSync(file, flags, ...rest);
    if (track) tracked.set(fd, String(file));
    return fd;
  };
  fs.closeSync = (fd) => {
    tracked.delete(fd);
    return original.closeSync(fd);
  };
  fs.writeSync = (fd, data, ...rest) => {
    if (!tracked.has(fd)) return original.writeSync(fd, data, ...rest);
    const bytes = typeof data === 'string' ? Buffer.from(data, typeof rest[1] === 'string' ? rest[1] : 'utf8') : data;
    const offset = typeof data === 'string' ? 0 : (rest[0] ?? 0);
    const length = typeof data === 'string' ? bytes.length : (rest[1] ?? bytes.byteLength - offset);
    const allowed = allowance(length);
    return original.writeSync(fd, bytes, offset, allowed, typeof data === 'string' ? null : rest[2]);
  };
  fs.writevSync = (fd, buffers, position) => {
    if (!tracked.has(fd)) return original.writevSync(fd, buffers, position);
    const joined = Buffer.concat(buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
    const allowed = allowance(joined.length);
    return original.writeSync(fd, joined, 0, allowed, position ?? null);
  };
  // writeFileSync and appendFileSync go through fs.openSync and fs.writeSync: shimmed above.
  const oneArg = (name, syscall) => {
    fs[name] = (file, ...rest) => {
      if (under(file)) change(syscall, String(file));
      return original[name](file, ...rest);
    };
    const promised = name.replace(/Sync$/, '');
    fsp[promised] = async (file, ...rest) => {
      if (under(file)) change(syscall, String(file));
      return originalPromises[promised](file, ...rest);
    };
  };
  oneArg('unlinkSync', 'unlink');
  oneArg('rmSync', 'rm');
  oneArg('rmdirSync', 'rmdir');
  oneArg('utimesSync', 'utime');
  const twoArgs = (name, syscall) => {
    fs[name] = (from, to, ...rest) => {
      if (under(from) || under(to)) change(syscall, String(under(to) ? to : from));
      return original[name](from, to, ...rest);
    };
    const promised = name.replace(/Sync$/, '');
    fsp[promised] = async (from, to, ...rest) => {
      if (under(from) || under(to)) change(syscall, String(under(to) ? to : from));
      return originalPromises[promised](from, to, ...rest);
    };
  };
  twoArgs('renameSync', 'rename');
  twoArgs('linkSync', 'link');
  twoArgs('copyFileSync', 'copyfile');

  // A recursive mkdir on a read-only mount: Node reports the missing parent (ENOENT), not EROFS.
  const mkdirFault = (file, options) => {
    if (!under(file)) return;
    if (original.existsSync(file)) return;
    if (mode === 'erofs' && options?.recursive && !original.existsSync(path.dirname(path.resolve(String(file))))) {
      throw fail('ENOENT', 'mkdir', String(file));
    }
    change('mkdir', String(file));
  };
  fs.mkdirSync = (file, options) => {
    mkdirFault(file, options);
    return original.mkdirSync(file, options);
  };
  fsp.mkdir = async (file, options) => {
    mkdirFault(file, options);
    return originalPromises.mkdir(file, options);
  };

  // Promise API: open() gives a FileHandle whose methods write without going through `fs`.
  const handleProto = Object.getPrototypeOf(
    await originalPromises.open(process.execPath, 'r').then(async (h) => {
      await h.close();
      return h;
    }),
  );
  const handles = new WeakSet();
  fsp.open = async (file, flags, ...rest) => {
    const track = under(file) && writing(flags ?? 'r');
    if (track) change('open', String(file));
    const handle = await originalPromises.open(file, flags, ...rest);
    if (track) handles.add(handle);
    return handle;
  };
  const handleWrite = handleProto.write;
  handleProto.write = async function (data, ...rest) {
    if (!handles.has(this)) return handleWrite.call(this, data, ...rest);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const offset = typeof data === 'string' ? 0 : (rest[0] ?? 0);
    const length = typeof data === 'string' ? bytes.length : (rest[1] ?? bytes.byteLength - offset);
    const allowed = allowance(length);
    return handleWrite.call(this, bytes, offset, allowed, typeof data === 'string' ? null : rest[2]);
  };
  const handleWriteFile = handleProto.writeFile;
  handleProto.writeFile = async function (data, ...rest) {
    if (!handles.has(this)) return handleWriteFile.call(this, data, ...rest);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const allowed = allowance(bytes.length);
    await handleWriteFile.call(this, bytes.subarray(0, allowed));
    if (allowed < bytes.length) throw fail('ENOSPC', 'write', undefined);
  };
  for (const name of ['writeFile', 'appendFile']) {
    fsp[name] = async (file, data, ...rest) => {
      if (!under(file) || typeof file !== 'string') return originalPromises[name](file, data, ...rest);
      change('open', file);
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
      const allowed = allowance(bytes.length);
      await originalPromises[name](file, bytes.subarray(0, allowed), ...rest);
      if (allowed < bytes.length) throw fail('ENOSPC', 'write', undefined);
    };
  }
  syncBuiltinESMExports();
  if (countFile) process.on('exit', () => original.writeFileSync(countFile, String(changes)));
}
