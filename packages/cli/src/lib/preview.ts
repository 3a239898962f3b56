import { spawn } from 'node:child_process';
import path from 'node:path';
import { contentBytes, type Bundle } from '@qbank/compiler';
import type { Diagnostic } from '@qbank/core';
import type { PreviewBuild } from '@qbank/preview';
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
  const server = await startPreviewServer({ host, port }).catch((error: NodeJS.ErrnoException) => {
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
      onBuild: (result) => server.update(previewBuild(result, io.cwd, link)),
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
