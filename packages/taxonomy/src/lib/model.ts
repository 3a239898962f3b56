import { didYouMean } from '@qbank/core';

/** The axes an item is tagged on. */
export type TaxonomyAxis = 'system' | 'discipline' | 'competency';

/** Every tagging axis, in display order. */
export const taxonomyAxes: readonly TaxonomyAxis[] = ['system', 'discipline', 'competency'];

/** An inclusive percentage range of items, as the blueprint gives it. */
export interface TaxonomyRange {
  /** Lowest share, in percent. */
  min: number;
  /** Highest share, in percent. */
  max: number;
}

/** One value on an axis: a system, a discipline or a competency. */
export interface TaxonomyEntry {
  /** Canonical id, stored in bundles. */
  id: string;
  /** Label shown to people. */
  label: string;
  /** Other spellings authors may write. */
  aliases: readonly string[];
  /** Blueprint share of items, or `null` when none is published. */
  range: TaxonomyRange | null;
  /** Id of the entry this one rolls up into (biochemistry into biochemistry-nutrition). */
  parent?: string | undefined;
  /** Spec group a system belongs to. */
  group?: string | undefined;
  /** `retired` values are accepted with a warning. */
  status: 'active' | 'retired';
  /** False for values outside the exam's specification (kept so that other material resolves). */
  inSpec: boolean;
  /** Remarks for authors. */
  note?: string | undefined;
}

/** A weighted row of the blueprint that groups several systems. */
export interface SpecGroup extends TaxonomyEntry {
  /** Ids of the systems in the group. */
  members: readonly string[];
}

/** Where a figure in the taxonomy comes from. */
export interface TaxonomySource {
  /** Id cited by entries. */
  id: string;
  /** Title of the document. */
  title: string;
  /** Where it was published. */
  location?: string | undefined;
}

/** How a value an author wrote was matched. */
export type Resolution =
  | { kind: 'id'; entry: TaxonomyEntry }
  | { kind: 'alias'; entry: TaxonomyEntry }
  | { kind: 'group'; group: SpecGroup }
  | { kind: 'unknown'; suggestion?: string | undefined };

/** A loaded taxonomy with a lookup by id or alias. */
export interface Taxonomy {
  /** Taxonomy id, e.g. `usmle-step1`. */
  id: string;
  /** Display label. */
  label: string;
  /** Systems, in outline order. */
  systems: readonly TaxonomyEntry[];
  /** Disciplines. */
  disciplines: readonly TaxonomyEntry[];
  /** Competencies. */
  competencies: readonly TaxonomyEntry[];
  /** Weighted spec groups of systems. */
  specGroups: readonly SpecGroup[];
  /** Sources cited by the ranges. */
  sources: readonly TaxonomySource[];
  /**
   * Match what an author wrote against one axis, case- and punctuation-insensitively.
   *
   * @param axis Which axis.
   * @param value The value as written.
   * @returns How it matched, or `unknown` with the closest suggestion.
   */
  resolve(axis: TaxonomyAxis, value: string): Resolution;
}

/**
 * Fold a value for matching: lowercase, every run of characters other than
 * a-z and 0-9 becomes one hyphen, hyphens trimmed ("Heme/Onc" -> "heme-onc").
 *
 * @param value As written.
 * @returns The folded key.
 */
export function normalizeTaxonomyKey(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Raw data of a taxonomy, as in the taxonomy file. */
export interface TaxonomyData {
  id: string;
  label: string;
  sources?: TaxonomySource[];
  systems: RawEntry[];
  disciplines: RawEntry[];
  competencies: RawEntry[];
  specGroups?: (RawEntry & { members: string[] })[];
}

interface RawEntry {
  id: string;
  label: string;
  aliases?: string[];
  range?: TaxonomyRange | null;
  parent?: string;
  group?: string;
  status?: 'active' | 'retired';
  inSpec?: boolean;
  note?: string;
}

function entry(raw: RawEntry): TaxonomyEntry {
  return {
    id: raw.id,
    label: raw.label,
    aliases: raw.aliases ?? [],
    range: raw.range ?? null,
    parent: raw.parent,
    group: raw.group,
    status: raw.status ?? 'active',
    inSpec: raw.inSpec ?? true,
    note: raw.note,
  };
}

/**
 * Build a taxonomy with its lookup tables from validated data.
 *
 * @param data Parsed taxonomy file contents (already schema-checked).
 * @returns The taxonomy; a later key on an axis never overrides an earlier one.
 */
export function createTaxonomy(data: TaxonomyData): Taxonomy {
  const axes = {
    system: data.systems.map(entry),
    discipline: data.disciplines.map(entry),
    competency: data.competencies.map(entry),
  };
  const specGroups: SpecGroup[] = (data.specGroups ?? []).map((g) => ({ ...entry(g), members: g.members }));
  const lookup = new Map<TaxonomyAxis, Map<string, { entry: TaxonomyEntry; alias: boolean }>>();
  for (const axis of taxonomyAxes) {
    const keys = new Map<string, { entry: TaxonomyEntry; alias: boolean }>();
    for (const e of axes[axis]) keys.set(normalizeTaxonomyKey(e.id), { entry: e, alias: false });
    for (const e of axes[axis]) {
      for (const alias of [e.label, ...e.aliases]) {
        const key = normalizeTaxonomyKey(alias);
        if (!keys.has(key)) keys.set(key, { entry: e, alias: true });
      }
    }
    lookup.set(axis, keys);
  }
  const groupKeys = new Map<string, SpecGroup>();
  for (const g of specGroups) {
    for (const key of [g.id, ...g.aliases].map(normalizeTaxonomyKey)) if (!groupKeys.has(key)) groupKeys.set(key, g);
  }
  return {
    id: data.id,
    label: data.label,
    systems: axes.system,
    disciplines: axes.discipline,
    competencies: axes.competency,
    specGroups,
    sources: data.sources ?? [],
    resolve(axis, value) {
      const key = normalizeTaxonomyKey(value);
      const keys = lookup.get(axis)!;
      const hit = keys.get(key);
      if (hit)
        return hit.alias || hit.entry.id !== value
          ? { kind: 'alias', entry: hit.entry }
          : { kind: 'id', entry: hit.entry };
      const group = axis === 'system' ? groupKeys.get(key) : undefined;
      if (group) return { kind: 'group', group };
      const match = didYouMean(key, keys.keys());
      return { kind: 'unknown', suggestion: match ? keys.get(match)!.entry.id : undefined };
    },
  };
}
