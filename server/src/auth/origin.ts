/**
 * CSRF origin policy for cookie-authenticated state changes. Pure.
 *
 * Allowed: the Origin's host (with port) equals the request's Host header, or the
 * Origin is listed in the configuration. A missing or opaque (`null`) Origin is
 * refused: browsers send Origin on every cross-site POST and, today, on same-origin
 * POST/PUT/PATCH/DELETE too, so only non-browser clients omit it, and those should
 * use a bearer token (which is never checked here).
 */
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

export function isOriginAllowed(origin: string | undefined, host: string | undefined, allowedOrigins: readonly string[]): boolean {
  if (!origin || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (allowedOrigins.some((allowed) => normaliseOrigin(allowed) === url.origin)) return true;
  if (!host) return false;
  return url.host === normaliseHost(host, url.protocol);
}

function normaliseOrigin(origin: string): string | null {
  try {
    return new URL(origin).origin;
  } catch {
    return null;
  }
}

/** Lower-case, and drop a default port the Origin (per the URL standard) never shows. */
function normaliseHost(host: string, protocol: string): string {
  const lower = host.trim().toLowerCase();
  const port = DEFAULT_PORTS[protocol];
  return port && lower.endsWith(`:${port}`) ? lower.slice(0, -(port.length + 1)) : lower;
}
