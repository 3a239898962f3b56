// What the page holds: the bundle it shows, the server's state, the student's block.
import {
  assembleBlock,
  fromUrl,
  openBundle,
  type BlockMode,
  type BundleGlossary,
  type ItemFilter,
  type LoadedBundle,
  type StudyBlock,
} from '@qbank/runtime';
import type { PreviewDiagnostic, PreviewState } from '../src/lib/types.js';
import { setAssetBase } from './dom.js';

/** One diagnostic, as `/api/state` gives it (the server's own type: one description of the wire format). */
export type Diagnostic = PreviewDiagnostic;

/** The server's state, as `/api/state` gives it. */
export type ServerState = PreviewState;

/** A block being studied, and everything the student did in it. */
export interface Session {
  /** How it was made: made again the same way when the bundle changes. */
  seed: string;
  mode: BlockMode;
  filter: ItemFilter;
  ids: string[];
  block: StudyBlock;
  /** The question shown. */
  index: number;
  /** Chosen display letter per question id. */
  selected: Record<string, string>;
  /** Tutor mode: the submitted answers. */
  submitted: Record<string, string>;
  /** Struck-out display letters per question id. */
  struck: Record<string, string[]>;
  flagged: string[];
  /** The stem with the student's highlights, and the stem it was made on. */
  marks: Record<string, { stem: string; html: string }>;
  /** Timed mode: when the block's time runs out (ms since the epoch). */
  endsAt: number | null;
  finished: boolean;
  /** A one-question preview (the author's item page). */
  single: boolean;
  /** Questions to take again from the bundle before they are shown (it changed since). */
  stale: string[];
}

/** The page's state. */
export const app: {
  bundle: LoadedBundle | undefined;
  server: ServerState;
  session: Session | undefined;
  item: Session | undefined;
  overlay: boolean;
  noteTitles: Map<string, string>;
  /** The bundle's glossary, or `null` when the bank has none. */
  glossary: BundleGlossary | null;
  /** The language the student picked for term translations, or `null` (English only). */
  language: string | null;
} = {
  bundle: undefined,
  server: { version: 0, build: 0, ok: false, diagnostics: [] },
  session: undefined,
  item: undefined,
  overlay: false,
  noteTitles: new Map(),
  glossary: null,
  language: null,
};

let loadedNotes: string | undefined;

/**
 * Read the server's state, and open its bundle when it is a new one.
 *
 * @returns Whether the bundle changed.
 */
export async function loadState(): Promise<boolean> {
  const response = await fetch('/api/state', { cache: 'no-store' });
  const next = (await response.json()) as ServerState;
  const changed = next.version !== app.server.version || (!app.bundle && next.version > 0);
  if (changed && next.version > 0) {
    const base = `/bundle/${next.version}/`;
    const bundle = await openBundle(fromUrl(new URL(base, location.href).href));
    // Note titles (for links): read again only when a note chunk changed.
    const notesKey = bundle.manifest.files
      .filter((file) => file.path.startsWith('notes/'))
      .map((file) => file.sha256)
      .join();
    if (notesKey !== loadedNotes) {
      app.noteTitles = new Map((await bundle.notes()).map((note) => [note.id, note.title]));
      loadedNotes = notesKey;
    }
    app.glossary = await bundle.glossary();
    app.bundle = bundle;
    setAssetBase(base);
  }
  app.server = next;
  return changed;
}

/**
 * Start a block.
 *
 * @param options Mode, size, filter and seed.
 * @returns The session.
 */
export async function startSession(options: {
  mode: BlockMode;
  size: number;
  filter: ItemFilter;
  seed: string;
  single?: boolean;
}): Promise<Session> {
  const block = await assembleBlock(app.bundle!, {
    seed: options.seed,
    size: options.size,
    mode: options.mode,
    filter: options.filter,
  });
  return {
    seed: options.seed,
    mode: options.mode,
    filter: options.filter,
    ids: block.questions.map((q) => q.id),
    block,
    index: 0,
    selected: {},
    submitted: {},
    struck: {},
    flagged: [],
    marks: {},
    endsAt: block.timeLimitSeconds === null ? null : Date.now() + block.timeLimitSeconds * 1000,
    finished: false,
    single: options.single ?? false,
    stale: [],
  };
}

/**
 * After a new bundle: mark every question of a session for an update, and
 * update the one shown now. The others are updated when they are shown or the
 * block is scored, so a save costs the chunk of one question, not of the block.
 *
 * @param session The session.
 */
export async function refreshSession(session: Session): Promise<void> {
  session.stale = [...session.ids];
  const current = session.block.questions[session.index]?.id;
  await refreshQuestions(session, current === undefined ? [] : [current]);
}

/**
 * Take these questions of a session from the current bundle, if they are
 * marked for an update. Options are arranged by the session's seed and the
 * question's id, as when the block was made, so letters stay; a question no
 * longer published leaves the block. The student's place and answers stay.
 *
 * @param session The session.
 * @param ids The questions to update.
 */
export async function refreshQuestions(session: Session, ids: readonly string[]): Promise<void> {
  const wanted = ids.filter((id) => session.stale.includes(id));
  if (!wanted.length) return;
  const current = session.block.questions[session.index]?.id;
  const fresh = await assembleBlock(app.bundle!, {
    seed: session.seed,
    size: wanted.length,
    mode: session.mode,
    filter: { ids: wanted },
  });
  const byId = new Map(fresh.questions.map((q) => [q.id, q]));
  const questions = session.block.questions.flatMap((q) => (wanted.includes(q.id) ? (byId.get(q.id) ?? []) : [q]));
  session.block = { ...session.block, labels: { ...session.block.labels, ...fresh.labels }, questions };
  session.ids = questions.map((q) => q.id);
  session.stale = session.stale.filter((id) => !wanted.includes(id));
  const at = questions.findIndex((q) => q.id === current);
  session.index = at >= 0 ? at : Math.min(session.index, Math.max(0, questions.length - 1));
}

/**
 * The diagnostics of one source file.
 *
 * @param source Path relative to the content root.
 * @returns Its diagnostics, errors first.
 */
export function diagnosticsOf(source: string): Diagnostic[] {
  const rank: Record<string, number> = { error: 0, warning: 1, info: 2 };
  return app.server.diagnostics
    .filter((d) => d.source === source)
    .sort((a, b) => (rank[a.severity] ?? 3) - (rank[b.severity] ?? 3) || a.line - b.line);
}
