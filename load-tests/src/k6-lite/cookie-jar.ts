/**
 * A per-VU cookie jar as k6 keeps one (Go's net/http/cookiejar): Set-Cookie is stored
 * per host (ports do not separate cookies, RFC 6265), sent back on later requests whose
 * host, path and scheme match, and dropped when expired. Pure: the clock is passed in.
 */
interface StoredCookie {
  name: string;
  value: string;
  /** Host the cookie was set by, or the Domain attribute (then subdomains match too). */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  expiresAt: number | null;
}

function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

export class CookieJar {
  private cookies: StoredCookie[] = [];

  /** Stores the response's Set-Cookie headers (one string each) for `url`. */
  store(url: string, setCookies: readonly string[], now = Date.now()): void {
    const target = new URL(url);
    for (const header of setCookies) {
      const [pair = '', ...attrs] = header.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const cookie: StoredCookie = {
        name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), domain: target.hostname, hostOnly: true,
        path: defaultPath(target.pathname), secure: false, expiresAt: null,
      };
      let maxAge: number | null = null;
      let foreign = false;
      for (const attr of attrs) {
        const [rawKey = '', ...rest] = attr.split('=');
        const key = rawKey.trim().toLowerCase();
        const value = rest.join('=').trim();
        if (key === 'path' && value.startsWith('/')) cookie.path = value;
        else if (key === 'domain' && value) {
          const domain = value.replace(/^\./, '').toLowerCase();
          // A host may only set cookies for itself or a parent domain; others are dropped whole.
          if (target.hostname !== domain && !target.hostname.endsWith(`.${domain}`)) foreign = true;
          cookie.domain = domain;
          cookie.hostOnly = false;
        } else if (key === 'secure') cookie.secure = true;
        else if (key === 'max-age' && /^-?\d+$/.test(value)) maxAge = Number(value);
        else if (key === 'expires' && cookie.expiresAt === null && !Number.isNaN(Date.parse(value))) cookie.expiresAt = Date.parse(value);
      }
      if (foreign) continue;
      if (maxAge !== null) cookie.expiresAt = now + maxAge * 1000; // Max-Age wins over Expires
      this.cookies = this.cookies.filter((c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path));
      if (cookie.expiresAt === null || cookie.expiresAt > now) this.cookies.push(cookie);
    }
  }

  /** The Cookie header for a request to `url`, or null when no cookie applies. */
  header(url: string, now = Date.now()): string | null {
    const target = new URL(url);
    const secure = target.protocol === 'https:' || target.protocol === 'wss:';
    this.cookies = this.cookies.filter((c) => c.expiresAt === null || c.expiresAt > now);
    const matching = this.cookies
      .filter((c) => (c.hostOnly ? target.hostname === c.domain : target.hostname === c.domain || target.hostname.endsWith(`.${c.domain}`)))
      .filter((c) => pathMatches(target.pathname, c.path) && (!c.secure || secure))
      .sort((a, b) => b.path.length - a.path.length); // longer paths first, as RFC 6265 asks
    return matching.length ? matching.map((c) => `${c.name}=${c.value}`).join('; ') : null;
  }
}
