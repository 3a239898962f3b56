// The parts of a `qbank build --watch` session on their own: the scheduler (one build at a time,
// changes close together make one build, changes during a build make one more), the change
// classifier (environment inputs, items, images, the bundle's own output) and the pending changes.
// tests/watch-inputs.test.ts runs the whole session through the real CLI.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createAssemblyMemo } from '@qbank/compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchSession } from '../packages/cli/src/lib/check.js';
import type { CliValues } from '../packages/cli/src/lib/cli.js';
import { PendingChanges } from '../packages/cli/src/lib/watch-changes.js';
import { ChangeClassifier, watchPlaces } from '../packages/cli/src/lib/watch-classify.js';
import { BuildScheduler } from '../packages/cli/src/lib/watch-schedule.js';
import { repoRoot } from './helpers/cli.js';
import { makeTempDir } from './helpers/fs.js';

/** Builds that run until the test lets them finish; `started` waits for the next one to start. */
function gatedBuilds() {
  const running: (() => void)[] = [];
  const waiting: (() => void)[] = [];
  const events: string[] = [];
  const build = () =>
    new Promise<void>((resolve) => {
      events.push('build');
      running.push(resolve);
      for (const wake of waiting.splice(0)) wake();
    });
  const started = () => new Promise<void>((resolve) => (running.length ? resolve() : waiting.push(resolve)));
  const finish = () => running.shift()?.();
  return { build, started, finish, events };
}

describe('BuildScheduler', () => {
  it('runs one build at a time, and one more for any number of changes during a build', async () => {
    const { build, started, finish, events } = gatedBuilds();
    const scheduler = new BuildScheduler(build, {
      before: () => events.push('before'),
      after: () => events.push('after'),
    });
    const run = scheduler.now();
    await started();
    expect(scheduler.building).toBe(true);
    // Asked twice while the first build runs: both are answered by one more build.
    await scheduler.now();
    await scheduler.now();
    finish();
    await started();
    finish();
    await run;
    expect(events).toEqual(['before', 'build', 'build', 'after']);
    expect(scheduler.building).toBe(false);
  });

  it('makes one build of changes that come close together', async () => {
    const { build, started, finish, events } = gatedBuilds();
    const done = new Promise<void>((resolve) => {
      const scheduler = new BuildScheduler(build, { before: () => {}, after: resolve });
      scheduler.soon();
      scheduler.soon();
      scheduler.soon();
    });
    await started();
    finish();
    await done;
    expect(events).toEqual(['build']);
  });
});

describe('ChangeClassifier and PendingChanges', () => {
  let bank: string;
  beforeAll(() => {
    bank = path.join(makeTempDir('watch-session'), 'bank');
    cpSync(path.join(repoRoot, 'tests/fixtures/banks/small'), bank, { recursive: true });
  });
  afterAll(() => rmSync(path.dirname(bank), { recursive: true, force: true }));

  /** A classifier as `qbank build --watch` in the bank makes it, following the config on disk. */
  function classifierOf(values = {} as CliValues) {
    const places = watchPlaces([], values, bank);
    const classifier = new ChangeClassifier(places, values);
    const session: WatchSession = { memo: createAssemblyMemo() };
    classifier.follow(session);
    return { places, classifier, session };
  }

  it('tells the environment, items, images and other files apart', () => {
    const { places, classifier } = classifierOf();
    const at = (file: string) => path.join(bank, file);
    expect(places.root).toBe(bank);
    expect(classifier.classify(at('qbank.config.yaml'))).toBe('environment');
    // A config made above the bank may be the one found next; one below it is not.
    expect(classifier.classify(path.join(path.dirname(bank), 'qbank.config.json'))).toBe('environment');
    expect(classifier.classify(at('content/qbank.config.json'))).toBe('other');
    expect(classifier.classify(at('content/images/ecg.png'))).toBe('image');
    // Without a session every Markdown file may be an item: its first build finds out.
    expect(classifier.classify(at('content/questions/cardiovascular/cv-mi.md'))).toBe('item');
    expect(classifier.classify(at('README.txt'))).toBe('other');
  });

  it("leaves out the bundle's own writes, the cache, dependencies and git, not their namesakes", () => {
    const { classifier } = classifierOf();
    const filter = classifier.treeFilter(() => {});
    const at = (file: string) => path.join(bank, file);
    expect(classifier.out).toBe(at('out/bundle'));
    for (const file of ['out/bundle/manifest.json', 'out/.bundle.tmp-12-ab/manifest.json', 'out/bundle.zip', 'out']) {
      expect(filter.ignore(at(file)), file).toBe(true);
    }
    for (const dir of ['out/bundle', 'dist', '.qbank-cache', 'node_modules/x', '.git']) {
      expect(filter.skipFolder(at(dir)), dir).toBe(true);
    }
    for (const file of ['content/dist-notes', 'content/out', 'content/questions/a.md']) {
      expect(filter.ignore(at(file)), file).toBe(false);
    }
    expect(filter.skipFolder(at('out'))).toBe(false);
  });

  it('the bundle goes where --out says, and the previous release is an environment input', () => {
    const { classifier } = classifierOf({ out: 'elsewhere/b', previous: 'releases/v1' } as CliValues);
    expect(classifier.out).toBe(path.join(bank, 'elsewhere/b'));
    expect(classifier.classify(path.join(bank, 'releases/v1/manifest.json'))).toBe('environment');
    // The folder holding it, moved away, reports only its own name.
    expect(classifier.classify(path.join(bank, 'releases'))).toBe('environment');
  });

  it('notes what needs a build, and starts afresh without a session or for the environment', async () => {
    const { classifier, session } = classifierOf();
    const pending = new PendingChanges(classifier, bank);
    const questions = path.join(bank, 'content/questions/cardiovascular');
    mkdirSync(questions, { recursive: true });
    writeFileSync(path.join(questions, '4913'), '');
    expect(await pending.note(path.join(questions, '4913'), session, false)).toBe(false);
    expect(pending.empty).toBe(true);
    expect(await pending.note(path.join(questions, 'cv-mi.md'), session, false)).toBe(true);
    expect(pending.empty).toBe(false);
    // No session yet: the build reads everything.
    expect(await pending.take(session)).toEqual({ afresh: true, because: undefined });
    expect(pending.empty).toBe(true);
    const config = path.join(bank, 'qbank.config.yaml');
    expect(await pending.note(config, session, false)).toBe(true);
    expect(await pending.take(session)).toEqual({ afresh: true, because: config });
  });
});
