import {
  BundleFormatError,
  BundleIntegrityError,
  BundleReadError,
  UnknownItemError,
  supportedBundleFormat,
} from './errors.js';
import { sha256, type Digest } from './sha256.js';
import type { BundleSource } from './source.js';
import type {
  AnswersChunk,
  BundleExamQuestion,
  BundleGlossary,
  BundleManifest,
  BundleNote,
  BundleQuestion,
  Changelog,
  Curriculum,
  ManifestFile,
  ManifestItem,
  NoteChunk,
  QuestionChunk,
} from './types.js';
import { decodeUtf8 } from './utf8.js';

/** Options of {@link openBundle}. */
export interface OpenOptions {
  /**
   * The expected hex sha256 of `manifest.json`, when the app knows it (from a
   * release feed or pinned in the app): the manifest is the one file the bundle
   * cannot vouch for itself.
   */
  manifestSha256?: string;
  /** The SHA-256 implementation. @default Web Crypto, else a built-in JavaScript one */
  digest?: Digest;
}

/**
 * An opened bundle. Only `manifest.json` is read when it opens; each chunk is
 * read on first use, verified against the manifest, parsed once and cached.
 */
export interface LoadedBundle {
  /** The manifest. */
  readonly manifest: BundleManifest;
  /** The item index (`manifest.items`): list and filter without loading chunks. */
  readonly items: readonly ManifestItem[];
  /**
   * Look an item up in the index.
   *
   * @param id Item id.
   * @returns The index entry, or `undefined`.
   */
  item(id: string): ManifestItem | undefined;
  /**
   * Load one question with its answer, rationales and explanation (in the exam
   * profile these come from `answers/<system>.json`).
   *
   * @param id Question id.
   * @returns The question.
   * @throws {UnknownItemError} when there is no such question.
   */
  question(id: string): Promise<BundleQuestion>;
  /**
   * Load questions, in the order asked (chunks are read in parallel).
   *
   * @param ids Question ids; all questions when omitted.
   * @returns The questions.
   */
  questions(ids?: readonly string[]): Promise<BundleQuestion[]>;
  /**
   * Load one note.
   *
   * @param id Note id.
   * @returns The note.
   * @throws {UnknownItemError} when there is no such note.
   */
  note(id: string): Promise<BundleNote>;
  /**
   * Load notes, in the order asked.
   *
   * @param ids Note ids; all notes when omitted.
   * @returns The notes.
   */
  notes(ids?: readonly string[]): Promise<BundleNote[]>;
  /**
   * Read any file listed in the manifest (an image, for example), verified.
   *
   * @param path Path relative to the bundle root.
   * @returns The bytes.
   */
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Read and parse a JSON file listed in the manifest, verified; cached per path.
   *
   * @param path Path relative to the bundle root.
   * @returns The parsed JSON.
   */
  readJson<T>(path: string): Promise<T>;
  /**
   * The bundle's `changelog.json`.
   *
   * @returns The changelog, or `null` when the bundle has none.
   */
  changelog(): Promise<Changelog | null>;
  /**
   * The bundle's `curriculum.json` (per system, notes in study order).
   *
   * @returns The curriculum, or `null` when the bundle has none.
   */
  curriculum(): Promise<Curriculum | null>;
  /**
   * The bank's glossary (`glossary.json`): every term with its variants,
   * plain-language definition, translations and note. A question's `terms`
   * name entries by their index in `terms`; {@link termOccurrences} joins the two.
   *
   * @returns The glossary, or `null` when the bundle has none (no glossary in the bank, or format 1.0).
   */
  glossary(): Promise<BundleGlossary | null>;
}

const manifestPath = 'manifest.json';

function parseJson(path: string, bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decodeUtf8(bytes));
  } catch (error) {
    throw new BundleFormatError(path, null, `not JSON (${(error as Error).message})`);
  }
}

function checkManifest(value: unknown): BundleManifest {
  const manifest = value as Partial<BundleManifest> | null;
  const found = typeof manifest?.bundleFormat === 'string' ? manifest.bundleFormat : null;
  const major = found?.match(/^(\d+)\.\d+\.\d+/)?.[1];
  if (major === undefined) throw new BundleFormatError(manifestPath, found, 'no `bundleFormat` version');
  if (Number(major) !== supportedBundleFormat) throw new BundleFormatError(manifestPath, found);
  for (const key of ['items', 'files', 'tombstones'] as const) {
    if (!Array.isArray(manifest![key])) throw new BundleFormatError(manifestPath, found, `no \`${key}\` list`);
  }
  if (typeof manifest!.taxonomy !== 'object' || manifest!.taxonomy === null) {
    throw new BundleFormatError(manifestPath, found, 'no `taxonomy`');
  }
  return manifest as BundleManifest;
}

async function readBytes(source: BundleSource, path: string, file?: ManifestFile): Promise<Uint8Array> {
  try {
    return await source.read(path, file);
  } catch (error) {
    throw new BundleReadError(path, error);
  }
}

/**
 * Open a bundle: read `manifest.json`, refuse a format this runtime does not
 * know, and return a handle that loads and verifies the rest on demand.
 *
 * @param source Where the files come from: {@link fromUrl}, {@link fromFiles}, `fromDirectory` from `@qbank/runtime/node`, or your own.
 * @param options Integrity options.
 * @returns The opened bundle.
 * @throws {BundleFormatError} when the manifest is not a bundle manifest or has an unknown major version.
 * @throws {BundleReadError} when the manifest cannot be read.
 * @example
 * ```ts
 * const bundle = await openBundle(fromUrl('/bundle/'));
 * const question = await bundle.question(bundle.items[0].id);
 * ```
 */
export async function openBundle(source: BundleSource, options: OpenOptions = {}): Promise<LoadedBundle> {
  const digest = options.digest ?? sha256;
  const manifest = await readManifest(source, digest, options.manifestSha256);
  const reader = new ChunkReader(source, digest, manifest);
  const idsOf = (type: 'question' | 'note') => manifest.items.filter((i) => i.type === type).map((i) => i.id);
  const question = (id: string) => reader.question(id);
  const note = (id: string) => reader.note(id);
  return {
    manifest,
    items: manifest.items,
    item: (id) => reader.index.get(id),
    question,
    questions: (ids = idsOf('question')) => Promise.all(ids.map(question)),
    note,
    notes: (ids = idsOf('note')) => Promise.all(ids.map(note)),
    readFile: (path) => reader.readFile(path),
    readJson: (path) => reader.readJson(path),
    changelog: () => reader.optional<Changelog>('changelog.json'),
    curriculum: () => reader.optional<Curriculum>('curriculum.json'),
    glossary: () => reader.optional<BundleGlossary>('glossary.json'),
  };
}

/** Read `manifest.json`, check its digest when one is given, and check it is a manifest this runtime reads. */
async function readManifest(
  source: BundleSource,
  digest: Digest,
  expected: string | undefined,
): Promise<BundleManifest> {
  const raw = await readBytes(source, manifestPath);
  if (expected !== undefined) {
    const actual = await digest(raw);
    if (actual !== expected.toLowerCase()) throw new BundleIntegrityError(manifestPath, 'digest', expected, actual);
  }
  return checkManifest(parseJson(manifestPath, raw));
}

/**
 * The files of an opened bundle, each verified against the manifest when read
 * and parsed once; a failed read is not kept, so the next call tries again.
 */
class ChunkReader {
  readonly index: Map<string, ManifestItem>;
  private readonly files: Map<string, ManifestFile>;
  private readonly json = new Map<string, Promise<unknown>>();
  private readonly byId = new Map<string, Promise<Map<string, unknown>>>();

  constructor(
    private readonly source: BundleSource,
    private readonly digest: Digest,
    private readonly manifest: BundleManifest,
  ) {
    this.files = new Map(manifest.files.map((f) => [f.path, f]));
    this.index = new Map(manifest.items.map((i) => [i.id, i]));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const file = this.files.get(path);
    if (!file) throw new BundleIntegrityError(path, 'unlisted', null, 'unlisted');
    const bytes = await readBytes(this.source, path, file);
    if (bytes.length !== file.size)
      throw new BundleIntegrityError(path, 'size', String(file.size), String(bytes.length));
    const actual = await this.digest(bytes);
    if (actual !== file.sha256) throw new BundleIntegrityError(path, 'digest', file.sha256, actual);
    return bytes;
  }

  readJson<T>(path: string): Promise<T> {
    return once(this.json, path, () => this.readFile(path).then((bytes) => parseJson(path, bytes))) as Promise<T>;
  }

  optional<T>(path: string): Promise<T | null> {
    return this.files.has(path) ? this.readJson<T>(path) : Promise.resolve(null);
  }

  async question(id: string): Promise<BundleQuestion> {
    const [item, entry] = await this.find<QuestionChunk['items'][number]>(id, 'question');
    if ('answer' in item) return item;
    const answersPath = entry.chunk.replace(/^questions\//, 'answers/');
    const key = (await this.entries<AnswersChunk['items'][number]>(answersPath)).get(id);
    if (!key) throw new BundleFormatError(answersPath, this.manifest.bundleFormat, `no answer for \`${id}\``);
    return merge(item, key);
  }

  async note(id: string): Promise<BundleNote> {
    return (await this.find<NoteChunk['items'][number]>(id, 'note'))[0];
  }

  private entries<T extends { id: string }>(path: string): Promise<Map<string, T>> {
    return once(this.byId, path, () =>
      this.readJson<{ items: T[] }>(path).then((chunk) => {
        if (!Array.isArray(chunk?.items)) {
          throw new BundleFormatError(path, this.manifest.bundleFormat, 'no `items` list');
        }
        return new Map(chunk.items.map((item) => [item.id, item]));
      }),
    ) as Promise<Map<string, T>>;
  }

  private async find<T>(id: string, type: 'question' | 'note'): Promise<[T, ManifestItem]> {
    const entry = this.index.get(id);
    if (entry?.type !== type) throw new UnknownItemError(id, type);
    const item = (await this.entries<{ id: string }>(entry.chunk)).get(id);
    if (!item) {
      const problem = `no item \`${id}\` although the manifest says so`;
      throw new BundleFormatError(entry.chunk, this.manifest.bundleFormat, problem);
    }
    return [item as T, entry];
  }
}

/** The pending result kept under `key`, made by `make` the first time; dropped again if it fails. */
function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let pending = cache.get(key);
  if (!pending) {
    pending = make();
    pending.catch(() => cache.delete(key));
    cache.set(key, pending);
  }
  return pending;
}

function merge(item: BundleExamQuestion, key: AnswersChunk['items'][number]): BundleQuestion {
  return {
    ...item,
    choices: item.choices.map((c) => ({ ...c, rationale: key.rationales[c.letter] ?? null })),
    answer: key.answer,
    explanation: key.explanation,
    objective: key.objective,
    references: key.references,
  };
}
