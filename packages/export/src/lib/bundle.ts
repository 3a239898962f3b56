import type { BundleQuestion, LoadedBundle, ManifestTaxonomyEntry } from '@qbank/runtime';

/**
 * The published questions of a bundle, by id, each with its answer,
 * rationales and explanation (in the exam profile these come from
 * `answers/`). Every file is verified against the manifest by the runtime.
 *
 * @param bundle An opened bundle.
 * @param ids Only these questions, in this order; all when omitted.
 * @returns The questions.
 */
export async function loadQuestions(bundle: LoadedBundle, ids?: readonly string[]): Promise<BundleQuestion[]> {
  const all = ids ?? bundle.items.filter((item) => item.type === 'question').map((item) => item.id);
  return bundle.questions(all);
}

/** Labels of the taxonomy entries a question is tagged with. */
export interface Labels {
  /**
   * The label of a taxonomy entry.
   *
   * @param axis `systems`, `disciplines` or `competencies`.
   * @param id The entry's id.
   * @returns Its label, or the id when the taxonomy has none.
   */
  label(axis: 'systems' | 'disciplines' | 'competencies', id: string): string;
}

/**
 * Look up taxonomy labels from the bundle's manifest.
 *
 * @param bundle An opened bundle.
 * @returns The lookup.
 */
export function taxonomyLabels(bundle: LoadedBundle): Labels {
  const maps = new Map<string, Map<string, ManifestTaxonomyEntry>>();
  for (const axis of ['systems', 'disciplines', 'competencies'] as const) {
    maps.set(axis, new Map(bundle.manifest.taxonomy[axis].map((entry) => [entry.id, entry])));
  }
  return { label: (axis, id) => maps.get(axis)!.get(id)?.label ?? id };
}

/** An image a question uses, as it goes into an export. */
export interface ExportAsset {
  /** Path in the bundle, `assets/<hash>.<ext>`. */
  path: string;
  /** Its bytes, verified against the manifest. */
  bytes: Uint8Array;
  /** Its media type, from the manifest. */
  mediaType: string;
}

/**
 * Read the images questions refer to, once each, verified against the
 * manifest (a missing or changed file is a `BundleError` from the runtime).
 *
 * @param bundle An opened bundle.
 * @param paths Asset paths as the HTML names them.
 * @returns The assets, sorted by path.
 */
export async function readAssets(bundle: LoadedBundle, paths: Iterable<string>): Promise<ExportAsset[]> {
  const types = new Map(bundle.manifest.assets.map((asset) => [asset.path, asset.mediaType]));
  const assets: ExportAsset[] = [];
  for (const path of [...new Set(paths)].sort()) {
    assets.push({ path, bytes: await bundle.readFile(path), mediaType: types.get(path) ?? 'application/octet-stream' });
  }
  return assets;
}

/**
 * An identifier for QTI and IMS content packages (an XML NCName): the
 * question id when it is one (qbank ids are lowercase letters, digits and
 * hyphens), else the id after `q-`.
 *
 * @param id A qbank id.
 * @returns The identifier.
 */
export function ncName(id: string): string {
  return /^[A-Za-z_][\w.-]*$/.test(id) ? id : `q-${id.replace(/[^\w.-]/g, '_')}`;
}
