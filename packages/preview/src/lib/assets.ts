import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The page's own files. */
export interface PageAssets {
  /** The browser script (the runtime bundled in). */
  script: string;
  /** The style sheet. */
  style: string;
}

let loaded: Promise<PageAssets> | undefined;

/**
 * The page's script and style sheet: built with the package (`dist/client.js`,
 * `dist/app.css`), or, when running from the TypeScript sources (tests, the
 * repository), bundled from `client/` with esbuild on first use.
 *
 * @returns The two files' text.
 */
export function pageAssets(): Promise<PageAssets> {
  loaded ??= import.meta.url.endsWith('.ts') ? fromSources() : fromBuild();
  return loaded;
}

async function fromBuild(): Promise<PageAssets> {
  const [script, style] = await Promise.all([
    readFile(new URL('./client.js', import.meta.url), 'utf8'),
    readFile(new URL('./app.css', import.meta.url), 'utf8'),
  ]);
  return { script, style };
}

async function fromSources(): Promise<PageAssets> {
  const client = new URL('../../client/', import.meta.url);
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('main.ts', client))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['qbank-source'],
    logLevel: 'silent',
  });
  const style = await readFile(new URL('app.css', client), 'utf8');
  return { script: result.outputFiles[0]!.text, style };
}
