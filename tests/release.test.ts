// Versioned bundles: revisions, changelogs, semver bumps, tombstones, id reuse, profiles, archives, schemas.
import { cpSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import type { BundleManifest, Changelog } from '@qbank/compiler';
import { repoRoot, runQbank } from './helpers/cli.js';
import { listFiles, makeTempDir } from './helpers/fs.js';

const work = makeTempDir('release');
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { SOURCE_DATE_EPOCH: '1700000000' };

function question(id: string, answer = 1, stem = 'A 50-year-old man has chest pain.') {
  const choices = ['Angina', 'Myocardial infarction', 'Pericarditis', 'Aortic dissection']
    .map((c, i) => `- [${i === answer ? 'x' : ' '}] ${c}\n  Rationale for ${c}.`)
    .join('\n');
  return `---\nid: ${id}\nstatus: published\ndiscipline: [pathology]\nsystem: cardiovascular\ncompetency: medical-knowledge\n---\n\n${stem}\n\nWhich of the following is the most likely diagnosis?\n\n${choices}\n\n## Explanation\n\nBecause.\n`;
}

/** A bank in a temp dir with the given question files, and a config at `version`. */
function makeBank(name: string, files: Record<string, string>, version = '1.0.0', previous?: string): string {
  const bank = path.join(work, name);
  rmSync(bank, { recursive: true, force: true });
  cpSync(path.join(repoRoot, 'tests/fixtures/banks/small'), bank, { recursive: true });
  rmSync(path.join(bank, 'qbank.config.yaml'));
  writeFileSync(
    path.join(bank, 'qbank.config.json'),
    JSON.stringify(
      { name: 'Release fixture', version, content: 'content', out: 'out', ...(previous ? { previous } : {}) },
      null,
      2,
    ) + '\n',
  );
  for (const [file, text] of Object.entries(files))
    writeFileSync(path.join(bank, 'content/questions/cardiovascular', file), text);
  return bank;
}

const base = {
  'q-a.md': question('q-a'),
  'q-b.md': question('q-b'),
  'q-c.md': question('q-c'),
  'q-d.md': question('q-d'),
};

async function build(bank: string, ...args: string[]) {
  const result = await runQbank(['build', ...args], bank, env);
  return {
    ...result,
    manifest: () => JSON.parse(readFileSync(path.join(bank, 'out/manifest.json'), 'utf8')) as BundleManifest,
  };
}

function changelogOf(bank: string): Changelog {
  return JSON.parse(readFileSync(path.join(bank, 'out/changelog.json'), 'utf8')) as Changelog;
}

describe('first release', () => {
  it('starts every item at revision 1, with build time from SOURCE_DATE_EPOCH and no changes', async () => {
    const bank = makeBank('first', base);
    const result = await build(bank);
    expect(result.code).toBe(0);
    const manifest = result.manifest();
    expect(manifest.buildTime).toBe('2023-11-14T22:13:20.000Z');
    expect(manifest.sourceCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(manifest.items.every((i) => i.revision === 1)).toBe(true);
    expect(manifest.tombstones).toEqual([]);
    expect(manifest.assets).toEqual([
      {
        path: expect.stringMatching(/^assets\/[0-9a-f]{16}\.png$/),
        mediaType: 'image/png',
        width: 4,
        height: 3,
        alt: [
          'Electrocardiogram showing ST elevation',
          'Electrocardiogram showing ST elevation in leads II, III and aVF',
        ],
      },
    ]);
    expect(changelogOf(bank)).toMatchObject({ from: null, to: '1.0.0', requiredBump: 'none' });
    expect(changelogOf(bank).summary.added).toBe(6);
  });
});

describe('changes between releases', () => {
  const cases: [string, Record<string, string | null>, string, Record<string, string>][] = [
    [
      'text edit',
      { 'q-a.md': question('q-a', 1, 'A 51-year-old man has chest pain.') },
      'patch',
      { 'q-a': 'text-changed' },
    ],
    ['new item', { 'q-e.md': question('q-e') }, 'minor', { 'q-e': 'added' }],
    ['key change', { 'q-b.md': question('q-b', 2) }, 'major', { 'q-b': 'key-changed' }],
    [
      'retirement',
      { 'q-c.md': question('q-c').replace('status: published', 'status: retired') },
      'minor',
      { 'q-c': 'retired' },
    ],
    ['removal', { 'q-d.md': null }, 'major', { 'q-d': 'removed' }],
  ];
  it.each(cases)('%s', async (name, edits, bump, expected) => {
    const v1 = makeBank(`v1-${name}`, base);
    expect((await build(v1)).code).toBe(0);
    const files: Record<string, string> = { ...base };
    for (const [file, text] of Object.entries(edits)) {
      if (text === null) delete files[file];
      else files[file] = text;
    }
    const v2 = makeBank(`v2-${name}`, files, '1.0.0', path.join(v1, 'out'));
    // Unchanged version: refused by --release unless nothing requires a bump.
    const refused = await build(v2, '--release');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`need a ${bump} bump`);
    const version = await runQbank(['version'], v2, env);
    const target = { major: '2.0.0', minor: '1.1.0', patch: '1.0.1' }[bump];
    expect(version.stdout).toBe(`1.0.0 -> ${target} (${bump} bump since 1.0.0)\n`);
    expect(JSON.parse(readFileSync(path.join(v2, 'qbank.config.json'), 'utf8')).version).toBe(target);
    const released = await build(v2, '--release');
    expect(released.code).toBe(0);
    const changelog = changelogOf(v2);
    expect(changelog).toMatchObject({ from: '1.0.0', to: target, requiredBump: bump });
    expect(Object.fromEntries(changelog.changes.map((c) => [c.id, c.change]))).toEqual(expected);
    const manifest = released.manifest();
    const [id, change] = Object.entries(expected)[0]!;
    const item = manifest.items.find((i) => i.id === id);
    if (change === 'text-changed' || change === 'key-changed') expect(item?.revision).toBe(2);
    if (change === 'added') expect(item?.revision).toBe(1);
    if (change === 'retired' || change === 'removed') {
      expect(item).toBeUndefined();
      expect(manifest.tombstones).toEqual([
        expect.objectContaining({ id, reason: change, since: target, revision: 1 }),
      ]);
    }
    expect(manifest.items.find((i) => i.id === 'q-a' && id !== 'q-a')?.revision ?? 1).toBe(1);
    // qbank diff says the same.
    const diff = await runQbank(['diff', path.join(v1, 'out'), path.join(v2, 'out'), '--format', 'json'], repoRoot);
    expect((JSON.parse(diff.stdout) as Changelog).changes).toEqual(changelog.changes);
  });
});

describe('id reuse', () => {
  it('rejects a removed id that comes back for another question', async () => {
    const v1 = makeBank('reuse-v1', base);
    await build(v1);
    const { ['q-d.md']: _removed, ...rest } = base;
    const v2 = makeBank('reuse-v2', rest, '2.0.0', path.join(v1, 'out'));
    expect((await build(v2)).code).toBe(0);
    // The tombstone carries over to the next release, where the id comes back with other content.
    const v3 = makeBank(
      'reuse-v3',
      { ...rest, 'new.md': question('q-d', 0, 'A 30-year-old woman has a rash.') },
      '3.0.0',
      path.join(v2, 'out'),
    );
    const result = await build(v3, '--format', 'json');
    expect(result.code).toBe(1);
    const errors = (JSON.parse(result.stdout) as { severity: string }[]).filter((d) => d.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        file: 'content/questions/cardiovascular/new.md',
        line: 2,
        column: 5,
        ruleId: 'bank/id-reused',
      }),
    ]);
    expect(result.stderr).toContain('the previous bundle is unchanged');
  });
});

describe('bundle contract', () => {
  it('validates every file of standard and exam bundles against schemas/bundle', async () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats.default(ajv);
    const dir = path.join(repoRoot, 'schemas/bundle');
    const validators = Object.fromEntries(
      readdirSync(dir).map((f) => [
        f.replace('.schema.json', ''),
        ajv.compile(JSON.parse(readFileSync(path.join(dir, f), 'utf8'))),
      ]),
    );
    const schemaFor = (file: string) =>
      ({ 'manifest.json': 'manifest', 'changelog.json': 'changelog', 'curriculum.json': 'curriculum' })[file] ??
      ({ questions: 'question-chunk', notes: 'note-chunk', answers: 'answers-chunk' } as Record<string, string>)[
        file.split('/')[0]!
      ];
    for (const profile of ['standard', 'exam']) {
      const bank = makeBank(`schema-${profile}`, base);
      expect((await build(bank, '--profile', profile)).code).toBe(0);
      let checked = 0;
      for (const file of listFiles(path.join(bank, 'out'))) {
        const schema = schemaFor(file);
        if (!schema) continue;
        const validate = validators[schema]!;
        const data = JSON.parse(readFileSync(path.join(bank, 'out', file), 'utf8'));
        expect(validate(data), `${profile} ${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(profile === 'exam' ? 6 : 5);
    }
  });

  it('keeps answers apart in the exam profile', async () => {
    const bank = makeBank('exam', base);
    await build(bank, '--profile', 'exam');
    const questions = readFileSync(path.join(bank, 'out/questions/cardiovascular.json'), 'utf8');
    expect(questions).not.toMatch(/"answer"|"explanation"|"rationale"/);
    const answers = JSON.parse(readFileSync(path.join(bank, 'out/answers/cardiovascular.json'), 'utf8'));
    expect(answers.items.find((a: { id: string }) => a.id === 'q-a')).toMatchObject({
      answer: 'B',
      rationales: { A: '<p>Rationale for Angina.</p>' },
    });
  });

  it('writes a deterministic zip archive of the bundle', async () => {
    const bank = makeBank('archive', base);
    await build(bank, '--archive');
    const first = readFileSync(path.join(bank, 'out.zip'));
    unlinkSync(path.join(bank, 'out.zip'));
    await build(bank, '--archive');
    const second = readFileSync(path.join(bank, 'out.zip'));
    expect(second).toEqual(first);
    const entries = unzipSync(new Uint8Array(second));
    expect(Object.keys(entries).sort()).toEqual(listFiles(path.join(bank, 'out')).sort());
    expect(Buffer.from(entries['manifest.json']!)).toEqual(readFileSync(path.join(bank, 'out/manifest.json')));
  });
});
