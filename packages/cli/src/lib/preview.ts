import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentBytes, type Bundle } from '@qbank/compiler';
import type { Diagnostic } from '@qbank/core';
import type { PreviewBuild, UnpublishedItem } from '@qbank/preview';
import { discoverItems, type ProjectConfig } from '@qbank/project';
import { parse as parseYaml } from 'yaml';
import type { BuildResult } from './check.js';
import type { CliIo, CliValues } from './cli.js';
import { UsageError } from './errors.js';
import { watchBuild } from './watch.js';

/** What a test (or an embedding tool) passes to {@link runPreview}. */
export interface PreviewRunOptions {
  /** Stop the preview when aborted (besides Ctrl+C). */
  signal?: AbortSignal | undefined;
  /** Called with the page's address once the server listens. */
  onListening?: ((url: string) => void) | undefined;
}

/**
 * `qbank preview [content-dir]`: build the bank in memory with watch mode's
 * pipeline and serve it on 127.0.0.1 (unless `--host` says otherwise): the
 * student view, the notes and the author's diagnostics, updated on every save.
 * Nothing is written into the bank or the bundle's output folder (the cache,
 * `.qbank-cache/`, is kept as by any build).
 *
 * @param rest Positional arguments (an optional content directory).
 * @param values Parsed options (`--port`, `--host`, `--open`).
 * @param io Where to read and write.
 * @param options A way to stop, and to learn the address.
 * @returns The exit code (when stopped: 0).
 */
export async function runPreview(
  rest: string[],
  values: CliValues,
  io: CliIo,
  options: PreviewRunOptions = {},
): Promise<number> {
  if (rest.length > 1) throw new UsageError('preview takes at most one content directory');
  const port = values.port === undefined ? 5178 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port takes a whole number from 0 to 65535');
  const host = values.host ?? '127.0.0.1';
  const { editorLink, editorTemplate, isLoopback, startPreviewServer } = await import('@qbank/preview');
  if (!isLoopback(host)) {
    io.stderr(
      `qbank: warning: --host ${host} serves the preview to every machine that can reach this one on port ${port}: ` +
        'every item of the bank, answers and explanations included, and its diagnostics with file paths.\n',
    );
  }
  // The config of the last build: where the author view's list of drafts looks.
  let config: ProjectConfig | undefined;
  const unpublished = () => (config ? listUnpublished(config) : Promise.resolve([]));
  const server = await startPreviewServer({ host, port, unpublished }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use: choose another with --port`);
    if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${host}`);
    throw error;
  });
  io.stderr(`qbank preview: ${server.url} (Ctrl+C to stop)\n`);
  options.onListening?.(server.url);
  if (values.open) openBrowser(server.url);
  const template = editorTemplate(io.env);
  const link = template
    ? (file: string, line: number, column: number) => editorLink(template, file, line, column)
    : undefined;
  try {
    return await watchBuild(rest, { ...values, watch: true }, io, {
      onBuild: (result) => {
        config = result.config ?? config;
        server.update(previewBuild(result, io.cwd, link));
      },
      signal: options.signal,
    });
  } finally {
    await server.close();
  }
}

/** A build as the preview takes it: the bundle read from memory, diagnostics placed in the content root. */
function previewBuild(
  result: BuildResult,
  cwd: string,
  link: ((file: string, line: number, column: number) => string) | undefined,
): PreviewBuild {
  const root = result.config?.contentRoot ?? cwd;
  return {
    bundle: result.bundle ? memoryBundle(result.bundle) : undefined,
    diagnostics: result.diagnostics.map((d: Diagnostic) => {
      const absolute = path.resolve(cwd, d.file);
      return {
        file: d.file,
        source: path.relative(root, absolute).split(path.sep).join('/'),
        line: d.line,
        column: d.column,
        severity: d.severity,
        ruleId: d.ruleId,
        message: d.message,
        hint: d.hint,
        url: d.url,
        editorUrl: link?.(absolute, d.line, d.column),
      };
    }),
  };
}

function memoryBundle(bundle: Bundle): PreviewBuild['bundle'] {
  return {
    read: (file) => {
      const content = bundle.files.get(file);
      return content === undefined ? undefined : contentBytes(content);
    },
  };
}

/**
 * The drafts and items in review of the bank: the bundle leaves them out, the
 * author view lists them. Only their frontmatter is read (on request, not per build).
 */
async function listUnpublished(config: ProjectConfig): Promise<UnpublishedItem[]> {
  const { items } = await discoverItems(config, [config.contentRoot]);
  const found: UnpublishedItem[] = [];
  for (const item of items) {
    const data = frontmatterOf(await readFile(item.path, 'utf8').catch(() => ''));
    const status = data?.status;
    if (!data || (status !== 'draft' && status !== 'review')) continue;
    const strings = (value: unknown) => (Array.isArray(value) ? value : [value]).filter((v) => typeof v === 'string');
    found.push({
      source: path.relative(config.contentRoot, item.path).split(path.sep).join('/'),
      id: typeof data.id === 'string' ? data.id : null,
      kind: item.kind,
      status,
      system: strings(data.system ?? data.systems)[0] ?? null,
      disciplines: strings(data.discipline ?? data.disciplines),
      tags: strings(data.tags),
    });
  }
  return found;
}

/** A file's YAML frontmatter as data (no positions needed); none when it has none or it does not parse. */
function frontmatterOf(text: string): Record<string, unknown> | undefined {
  const block = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text.replace(/^\uFEFF/, ''));
  if (!block) return undefined;
  try {
    const data: unknown = parseYaml(block[1]!);
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Open the page in the system's browser; a failure only means the address must be opened by hand. */
function openBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    spawn(command, args, { stdio: 'ignore', detached: true })
      .on('error', () => undefined)
      .unref();
  } catch {
    // The address is printed above.
  }
}
