/**
 * The Content-Security-Policy of the preview's page: its own script and
 * style sheet only, images from itself, requests to itself. Bundle HTML is
 * sanitized when it is built; this policy keeps anything that slipped through
 * inert (no inline script, no event handler attribute, no remote load).
 */
export const pageCsp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The policy of the bundle's own files (JSON, images): a sandbox, nothing runs even when opened directly. */
export const fileCsp = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

/** Headers every response carries. */
export const commonHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

/**
 * Decode a request path the way a server that maps paths to files might,
 * repeatedly (`%252e` is `%2e` is `.`), and say whether any form of it steps
 * outside the root or holds what no served path holds: a `..` segment, a
 * backslash, a NUL, a drive letter. The preview serves from memory and never
 * maps a path to a file, but refuses such paths outright all the same.
 *
 * @param rawPath The request's path as sent (without the query).
 * @returns `true` when the path must be refused.
 */
export function isUnsafePath(rawPath: string): boolean {
  let current = rawPath;
  for (let round = 0; round < 4; round++) {
    if (/(^|[/\\])\.\.?([/\\]|$)/.test(current) || /[\\\0]/.test(current) || /(^|\/)[a-z]:/i.test(current)) {
      return true;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return true; // A malformed escape: nothing we serve has one.
    }
    if (decoded === current) return false;
    current = decoded;
  }
  return true; // Encoded four times over: no path of ours is.
}

/** Host names that mean this machine. */
const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Whether a host name is this machine only.
 *
 * @param host A host name or address.
 * @returns `true` for `127.0.0.1` (or any `127.x`), `localhost` and `::1`.
 */
export function isLoopback(host: string): boolean {
  return loopbackNames.has(host.toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * Whether a request's `Host` header names this machine. A page on another
 * site that points a domain of its own at 127.0.0.1 (DNS rebinding) sends its
 * own name: refused, so that it cannot read the bank.
 *
 * @param hostHeader The `Host` header.
 * @returns `true` when the host part is a loopback name.
 */
export function isLoopbackHostHeader(hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.startsWith('[')
    ? hostHeader.slice(0, hostHeader.indexOf(']') + 1)
    : hostHeader.split(':')[0]!;
  return isLoopback(host);
}
