import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pageAssets, type PageAssets } from './assets.js';
import { pageHtml } from './page.js';
import { commonHeaders, fileCsp, isLoopback, isLoopbackHostHeader, isUnsafePath, pageCsp } from './safety.js';
import type { MemoryBundle, PreviewBuild, PreviewState, UnpublishedItem } from './types.js';

/** Options of {@link startPreviewServer}. */
export interface PreviewServerOptions {
  /** Address to listen on. @default '127.0.0.1' */
  host?: string | undefined;
  /** Port; 0 picks a free one. @default 0 */
  port?: number | undefined;
  /** The bank's name, for the page title. @default 'qbank' */
  title?: string | undefined;
  /** The drafts and items in review (listed on request, by the author view: `/api/unpublished`). */
  unpublished?: (() => Promise<UnpublishedItem[]>) | undefined;
}

/** A running preview server. */
export interface PreviewServer {
  /** The page's address, e.g. `http://127.0.0.1:5178/`. */
  url: string;
  /** The port it listens on. */
  port: number;
  /**
   * Show a build: a new bundle (the pages open on it update in place) or, when
   * the build stopped, its diagnostics over the last good bundle.
   *
   * @param build The build's outcome.
   */
  update(build: PreviewBuild): void;
  /** The state the page reads. */
  state(): PreviewState;
  /** Stop: close the live connections and the server. */
  close(): Promise<void>;
}

/** How many bundles stay served: a page that opened one may still read its chunks after the next arrives. */
const keptBundles = 4;

const contentTypes: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
};

/**
 * Start the preview's HTTP server: the page, its script and style sheet, the
 * bundle from memory under `/bundle/<version>/`, the state as JSON and the
 * build events (server-sent events on `/events`). Nothing is read from disk
 * per request. Listens on 127.0.0.1 unless told otherwise; on a loopback
 * address requests naming another host are refused.
 *
 * @param options Where to listen.
 * @returns The running server.
 */
export async function startPreviewServer(options: PreviewServerOptions = {}): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  const assets = await pageAssets();
  const html = pageHtml(options.title ?? 'qbank');
  const bundles = new Map<number, MemoryBundle>();
  let state: PreviewState = { version: 0, build: 0, ok: false, diagnostics: [] };
  // Made once per build: a large bank's diagnostics are megabytes of JSON.
  let stateJson = JSON.stringify(state);
  const listeners = new Set<ServerResponse>();
  const checkHost = isLoopback(host);
  const server = createServer((req, res) => {
    try {
      respond(req, res, {
        assets,
        html,
        bundles,
        state,
        stateJson,
        listeners,
        checkHost,
        unpublished: options.unpublished,
      });
    } catch {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'preview error');
    }
  });
  const keepAlive = setInterval(() => {
    for (const res of listeners) res.write(': keep-alive\n\n');
  }, 15_000);
  await listen(server, host, options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    port,
    state: () => state,
    update(build) {
      const next = build.bundle ? state.version + 1 : state.version;
      if (build.bundle) {
        bundles.set(next, build.bundle);
        for (const old of bundles.keys()) if (old <= next - keptBundles) bundles.delete(old);
      }
      state = { version: next, build: state.build + 1, ok: Boolean(build.bundle), diagnostics: build.diagnostics };
      stateJson = JSON.stringify(state);
      const event = `event: build\ndata: ${JSON.stringify({ version: state.version, build: state.build, ok: state.ok })}\n\n`;
      for (const res of listeners) res.write(event);
    },
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(keepAlive);
        for (const res of listeners) res.end();
        listeners.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** What a request is answered from. */
interface Served {
  assets: PageAssets;
  html: string;
  bundles: Map<number, MemoryBundle>;
  state: PreviewState;
  stateJson: string;
  unpublished: (() => Promise<UnpublishedItem[]>) | undefined;
  listeners: Set<ServerResponse>;
  checkHost: boolean;
}

function respond(req: IncomingMessage, res: ServerResponse, served: Served): void {
  const raw = req.url ?? '/';
  const rawPath = raw.split('?')[0]!;
  if (served.checkHost && !isLoopbackHostHeader(req.headers.host)) {
    return send(res, 403, 'text/plain; charset=utf-8', 'refused: the preview answers requests for 127.0.0.1 only');
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only');
  if (!rawPath.startsWith('/') || isUnsafePath(rawPath)) {
    return send(res, 400, 'text/plain; charset=utf-8', 'refused: the path leaves the preview');
  }
  const route = decodeURIComponent(rawPath);
  if (route === '/' || route === '/index.html') return send(res, 200, 'text/html; charset=utf-8', served.html, pageCsp);
  if (route === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', served.assets.script, pageCsp);
  if (route === '/app.css') return send(res, 200, 'text/css; charset=utf-8', served.assets.style, pageCsp);
  if (route === '/api/state') return send(res, 200, 'application/json; charset=utf-8', served.stateJson);
  if (route === '/events') return openEvents(req, res, served);
  if (route === '/api/unpublished') return void sendUnpublished(res, served);
  const file = /^\/bundle\/(\d+)\/(.+)$/.exec(route);
  if (file) {
    const bytes = served.bundles.get(Number(file[1]))?.read(file[2]!);
    const extension = /\.([a-z0-9]+)$/i.exec(file[2]!)?.[1]?.toLowerCase() ?? '';
    if (bytes) return send(res, 200, contentTypes[extension] ?? 'application/octet-stream', bytes, fileCsp);
  }
  send(res, 404, 'text/plain; charset=utf-8', 'not found');
}

async function sendUnpublished(res: ServerResponse, served: Served): Promise<void> {
  let list: UnpublishedItem[] = [];
  try {
    list = (await served.unpublished?.()) ?? [];
  } catch {
    // A folder gone while it was listed: nothing to show this time.
  }
  send(res, 200, 'application/json; charset=utf-8', JSON.stringify(list));
}

function openEvents(req: IncomingMessage, res: ServerResponse, served: Served): void {
  res.writeHead(200, {
    ...commonHeaders,
    'content-type': 'text/event-stream; charset=utf-8',
    connection: 'keep-alive',
  });
  const { version, build, ok } = served.state;
  res.write(`retry: 1000\nevent: hello\ndata: ${JSON.stringify({ version, build, ok })}\n\n`);
  served.listeners.add(res);
  req.on('close', () => served.listeners.delete(res));
}

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, csp = pageCsp): void {
  res.writeHead(status, { ...commonHeaders, 'content-security-policy': csp, 'content-type': type });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
