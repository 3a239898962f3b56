import { existsSync } from 'node:fs';
import path from 'node:path';
import { readSourceFile, type ItemKind } from '@qbank/parser';
import { discoverItems, itemKinds, type ProjectConfig } from '@qbank/project';
import type { WatchSession } from './check.js';
import { statOf, type ChangeClassifier } from './watch-classify.js';

/** One source of a watch session. */
type WatchSource = NonNullable<WatchSession['sources']>[number];

/** What the next build takes from the changes noted since the last one. */
export type TakenChanges =
  /** The session goes on: these item files are read again (the session's sources already have them). */
  | { afresh: false; files: ReadonlySet<string> }
  /** The session starts afresh: an environment input changed (`because`), or there is no session yet. */
  | { afresh: true; because: string | undefined };

/**
 * The changes noted for the next build: item files to read again, folders to
 * rescan once a session has the bank (the build making one may have looked
 * before they changed), and the environment input whose change starts afresh.
 */
export class PendingChanges {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();
  private freshBecause: string | undefined;

  /**
   * @param classifier Tells changed paths apart.
   * @param cwd The working directory (for reading).
   */
  constructor(
    private readonly classifier: ChangeClassifier,
    private readonly cwd: string,
  ) {}

  /** Whether nothing waits for a build. */
  get empty(): boolean {
    return !this.files.size && !this.folders.size && !this.freshBecause;
  }

  /**
   * Note a change for the next build, and say whether it needs one: an item
   * file is read again, a folder rescanned, an environment input starts
   * afresh; a file no build reads (an editor's temporary, swap or backup file,
   * `.DS_Store`) needs none.
   *
   * @param file The changed path.
   * @param session The watch session as it is now.
   * @param building Whether a build runs now.
   * @returns Whether a build is needed.
   */
  async note(file: string, session: WatchSession, building: boolean): Promise<boolean> {
    switch (this.classifier.classify(file)) {
      case 'environment':
        this.freshBecause ??= file;
        return true;
      case 'image':
        return true;
      case 'item':
        this.files.add(file);
        return true;
      case 'not-item':
        return false;
      case 'other':
        return this.noteOther(file, session, building);
    }
  }

  /**
   * Take the noted changes for the build that starts: rescan the noted
   * folders and apply the changed files to the session's sources, or say that
   * the session starts afresh (and forget the changes and which files are
   * items: its build reads everything).
   *
   * @param session The watch session (its sources are updated).
   * @returns What the build takes.
   */
  async take(session: WatchSession): Promise<TakenChanges> {
    if (this.freshBecause || !session.sources || !session.pipeline) {
      const because = this.freshBecause;
      this.freshBecause = undefined;
      this.files.clear();
      this.folders.clear();
      this.classifier.forgetItems();
      return { afresh: true, because };
    }
    const config = session.pipeline.environment.config;
    const sources = session.sources;
    for (const folder of this.folders) {
      for (const file of await itemsOfFolder(folder, config, sources)) this.files.add(file);
    }
    this.folders.clear();
    const files = new Set(this.files);
    this.files.clear();
    session.sources = withChanges(sources, files, itemKinds(config), this.cwd);
    return { afresh: false, files };
  }

  /** A path that is no item file by its name: an image the bank names, a folder, or a file no build reads. */
  private async noteOther(file: string, session: WatchSession, building: boolean): Promise<boolean> {
    // After the item files: a save of one must not wait for the set of named images to be made.
    if (session.pipeline?.namesImage(file)) return true;
    const stats = statOf(file);
    // A file that no build reads.
    if (stats && !stats.isDirectory()) return false;
    if (session.pipeline && session.sources) {
      const items = await itemsOfFolder(file, session.pipeline.environment.config, session.sources);
      for (const item of items) this.files.add(item);
      return items.length > 0;
    }
    // A build starting afresh may have looked before the folder changed: rescan it after that build.
    if (building) this.folders.add(file);
    return building || stats !== undefined;
  }
}

/**
 * The sources with changed files applied: an edited file keeps its place and is read again, an
 * added one is put in path order, a removed one (or one no longer an item) leaves.
 *
 * @param sources The session's sources (edited in place for files that stay).
 * @param files The changed item files.
 * @param kindOf What kind of item a path is, under the config in force.
 * @param cwd The working directory (for reading).
 * @returns The sources to build.
 */
function withChanges(
  sources: WatchSource[],
  files: ReadonlySet<string>,
  kindOf: (file: string) => ItemKind | undefined,
  cwd: string,
): WatchSource[] {
  const index = new Map(sources.map((s, i) => [sourcePath(s), i]));
  let added = false;
  const gone = new Set<string>();
  for (const file of files) {
    const kind = kindOf(file);
    const at = index.get(file);
    if (!kind || !existsSync(file)) {
      if (at !== undefined) gone.add(file);
      continue;
    }
    const source = { file: readSourceFile(file, cwd), kind };
    if (at !== undefined) sources[at] = source;
    else {
      sources.push(source);
      added = true;
    }
  }
  if (!added && !gone.size) return sources;
  return sources.filter((s) => !gone.has(sourcePath(s))).sort((a, b) => (sourcePath(a) < sourcePath(b) ? -1 : 1));
}

/**
 * The item files a folder made, removed or moved concerns: those the config's
 * globs find under it now, and those known under it (dropped when gone).
 * Rescanning after the folder is watched finds files written into it before.
 */
async function itemsOfFolder(folder: string, config: ProjectConfig, sources: WatchSource[]): Promise<string[]> {
  // A prefix test, not path.relative: it runs over every source.
  const known = sources.map(sourcePath).filter((file) => file.startsWith(folder + path.sep));
  if (!statOf(folder)?.isDirectory()) return known;
  try {
    const { items } = await discoverItems(config, [folder]);
    return [...known, ...items.map((item) => item.path)];
  } catch {
    return known; // Gone while it was read, or unreadable: as if gone.
  }
}

/** A session source's absolute path: read, or known by its key. */
function sourcePath(source: WatchSource): string {
  return 'file' in source ? source.file.path : source.path;
}
