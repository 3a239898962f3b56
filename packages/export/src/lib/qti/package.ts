import { assembleBlock, type BlueprintRanges, type ItemFilter, type LoadedBundle } from '@qbank/runtime';
import { loadQuestions, ncName, readAssets, taxonomyLabels } from '../bundle.js';
import { zipFiles } from '../zip.js';
import { buildItem } from './item.js';
import { buildManifest, type PackageResource } from './manifest.js';
import type { QtiVersion } from './names.js';
import { buildTest } from './test.js';

/** Options of {@link buildQtiPackage}. */
export interface QtiExportOptions {
  /** QTI version. @default '3.0' */
  version?: QtiVersion;
  /**
   * Also write an assessment test of this many questions, chosen with the
   * runtime's `assembleBlock` (blueprint-proportional, seeded): the same
   * size, seed and bundle give the same test.
   */
  block?: QtiTestForm;
}

/** An assessment test to assemble: what `--block size,seed` and a `--form` file say. */
export interface QtiTestForm {
  /** Number of questions (fewer when the pool is smaller). */
  size: number;
  /** Seed: the same seed and bundle give the same questions in the same order. */
  seed: string;
  /** The test's title. @default `<bank name>: <n> questions (seed <seed>)` */
  title?: string;
  /** Which questions may be used (the runtime's `ItemFilter`). */
  filter?: ItemFilter;
  /** Blueprint ranges per spec group and discipline. @default the manifest's taxonomy ranges */
  ranges?: BlueprintRanges;
}

/** A QTI content package. */
export interface QtiPackage {
  /** The zip's bytes. */
  bytes: Uint8Array;
  /** The files in the zip, by path. */
  files: Map<string, Uint8Array>;
  /** Item identifiers, by question id order. */
  items: string[];
  /** Image files copied into the package. */
  assets: number;
  /** Path of the assessment test, or `null` without `block`. */
  test: string | null;
}

const encoder = new TextEncoder();
const assetId = (path: string) => ncName(`asset-${path.replace(/^assets\//, '').replace(/\.[^.]+$/, '')}`);

async function blockTest(
  bundle: LoadedBundle,
  options: Required<QtiExportOptions>,
  identifiers: Map<string, string>,
): Promise<{ path: string; identifier: string; xml: string; items: string[] }> {
  const { size, seed, filter, ranges } = options.block;
  const block = await assembleBlock(bundle, {
    seed,
    size,
    blueprint: 'proportional',
    ...(filter ? { filter } : {}),
    ...(ranges ? { ranges } : {}),
  });
  const identifier = ncName(`block-${size}-${seed}`.replace(/[^\w.-]/g, '-'));
  const items = block.questions.map((question) => identifiers.get(question.id)!);
  const xml = buildTest({
    identifier,
    title: options.block.title ?? `${bundle.manifest.bank.name}: ${items.length} questions (seed ${seed})`,
    version: options.version,
    items: items.map((id) => ({ identifier: id, href: `../items/${id}.xml` })),
  });
  return { path: `tests/${identifier}.xml`, identifier, xml, items };
}

/**
 * Export the published questions of a bundle as an IMS content package of
 * QTI 3.0 (or 2.1) items: `imsmanifest.xml`, `items/<id>.xml` (one item per
 * question: a single-answer choice interaction scored with `match_correct`, the rationales and
 * the explanation as modal feedback), `assets/` (the images, referenced from the
 * items as `../assets/...`) and, with `block`, `tests/<id>.xml`.
 *
 * Note: the same bundle and options always give the same bytes (sorted
 * entries, fixed zip timestamps, nothing from the clock).
 *
 * @param bundle An opened bundle (`openBundle(fromDirectory(dir))`); every file it reads is verified.
 * @param options Version and optional test.
 * @returns The package.
 * @example
 * const pkg = await buildQtiPackage(await openBundle(fromDirectory('dist/bundle')), { version: '3.0' });
 * await writeFile('bank.zip', pkg.bytes);
 */
export async function buildQtiPackage(bundle: LoadedBundle, options: QtiExportOptions = {}): Promise<QtiPackage> {
  const version = options.version ?? '3.0';
  const questions = await loadQuestions(bundle);
  const files = new Map<string, Uint8Array>();
  const resources: PackageResource[] = [];
  const images = new Set<string>();
  const identifiers = new Map<string, string>();
  for (const question of questions) {
    const item = buildItem(question, version, (src) => `../${src}`);
    const href = `items/${item.identifier}.xml`;
    const bytes = encoder.encode(item.xml);
    files.set(href, bytes);
    identifiers.set(question.id, item.identifier);
    for (const src of item.images.keys()) images.add(src);
    resources.push({
      identifier: item.identifier,
      kind: 'item',
      href,
      bytes,
      dependencies: [...item.images.keys()].sort().map(assetId),
      question,
      entry: bundle.item(question.id),
    });
  }
  const assets = await readAssets(bundle, images);
  for (const asset of assets) {
    files.set(asset.path, asset.bytes);
    resources.push({
      identifier: assetId(asset.path),
      kind: 'asset',
      href: asset.path,
      bytes: asset.bytes,
      mediaType: asset.mediaType,
      dependencies: [],
    });
  }
  let test: string | null = null;
  if (options.block) {
    const built = await blockTest(bundle, { version, block: options.block }, identifiers);
    const bytes = encoder.encode(built.xml);
    files.set(built.path, bytes);
    resources.push({ identifier: built.identifier, kind: 'test', href: built.path, bytes, dependencies: built.items });
    test = built.path;
  }
  const { manifest } = bundle;
  const manifestXml = buildManifest(
    {
      identifier: ncName(`qbank-${manifest.bank.name}-${manifest.bank.version}`.replace(/[^\w.-]+/g, '-')),
      title: manifest.bank.name,
      version: manifest.bank.version,
      qti: version,
      resources,
    },
    taxonomyLabels(bundle),
  );
  files.set('imsmanifest.xml', encoder.encode(manifestXml));
  return { bytes: zipFiles(files), files, items: [...identifiers.values()], assets: assets.length, test };
}
