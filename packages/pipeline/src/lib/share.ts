import type { LintSeverity } from '@qbank/lint';
import type { FileResult } from './model.js';

/**
 * Makes results share what is the same across files. A result that comes from
 * a worker thread or the disk cache has its own copy of every string: of its
 * path four times over, and of the lint severities in force (a table of about
 * 20 rules, the same for every file under one config). At 10,000 questions
 * the copies were 8 MB of the main thread's heap.
 */
export class ResultSharing {
  private readonly severities = new Map<string, Record<string, LintSeverity>>();
  /** The tables kept (results read from the cache share theirs already: no text to make for them). */
  private readonly kept = new WeakSet<object>();

  /**
   * Point a result's repeated parts at one copy (the result is changed in place).
   *
   * @param result A result just received or read, owned by the caller.
   * @returns The same result.
   */
  share(result: FileResult): FileResult {
    const { facts, lint, path } = result;
    if (facts) facts.path = path;
    if (lint) {
      lint.path = path;
      lint.question.path = path;
      if (this.kept.has(lint.severities)) return result;
      const key = JSON.stringify(lint.severities);
      const known = this.severities.get(key);
      if (known) lint.severities = known;
      else {
        this.severities.set(key, lint.severities);
        this.kept.add(lint.severities);
      }
    }
    return result;
  }
}
