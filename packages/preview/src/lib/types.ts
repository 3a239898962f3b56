/** One diagnostic as the preview shows it. */
export interface PreviewDiagnostic {
  /** Path of the file, relative to the working directory, with `/` separators. */
  file: string;
  /** Path of the file relative to the content root, with `/` separators (what a bundle item's `source` is). */
  source: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  /** `error`, `warning` or `info`. */
  severity: string;
  /** Stable rule id. */
  ruleId: string;
  /** What happened. */
  message: string;
  /** What to do about it, when the rule says. */
  hint?: string | undefined;
  /** Documentation of the rule. */
  url?: string | undefined;
  /** A link that opens the file at the line in the author's editor, when one is set up. */
  editorUrl?: string | undefined;
}

/** A bundle held in memory: one function that gives a file's bytes by its path in the bundle. */
export interface MemoryBundle {
  /**
   * Read one file of the bundle.
   *
   * @param path Path relative to the bundle root, `/` separators (`manifest.json`, `questions/renal.json`).
   * @returns Its bytes, or `undefined` when the bundle has no such file.
   */
  read(path: string): Uint8Array | undefined;
}

/** The outcome of one build, as the preview is told it. */
export interface PreviewBuild {
  /** The bundle the build made; `undefined` when it stopped on errors (the last good one stays shown). */
  bundle: MemoryBundle | undefined;
  /** Every diagnostic of the build. */
  diagnostics: PreviewDiagnostic[];
}

/** What the page asks for (`/api/state`): the bundle to show and the diagnostics. */
export interface PreviewState {
  /** Number of the last good bundle (served under `/bundle/<version>/`); 0 before the first one. */
  version: number;
  /** Number of builds so far. */
  build: number;
  /** Whether the last build made a bundle; when not, the page shows an error banner over the last good one. */
  ok: boolean;
  /** Every diagnostic of the last build. */
  diagnostics: PreviewDiagnostic[];
}

/** An item file the bundle leaves out because of its status: a draft or an item in review. */
export interface UnpublishedItem {
  /** Path relative to the content root, with `/` separators. */
  source: string;
  /** Its id, when its frontmatter gives one. */
  id: string | null;
  /** Question or note. */
  kind: 'question' | 'note';
  /** `draft` or `review`. */
  status: string;
  /** Its (primary) system as written, when given. */
  system: string | null;
  /** Its disciplines as written. */
  disciplines: string[];
  /** Its tags. */
  tags: string[];
}
