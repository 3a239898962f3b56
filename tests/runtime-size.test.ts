// @qbank/runtime: what it costs an app, minified and gzipped, as an app's bundler (esbuild) would ship it.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

const entry = path.join(repoRoot, 'packages/runtime/src/index.ts');

/** Bundle some of the runtime's exports for browsers, minified; gzip the result. */
async function measure(exports: string) {
  const result = await build({
    stdin: {
      contents: `export ${exports === '*' ? '*' : `{ ${exports} }`} from ${JSON.stringify(entry)};`,
      resolveDir: repoRoot,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // Workspace packages (@qbank/bundle) from their sources, as tests read them.
    conditions: ['qbank-source'],
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = (result.metafile as Metafile).outputs[Object.keys(result.metafile.outputs)[0]!]!.inputs;
  const byPackage: Record<string, number> = {};
  for (const [file, { bytesInOutput }] of Object.entries(inputs)) {
    const name =
      /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?([^/]+)/.exec(file)?.[1] ??
      `@qbank/${/packages\/([^/]+)\//.exec(file)?.[1] ?? 'runtime'}`;
    byPackage[name] = (byPackage[name] ?? 0) + bytesInOutput;
  }
  return {
    minified: code.length,
    gzipped: gzipSync(code, { level: 9 }).length,
    byPackage,
    inputs: Object.keys(result.metafile.inputs),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('size', () => {
  it('reports the minified and gzipped size of the whole runtime and of a loader-only app', async () => {
    const all = await measure('*');
    const core = await measure('openBundle, fromUrl, assembleBlock, scoreBlock');
    console.log(
      [
        `@qbank/runtime, everything: ${kb(all.minified)} minified, ${kb(all.gzipped)} gzipped`,
        `  minified by package: ${Object.entries(all.byPackage)
          .map(([p, b]) => `${p} ${kb(b)}`)
          .join(', ')}`,
        `open + blocks + scoring only (no search, no scheduler): ${kb(core.minified)} minified, ${kb(core.gzipped)} gzipped`,
      ].join('\n'),
    );
    // The main entry runs in browsers and React Native: nothing from Node.
    expect(all.inputs.filter((file) => file.startsWith('node:'))).toEqual([]);
    expect(Object.keys(all.byPackage).sort()).toEqual(['@qbank/bundle', '@qbank/runtime', 'minisearch', 'ts-fsrs']);
    // Tree-shaking drops MiniSearch and ts-fsrs when an app neither searches nor schedules cards (and
    // the bundle contract's diff when it does not compare releases).
    expect(Object.keys(core.byPackage)).toEqual(['@qbank/runtime']);
    // A generous budget: a regression (a heavy dependency) fails here, not in an app review.
    expect(all.gzipped).toBeLessThan(40 * 1024);
  });
});
