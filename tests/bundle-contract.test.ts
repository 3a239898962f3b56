// @qbank/bundle: the one description of the bundle that the compiler writes, the runtime reads and the
// Anki exporter exports. Its types are generated from schemas/bundle/*.schema.json; its diff of two
// releases is the one `changelog.json`, `qbank diff` and the runtime's `changesBetween` all use.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as bundle from '@qbank/bundle';
import type { BundleManifest, ChangeKind, ManifestItem, Tombstone, VersionBump } from '@qbank/bundle';
import * as compiler from '@qbank/compiler';
import * as runtime from '@qbank/runtime';
import { repoRoot } from './helpers/cli.js';

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const packageJson = (dir: string) =>
  JSON.parse(read(`packages/${dir}/package.json`)) as {
    dependencies?: Record<string, string>;
    [key: string]: unknown;
  };

describe('@qbank/bundle', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(bundle).sort()).toEqual([
      'bumpForChange',
      'bundleFormatVersion',
      'changeKinds',
      'changelogFormatVersion',
      'curriculumFormatVersion',
      'diffManifests',
      'glossaryFormatVersion',
      'itemChange',
      'requiredBump',
    ]);
  });

  it('is a publishable package with no dependencies', () => {
    const pkg = packageJson('bundle');
    expect(pkg).toMatchObject({
      name: '@qbank/bundle',
      license: 'MIT',
      type: 'module',
      sideEffects: false,
      engines: { node: '^20.15.0 || >=22.2.0' },
      repository: { url: 'git+https://github.com/qbank-org/qbank.git', directory: 'packages/bundle' },
      files: ['dist', 'README.md'],
    });
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(read('packages/bundle/README.md')).toMatch(/## Install[\s\S]*## Use[\s\S]*## API/);
  });

  it('runs in browsers: nothing from Node, nothing from other packages', async () => {
    const result = await build({
      entryPoints: [path.join(repoRoot, 'packages/bundle/src/index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((file) => !file.startsWith('packages/bundle/src/'))).toEqual([]);
  });

  it('has types generated from the schemas, up to date', async () => {
    // @ts-expect-error -- a plain .mjs script without types
    const { generateBundleTypes } = (await import('../scripts/generate-types.mjs')) as {
      generateBundleTypes: () => Promise<string>;
    };
    expect(read('packages/bundle/src/lib/types.generated.ts'), 'run `npx -y pnpm@10 run generate`').toBe(
      await generateBundleTypes(),
    );
  });

  it('has its documentation tables generated from the schemas, up to date', async () => {
    // @ts-expect-error -- a plain .mjs script without types
    const { generateBundleDocs } = (await import('../scripts/generate-types.mjs')) as {
      generateBundleDocs: (markdown: string) => Promise<string>;
    };
    const page = read('docs/bundle-format.md');
    expect(page.match(/<!-- schema: /g)?.length).toBeGreaterThanOrEqual(10);
    expect(page, 'run `npx -y pnpm@10 run generate`').toBe(await generateBundleDocs(page));
  });
});

describe('one description of the bundle', () => {
  const generated = read('packages/bundle/src/lib/types.generated.ts');
  const names = [...generated.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!);

  it('the schemas name every type of the bundle', () => {
    expect(names).toEqual(
      expect.arrayContaining(['BundleManifest', 'BundleQuestion', 'BundleNote', 'Changelog', 'Curriculum']),
    );
  });

  it('no package declares a bundle type of its own', () => {
    const declared: string[] = [];
    for (const dir of readdirSync(path.join(repoRoot, 'packages'))) {
      const src = path.join(repoRoot, 'packages', dir, 'src');
      for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
        if (!/\.tsx?$/.test(file) || file.endsWith('types.generated.ts')) continue;
        const text = readFileSync(path.join(src, file), 'utf8');
        for (const name of names) {
          if (new RegExp(`^export (?:interface|type) ${name}\\b`, 'm').test(text)) declared.push(`${dir}/${file}`);
        }
      }
    }
    expect(declared).toEqual([]);
  });

  it('the compiler, the runtime and the Anki exporter take it from @qbank/bundle', () => {
    for (const dir of ['compiler', 'runtime', 'anki']) {
      expect(Object.keys(packageJson(dir).dependencies ?? {}), dir).toContain('@qbank/bundle');
    }
    // The exporter reads bundles: it no longer installs the compiler (and unified with it).
    expect(Object.keys(packageJson('anki').dependencies ?? {})).not.toContain('@qbank/compiler');
    const ankiSources = readdirSync(path.join(repoRoot, 'packages/anki/src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => read(`packages/anki/src/${f}`))
      .join('\n');
    expect(ankiSources).not.toMatch(/from '@qbank\/compiler'/);
  });

  it('one format version, in the schema and in what the runtime reads', () => {
    const manifest = JSON.parse(read('schemas/bundle/manifest.schema.json'));
    expect(bundle.bundleFormatVersion).toMatch(new RegExp(manifest.properties.bundleFormat.pattern));
    expect(Number(bundle.bundleFormatVersion.split('.')[0])).toBe(runtime.supportedBundleFormat);
    expect(compiler.bundleFormatVersion).toBe(bundle.bundleFormatVersion);
    expect(compiler.changelogFormatVersion).toBe(bundle.changelogFormatVersion);
  });

  it('the compiler and the runtime diff releases with the same function', () => {
    expect(compiler.diffManifests).toBe(bundle.diffManifests);
    const changelog = JSON.parse(read('schemas/bundle/changelog.schema.json'));
    expect(bundle.changeKinds).toEqual(changelog.$defs.changeKind.enum);
    expect(Object.keys(bundle.bumpForChange).sort()).toEqual([...bundle.changeKinds].sort());
  });
});

const hex = (n: number) => n.toString(16).padStart(64, '0');
const item = (id: string, hash: number, key: number, revision = 1): ManifestItem => ({
  id,
  type: 'question',
  chunk: 'questions/cardiovascular.json',
  hash: hex(hash),
  keyHash: hex(key),
  revision,
  disciplines: ['pathology'],
  systems: ['cardiovascular'],
  competency: 'medical-knowledge',
  difficulty: null,
});
const stone = (id: string, reason: Tombstone['reason']): Tombstone => ({
  id,
  type: 'question',
  revision: 1,
  hash: hex(1),
  reason,
  since: '2.0.0',
});
type Release = Pick<BundleManifest, 'bank' | 'items' | 'tombstones'>;
const release = (version: string, items: ManifestItem[], tombstones: Tombstone[] = []): Release => ({
  bank: { name: 'test', version },
  items,
  tombstones,
});

describe('diffManifests: where the copies differed, the contract decides', () => {
  const v1 = release('1.0.0', [item('a', 1, 1), item('b', 2, 2), item('c', 3, 3), item('d', 4, 4)]);
  const v2 = release(
    '2.0.0',
    [item('a', 10, 1, 2), item('b', 20, 20, 2), item('e', 5, 5)],
    [stone('c', 'retired'), stone('d', 'removed')],
  );

  it('classifies every change and requires the largest bump', () => {
    const changelog = bundle.diffManifests(v1, v2);
    expect(changelog.changes.map((c) => [c.id, c.change])).toEqual([
      ['a', 'text-changed'],
      ['b', 'key-changed'],
      ['c', 'retired'],
      ['d', 'removed'],
      ['e', 'added'],
    ]);
    expect(changelog.summary).toEqual({ added: 1, 'text-changed': 1, 'key-changed': 1, retired: 1, removed: 1 });
    expect(changelog.requiredBump).toBe('major');
    expect(runtime.changesBetween(v1, v2)).toEqual(changelog);
  });

  it('writes the changelog format version it is, not a copy of it', () => {
    // The runtime's copy wrote a hard-coded '1.0.0'.
    expect(bundle.diffManifests(v1, v2).changelogFormat).toBe(bundle.changelogFormatVersion);
    expect(runtime.changesBetween(v1, v2).changelogFormat).toBe(bundle.changelogFormatVersion);
  });

  it('without a previous release, every item is added and there is nothing to bump', () => {
    // The runtime's copy required `previous`; a first build has none.
    const first = bundle.diffManifests(undefined, v1);
    expect(first.from).toBeNull();
    expect(first.to).toBe('1.0.0');
    expect(first.changes.map((c) => c.change)).toEqual(['added', 'added', 'added', 'added']);
    expect(first.requiredBump).toBe('none');
  });

  it('reads a manifest without tombstones as having none: a gone item is removed, never guessed retired', () => {
    // The runtime's copy assumed `tombstones` was there and threw without it.
    const { tombstones: _none, ...bare } = v2;
    const changelog = bundle.diffManifests(v1, bare);
    expect(changelog.changes.filter((c) => c.toRevision === null).map((c) => [c.id, c.change])).toEqual([
      ['c', 'removed'],
      ['d', 'removed'],
    ]);
  });

  it('holds for any two releases: sorted, counted, bumped by the rule, empty against itself', () => {
    const ids = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
    const items = fc
      .uniqueArray(fc.record({ id: ids, hash: fc.nat(3), key: fc.nat(2) }), { selector: (i) => i.id })
      .map((list) => list.map((i) => item(i.id, i.hash, i.key)));
    const reasons = fc.dictionary(ids, fc.constantFrom<Tombstone['reason']>('retired', 'removed'));
    fc.assert(
      fc.property(items, items, reasons, (before, after, gone) => {
        const previous = release('1.0.0', before);
        const next = release(
          '1.1.0',
          after,
          Object.entries(gone).map(([id, reason]) => stone(id, reason)),
        );
        const changelog = bundle.diffManifests(previous, next);
        const ids = changelog.changes.map((c) => c.id);
        expect(ids).toEqual([...ids].sort());
        expect(new Set(ids).size).toBe(ids.length);
        const counted = Object.values(changelog.summary).reduce((a, b) => a + b, 0);
        expect(counted).toBe(changelog.changes.length);
        const order: VersionBump[] = ['none', 'patch', 'minor', 'major'];
        const largest = changelog.changes
          .map((c) => bundle.bumpForChange[c.change as ChangeKind])
          .reduce<VersionBump>((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a), 'none');
        expect(changelog.requiredBump).toBe(largest);
        expect(bundle.diffManifests(next, next).changes).toEqual([]);
        expect(runtime.changesBetween(previous, next)).toEqual(changelog);
      }),
    );
  });

  it('the bump rule: major when learner history no longer holds, minor for new and retired, patch for text', () => {
    expect(bundle.bumpForChange).toEqual({
      added: 'minor',
      'text-changed': 'patch',
      'key-changed': 'major',
      retired: 'minor',
      removed: 'major',
    });
    expect(bundle.requiredBump([])).toBe('none');
    expect(bundle.requiredBump([{ change: 'text-changed' }, { change: 'added' }])).toBe('minor');
  });
});
