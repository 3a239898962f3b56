import type { ImportProblem, SourceInput } from './model.js';

/** Largest source file read: 64 MiB (the MedQA test set is 1.6 MB). */
export const maxSourceBytes = 64 * 1024 * 1024;

/** Decoded text of a source, or why it cannot be read. */
export type DecodedText = { text: string; note?: string | undefined } | { problem: ImportProblem };

function problem(input: SourceInput, ruleId: string, message: string, hint?: string): { problem: ImportProblem } {
  return { problem: { place: { file: input.name }, ruleId, message, hint } };
}

/**
 * Decode a text source: UTF-8 (with or without a byte order mark), UTF-16
 * with a byte order mark, or, when the bytes are not UTF-8, Windows-1252
 * (Latin-1), with a note saying so. Binary data is refused. Line endings
 * become `\n`.
 *
 * @param input The source.
 * @returns The text, or the problem.
 */
export function decodeText(input: SourceInput): DecodedText {
  const { bytes } = input;
  if (bytes.length > maxSourceBytes) {
    return problem(
      input,
      'import/too-large',
      `Unexpected file of ${bytes.length} bytes, expected at most ${maxSourceBytes}`,
      'Split the export into smaller files.',
    );
  }
  let text: string;
  let note: string | undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    if (bytes.includes(0)) {
      return problem(
        input,
        'import/binary',
        'Unexpected binary data (a NUL byte), expected a text file',
        'Check that the file is the export itself, not a zip or a spreadsheet; give `--from` if it is one.',
      );
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
      note = 'the file is not UTF-8: read as Windows-1252 (Latin-1)';
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (hasControlCharacters(text.slice(0, 4096))) {
    return problem(input, 'import/binary', 'Unexpected control characters, expected a text file');
  }
  return { text: text.replace(/\r\n?/g, '\n'), note };
}

/** Whether text holds C0 control characters other than tab, line breaks, form feed and escape. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13 && code !== 27) return true;
  }
  return false;
}
