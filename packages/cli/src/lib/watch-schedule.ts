import type { WatchSession } from './check.js';

/** How long after the last change a build starts: changes closer together than this make one build. */
const settleMs = 10;

/** How long the cache may wait after the last build before it is written. */
const cacheSaveDelayMs = 2000;

/** How long after a session's first build its edit path is warmed up (`warmUp`). */
const warmUpDelayMs = 200;

/**
 * Runs builds one at a time. Changes close together make one build; changes
 * that arrive while a build runs make one more build after it.
 */
export class BuildScheduler {
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param build Run one build.
   * @param around Told before the first of a run of builds, and after the last.
   */
  constructor(
    private readonly build: () => Promise<void>,
    private readonly around: { before(): void; after(): void },
  ) {}

  /** Whether a build runs now. */
  get building(): boolean {
    return this.running;
  }

  /** Build once the changes settle. */
  soon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.now(), settleMs);
  }

  /**
   * Build now, or once more after the build that runs.
   *
   * @returns Once this run of builds is done (at once when one runs already).
   */
  async now(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.around.before();
    do {
      this.again = false;
      await this.build();
    } while (this.again);
    this.running = false;
    this.around.after();
  }

  /** Start no more builds. */
  close(): void {
    clearTimeout(this.timer);
  }
}

/**
 * What a watch session does while idle: write the cache once the edits pause
 * (it takes a while on a large bank), and warm up the edit path once after a
 * session's first build (`Pipeline.warmUp`).
 */
export class IdleWork {
  private saveTimer: NodeJS.Timeout | undefined;
  private warmTimer: NodeJS.Timeout | undefined;
  private warmed: WatchSession | undefined;

  /**
   * @param session The watch session as it is now.
   * @param idle Whether no build runs and no change waits for one.
   */
  constructor(
    private readonly session: () => WatchSession,
    private readonly idle: () => boolean,
  ) {}

  /** Cancel what was planned: a build starts. */
  cancel(): void {
    clearTimeout(this.saveTimer);
    clearTimeout(this.warmTimer);
  }

  /** Plan the idle work after a run of builds. */
  plan(): void {
    this.saveTimer = setTimeout(() => this.session().pipeline?.saveCache(), cacheSaveDelayMs);
    const session = this.session();
    if (!session.pipeline || session === this.warmed) return;
    clearTimeout(this.warmTimer);
    this.warmTimer = setTimeout(() => {
      // Only while idle: a build or changes waiting for one come first.
      if (!this.idle()) return;
      this.warmed = this.session();
      warmUp(this.warmed);
    }, warmUpDelayMs);
  }

  /** Stop, writing the cache now. */
  close(): void {
    this.cancel();
    this.session().pipeline?.saveCache();
  }
}

/**
 * Do an edit's work once on one of the session's questions while idle
 * (`Pipeline.warmUp`). Only a warm-up: whatever goes wrong in it is left for a
 * real build to report.
 */
function warmUp(session: WatchSession): void {
  try {
    const source = session.sources?.find((s) => s.kind === 'question' && session.pipeline?.hasLint(s));
    if (source) session.pipeline?.warmUp(source);
  } catch {
    // A build of this file reports the problem.
  }
}
