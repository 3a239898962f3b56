/** Plain text from the source, escaped when written. */
export interface PlainText {
  /** The characters as the source has them. */
  text: string;
}

/** Markdown already converted from the source's HTML. */
export interface MarkdownText {
  /** The Markdown. */
  markdown: string;
}

/** Text of a question part as the source gives it: plain text or converted Markdown. */
export type ImportText = PlainText | MarkdownText;

/** Where an item or a problem is in the source. */
export interface SourcePlace {
  /** The source file, as given on the command line. */
  file: string;
  /** 1-based line in the file, where the source has lines. */
  line?: number | undefined;
  /** Where else: an XML path, a sheet cell, a zip entry. */
  path?: string | undefined;
}

/** One answer option. */
export interface ImportedChoice {
  /** The option text (one line when written). */
  text: ImportText;
  /** Whether this is the key. */
  correct: boolean;
  /** Why this option is right or wrong, when the source says. */
  rationale?: ImportText | undefined;
}

/** An image that an item shows, to be written into the bank's assets. */
export interface ImportedAsset {
  /** File name as the source gives it (`heart.png`). */
  name: string;
  /** The bytes. */
  bytes: Uint8Array;
}

/** A question read from a source, before it is written. */
export interface ImportedQuestion {
  /** Where the item is in the source. */
  place: SourcePlace;
  /** The source's own id or title, which the qbank id is derived from. */
  sourceId?: string | undefined;
  /** An id the source gives in qbank's own form (a bundle's), kept as it is. */
  qbankId?: string | undefined;
  /** The vignette (may be empty). */
  stem: ImportText;
  /** The question itself: the paragraph right before the options. */
  leadIn: ImportText;
  /** The options in source order. */
  choices: ImportedChoice[];
  /** General feedback or explanation. */
  explanation?: ImportText | undefined;
  /** Taxonomy values as the source names them (resolved against the taxonomy by the writer). */
  system?: string | undefined;
  /** Disciplines as the source names them, primary first. */
  discipline?: string[] | undefined;
  /** Competency as the source names it. */
  competency?: string | undefined;
  /** Tags as the source gives them (made kebab-case when written). */
  tags?: string[] | undefined;
  /** The workflow status the source gives (`draft`, `review`, `retired`); an import never publishes. */
  status?: string | undefined;
  /** Difficulty 1-5, when the source gives one. */
  difficulty?: number | undefined;
  /** Images the Markdown refers to as `<asset:name>` placeholders. */
  assets?: ImportedAsset[] | undefined;
  /** What was changed or dropped on the way (reported, never silent). */
  lossy?: string[] | undefined;
}

/** An item of the source that was not imported, and why. */
export interface SkippedItem {
  /** Where it is. */
  place: SourcePlace;
  /** Why it was not imported, in plain words. */
  reason: string;
}

/** A problem with the source as a whole (unreadable, too large, malformed). */
export interface ImportProblem {
  /** Where. */
  place: SourcePlace;
  /** Stable rule id, `import/...`. */
  ruleId: string;
  /** What is wrong, in plain words. */
  message: string;
  /** What to do about it. */
  hint?: string | undefined;
}

/** What a reader gives back for one source. */
export interface ReadResult {
  /** Questions read. */
  items: ImportedQuestion[];
  /** Items left out, with reasons. */
  skipped: SkippedItem[];
  /** Problems with the source (nothing is imported from a source with problems). */
  problems: ImportProblem[];
}

/** The formats `qbank import` reads. */
export const importFormats = ['jsonl', 'gift', 'aiken', 'moodle-xml', 'qti', 'csv', 'xlsx', 'docx'] as const;

/** One of `importFormats`. */
export type ImportFormat = (typeof importFormats)[number];

/** A source file as bytes, with the name it is reported under. */
export interface SourceInput {
  /** The name reported in places (the path as given). */
  name: string;
  /** The bytes. */
  bytes: Uint8Array;
}

/**
 * The result of a source that could not be read at all: one problem, nothing imported.
 *
 * @param problem What is wrong, and where.
 * @returns A result with that problem alone.
 */
export function failed(problem: ImportProblem): ReadResult {
  return { items: [], skipped: [], problems: [problem] };
}
