import type { ManifestFile } from './types.js';
import { encodeUtf8 } from './utf8.js';

/**
 * Where a bundle's files come from. The app passes one to {@link openBundle};
 * the runtime asks it for one file at a time and verifies every byte itself.
 *
 * @example
 * ```ts
 * const source: BundleSource = { read: (path) => myStorage.readBytes(`bundle/${path}`) };
 * ```
 */
export interface BundleSource {
  /**
   * Read one file of the bundle.
   *
   * @param path `/`-separated path relative to the bundle root, e.g. `questions/cardiovascular.json`.
   * @param file The manifest's entry for the file (absent for `manifest.json`), e.g. to bust caches.
   * @returns The file's bytes; reject when the file cannot be read.
   */
  read(path: string, file?: ManifestFile): Promise<Uint8Array>;
}

/** The part of a `fetch` response {@link fromUrl} uses. */
export interface FetchResponseLike {
  /** Whether the status is 2xx. */
  ok: boolean;
  /** HTTP status. */
  status: number;
  /** The response body. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A `fetch` function (the platform's, or one that adds auth headers). */
export type FetchLike = (url: string, init?: { cache?: 'no-cache' | 'default' }) => Promise<FetchResponseLike>;

/** Options of {@link fromUrl}. */
export interface FromUrlOptions {
  /** The fetch to use. @default globalThis.fetch */
  fetch?: FetchLike;
  /**
   * Add `?v=<first 16 hex digits of the file's sha256>` to every file URL but the
   * manifest's, so an HTTP cache never serves a chunk of an older release
   * (chunk names are stable across releases). The manifest is fetched with
   * `cache: 'no-cache'`. @default true
   */
  cacheBust?: boolean;
}

/**
 * A source that fetches a bundle published at a URL (web and React Native).
 *
 * @param baseUrl URL of the bundle root (the directory of `manifest.json`); relative URLs resolve against the page.
 * @param options Fetch and caching options.
 * @returns The source.
 * @example
 * ```ts
 * const bundle = await openBundle(fromUrl('https://cdn.example.org/bank/1.4.0/'));
 * ```
 */
export function fromUrl(baseUrl: string | URL, options: FromUrlOptions = {}): BundleSource {
  const fetchImpl = options.fetch ?? (globalThis as unknown as { fetch: FetchLike }).fetch.bind(globalThis);
  // Plain string joins, no URL API: React Native's URL lacks most of it.
  let base = String(baseUrl);
  const page = (globalThis as { location?: { href: string } }).location?.href;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(base) && page) base = new URL(base, page).href;
  if (!base.endsWith('/')) base += '/';
  return {
    async read(path, file) {
      let url = base + path.split('/').map(encodeURIComponent).join('/');
      if (file && options.cacheBust !== false) url += `?v=${file.sha256.slice(0, 16)}`;
      const response = await fetchImpl(url, file ? undefined : { cache: 'no-cache' });
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/**
 * A source over files already in memory: bytes or text by path (an unzipped
 * archive, files bundled into a React Native app, tests).
 *
 * @param files File contents keyed by path relative to the bundle root.
 * @returns The source.
 */
export function fromFiles(
  files: Readonly<Record<string, Uint8Array | string>> | ReadonlyMap<string, Uint8Array | string>,
): BundleSource {
  const map: ReadonlyMap<string, Uint8Array | string> = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    async read(path) {
      const content = map.get(path);
      if (content === undefined) throw new Error(`no file \`${path}\``);
      return typeof content === 'string' ? encodeUtf8(content) : content;
    },
  };
}
