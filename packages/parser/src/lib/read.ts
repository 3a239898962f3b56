import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { environmentProblem, readFilePrefixSync, reportDiagnostic } from '@qbank/core';
import { VFile } from 'vfile';

declare module 'vfile' {
  interface DataMap {
    /** The git blob id of the file's bytes as read from disk (set by `readSourceFile`). */
    gitBlob: string;
  }
}

/** Largest file qbank reads as one item: 1 MiB. Real items are a few KB. */
export const maxSourceBytes = 1024 * 1024;

/**
 * Read a content file as text, refusing what is not an item: empty, too large,
 * binary or non-UTF-8 files get a diagnostic and no `value`. CRLF and CR line
 * endings become LF (lines and columns stay the same), so a Windows checkout
 * builds the same bundle.
 *
 * @param path Absolute path of the file.
 * @param cwd Directory that diagnostics are reported relative to.
 * @returns A VFile whose `value` is the text, or which has an error message.
 */
export function readSourceFile(path: string, cwd: string = process.cwd()): VFile {
  const file = new VFile({ path, cwd });
  let bytes: Buffer;
  try {
    const size = statSync(path).size;
    if (size > maxSourceBytes) {
      reportDiagnostic(file, {
        ruleId: 'file/too-large',
        message: `Unexpected file of ${size} bytes, expected at most ${maxSourceBytes}`,
        hint: 'One item per file: split it, and keep images and data out of Markdown.',
      });
      return file;
    }
    bytes = readFilePrefixSync(path, size);
    // The id git gives these bytes: lets a later run know the file unchanged from `git ls-tree`.
    file.data.gitBlob = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  } catch (error) {
    const problem = environmentProblem(error);
    const code = (error as NodeJS.ErrnoException).code;
    reportDiagnostic(file, {
      ruleId: 'file/unreadable',
      message: `Cannot read the file: ${problem ? `${problem.cause} (${problem.code})` : code === 'ENOENT' ? 'it does not exist' : (code ?? String(error))}`,
      hint: problem?.hint,
    });
    return file;
  }
  return decodeInto(file, bytes);
}

/**
 * Make a VFile from bytes or text already in memory, with the same checks as `readSourceFile`.
 *
 * @param path Path to report.
 * @param content Bytes or text of the file.
 * @param cwd Directory that diagnostics are reported relative to.
 * @returns A VFile whose `value` is the text, or which has an error message.
 */
export function sourceFileFromText(path: string, content: string | Uint8Array, cwd: string = process.cwd()): VFile {
  const file = new VFile({ path, cwd });
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  if (bytes.length > maxSourceBytes) {
    reportDiagnostic(file, {
      ruleId: 'file/too-large',
      message: `Unexpected file of ${bytes.length} bytes, expected at most ${maxSourceBytes}`,
      hint: 'One item per file: split it, and keep images and data out of Markdown.',
    });
    return file;
  }
  return decodeInto(file, bytes);
}

function decodeInto(file: VFile, bytes: Buffer): VFile {
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    reportDiagnostic(file, {
      ruleId: 'file/binary',
      message: 'Unexpected binary data (a NUL byte), expected a UTF-8 text file',
      hint: 'Only Markdown belongs under the content folders; put images in an images folder and link them.',
      place: pointAtByte(bytes, nul),
    });
    return file;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const loose = new TextDecoder('utf-8').decode(bytes);
    reportDiagnostic(file, {
      ruleId: 'file/encoding',
      message: 'Unexpected bytes that are not UTF-8, expected a UTF-8 text file',
      hint: 'Re-save the file as UTF-8 in your editor (often "Save with encoding").',
      place: pointAtIndex(loose, loose.indexOf('\uFFFD')),
    });
    return file;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') {
    reportDiagnostic(file, {
      ruleId: 'file/empty',
      message: 'Unexpected empty file, expected frontmatter and a body',
      hint: 'Run `qbank new question` (or `qbank new note`) to start from a template, or delete the file.',
    });
    return file;
  }
  file.value = text.replace(/\r\n?/g, '\n');
  return file;
}

function pointAtIndex(text: string, index: number) {
  const before = text.slice(0, Math.max(0, index));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines.at(-1) ?? '').length + 1 };
}

function pointAtByte(bytes: Buffer, offset: number) {
  return pointAtIndex(new TextDecoder('utf-8').decode(bytes.subarray(0, offset)), offset);
}
