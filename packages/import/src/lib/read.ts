import { readJsonl } from './jsonl.js';
import type { ImportFormat, ReadResult, SourceInput } from './model.js';
import { failed } from './model.js';

/** Reads one source of a format. */
export type Reader = (input: SourceInput) => ReadResult | Promise<ReadResult>;

const readers: Partial<Record<ImportFormat, () => Promise<Reader>>> = {
  jsonl: async () => readJsonl,
  gift: async () => (await import('./gift.js')).readGift,
  aiken: async () => (await import('./aiken.js')).readAiken,
  'moodle-xml': async () => (await import('./moodle.js')).readMoodleXml,
  csv: async () => (await import('./csv.js')).readCsv,
  xlsx: async () => (await import('./xlsx.js')).readXlsx,
  qti: async () => (await import('./qti.js')).readQti,
  docx: async () => (await import('./docx.js')).readDocx,
};

const extensions: Record<string, ImportFormat> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  gift: 'gift',
  aiken: 'aiken',
  xml: 'moodle-xml',
  zip: 'qti',
  csv: 'csv',
  tsv: 'csv',
  xlsx: 'xlsx',
  docx: 'docx',
};

/**
 * Guess a source's format from its extension, then from its first bytes
 * (a zip, XML with `<quiz>` or a QTI namespace, JSON, GIFT's `::` or `{`,
 * Aiken's `ANSWER:` line).
 *
 * @param input The source.
 * @returns The format, or `undefined` when it cannot be told.
 */
export function detectFormat(input: SourceInput): ImportFormat | undefined {
  const head = new TextDecoder().decode(input.bytes.subarray(0, 4096));
  const extension = /\.([a-z0-9]+)$/i.exec(input.name)?.[1]?.toLowerCase() ?? '';
  if (extension === 'xml' || (!extensions[extension] && head.trimStart().startsWith('<'))) {
    return /<quiz[\s>]/.test(head)
      ? 'moodle-xml'
      : /<(\w+:)?(assessmentItem|qti-assessment-item|manifest)[\s>]/.test(head)
        ? 'qti'
        : 'moodle-xml';
  }
  if (extensions[extension]) return extensions[extension];
  if (input.bytes[0] === 0x50 && input.bytes[1] === 0x4b) {
    return /word\//.test(head) ? 'docx' : /xl\//.test(head) ? 'xlsx' : 'qti';
  }
  if (head.trimStart().startsWith('{')) return 'jsonl';
  if (/^ANSWER:\s*[A-Z]\s*$/m.test(head)) return 'aiken';
  if (/::|\{[^}]*[=~]/.test(head)) return 'gift';
  return undefined;
}

/**
 * Read a source with the reader of its format.
 *
 * @param input The source.
 * @param format Its format.
 * @returns What the reader found.
 */
export async function readSource(input: SourceInput, format: ImportFormat): Promise<ReadResult> {
  const load = readers[format];
  if (!load) {
    return failed({
      place: { file: input.name },
      ruleId: 'import/unsupported-format',
      message: `Unexpected format \`${format}\`: this version of qbank does not read it yet`,
    });
  }
  try {
    return await (
      await load()
    )(input);
  } catch (error) {
    return failed({
      place: { file: input.name },
      ruleId: 'import/unreadable',
      message: `Cannot read the file as ${format}: ${(error as Error).message ?? String(error)}`,
      hint: 'Check that the file is complete and in the format named by `--from`.',
    });
  }
}
