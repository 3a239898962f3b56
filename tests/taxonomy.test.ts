import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  builtinTaxonomy,
  builtinTaxonomyPath,
  normalizeTaxonomyKey,
  parseTaxonomyText,
  taxonomyAxes,
} from '@qbank/taxonomy';

const raw = parse(readFileSync(builtinTaxonomyPath, 'utf8')) as Record<string, { id: string; aliases?: string[] }[]>;
const axisKey = { system: 'systems', discipline: 'disciplines', competency: 'competencies' } as const;

describe('built-in USMLE Step 1 taxonomy', () => {
  const taxonomy = builtinTaxonomy();

  it('has the outline: 18 current systems, the disciplines and the competencies', () => {
    expect(taxonomy.systems.filter((s) => s.status === 'active')).toHaveLength(18);
    expect(taxonomy.systems.find((s) => s.id === 'general-principles')?.status).toBe('retired');
    expect(taxonomy.disciplines.find((d) => d.id === 'biochemistry')?.parent).toBe('biochemistry-nutrition');
    expect(taxonomy.competencies.find((c) => c.id === 'medical-knowledge')?.range).toEqual({ min: 60, max: 70 });
    expect(taxonomy.specGroups.find((g) => g.id === 'respiratory-renal')?.members).toEqual([
      'respiratory',
      'renal-urinary',
    ]);
  });

  const aliasCases = taxonomyAxes.flatMap((axis) =>
    raw[axisKey[axis]]!.flatMap((entry) => (entry.aliases ?? []).map((alias) => [axis, alias, entry.id] as const)),
  );
  it.each(aliasCases)('%s alias %s resolves to %s', (axis, alias, id) => {
    for (const written of [alias, alias.toUpperCase(), alias.replace(/-/g, '/')]) {
      const resolution = taxonomy.resolve(axis, written);
      expect(resolution.kind).toBe('alias');
      expect(resolution.kind === 'alias' && resolution.entry.id).toBe(id);
    }
  });

  it('matches ids exactly and folds case and punctuation', () => {
    expect(taxonomy.resolve('system', 'cardiovascular').kind).toBe('id');
    expect(normalizeTaxonomyKey(' Heme/Onc ')).toBe('heme-onc');
    expect(normalizeTaxonomyKey('OB/GYN')).toBe('ob-gyn');
    const heme = taxonomy.resolve('system', 'Heme/Onc');
    expect(heme.kind === 'alias' && heme.entry.id).toBe('blood-lymphoreticular');
    // The same word on two axes: the axis decides.
    const immunoSystem = taxonomy.resolve('system', 'immuno');
    const immunoDiscipline = taxonomy.resolve('discipline', 'immuno');
    expect(immunoSystem.kind === 'alias' && immunoSystem.entry.id).toBe('immune-system');
    expect(immunoDiscipline.kind === 'alias' && immunoDiscipline.entry.id).toBe('immunology');
  });

  it('suggests the closest value for a typo and recognises blueprint groups', () => {
    expect(taxonomy.resolve('discipline', 'pharmacolgy')).toEqual({ kind: 'unknown', suggestion: 'pharmacology' });
    expect(taxonomy.resolve('system', 'xyzzy')).toEqual({ kind: 'unknown', suggestion: undefined });
    const group = taxonomy.resolve('system', 'repro');
    expect(group.kind === 'group' && group.group.id).toBe('reproductive-endocrine');
  });
});

describe('taxonomy files', () => {
  it('reports an alias that names two entries', () => {
    const text = `schema: qbank-taxonomy
schemaVersion: 1
id: mini
label: Mini
systems:
  - { id: heart, label: Heart, aliases: [cv] }
  - { id: vessels, label: Vessels, aliases: [cv] }
disciplines: [{ id: path, label: Pathology }]
competencies: [{ id: mk, label: Knowledge }]
`;
    const loaded = parseTaxonomyText(text, 'mini.yaml');
    expect(loaded.taxonomy).toBeUndefined();
    expect(loaded.file.messages.map((m) => m.reason)).toEqual([
      'Unexpected ambiguous system key `cv`: it names both `heart` and `vessels`',
    ]);
  });

  it('places schema errors on the offending value', () => {
    const loaded = parseTaxonomyText(
      'schema: qbank-taxonomy\nschemaVersion: 2\nid: x\nlabel: X\nsystems: []\n',
      't.yaml',
    );
    expect(loaded.file.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual(
      expect.arrayContaining([
        ['taxonomy/invalid-file', 2, 16],
        ['taxonomy/invalid-file', 5, 10],
      ]),
    );
  });
});
