/**
 * Which host names this server answers to (DNS rebinding), and which browser origins
 * may act with its cookies (CSRF, cross-site WebSocket hijacking). Pure.
 *
 * A page on `evil.example` that rebinds its name to 127.0.0.1 reaches a server on
 * this machine with `Host: evil.example:8080` and, being same-origin with itself,
 * `Origin: http://evil.example:8080`. So the Host header must be one we were told
 * about, and the origin check compares the Origin with that list, never with the
 * request's own Host (which the rebinding page chooses).
 *
 * Allowed hosts: `127.0.0.1`, `localhost` and `[::1]` with the port the server listens
 * on (and the HOST it is bound to, when that is one address), the host of
 * TANDEM_PUBLIC_URL, and TANDEM_ALLOWED_HOSTS. Browsers leave a scheme's default port
 * out of the Host header (RFC 9110 §7.2 via the URL's serialisation), so an entry with
 * port 80 or 443 also matches the bare name, and an entry given without a port matches
 * the bare name and ports 80 and 443; any other port must be written out and equal.
 */

export interface Authority {
  /** Lower-case; an IPv6 address in brackets and canonical form (`[::1]`). */
  hostname: string;
  /** null when the text had no port. */
  port: number | null;
}

const DEFAULT_PORTS = new Set([80, 443]);
const NAME = /^[a-z0-9._-]+$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/** `host[:port]` as a Host header (or TANDEM_ALLOWED_HOSTS entry) carries it; null when it is not one. */
export function parseAuthority(text: string): Authority | null {
  const value = text.trim().toLowerCase();
  const colon = value.lastIndexOf(':');
  // A colon after the closing bracket (IPv6) or anywhere (a name) separates the port.
  const hasPort = colon > value.lastIndexOf(']');
  const host = hasPort ? value.slice(0, colon) : value;
  const portText = hasPort ? value.slice(colon + 1) : null;
  let port: number | null = null;
  if (portText !== null) {
    if (!/^[0-9]{1,5}$/.test(portText)) return null;
    port = Number(portText);
    if (port < 1 || port > 65535) return null;
  }
  if (IPV6.test(host)) {
    const canonical = canonicalIpv6(host);
    return canonical ? { hostname: canonical, port } : null;
  }
  if (!NAME.test(host) || host.startsWith('.') || host.includes('..')) return null;
  return { hostname: host, port };
}

function canonicalIpv6(bracketed: string): string | null {
  try {
    return new URL(`http://${bracketed}/`).hostname;
  } catch {
    return null;
  }
}

/** Whether a Host header's authority matches an allowed entry (see the header comment). */
export function authorityMatches(entry: Authority, seen: Authority): boolean {
  if (entry.hostname !== seen.hostname) return false;
  if (entry.port === seen.port) return true;
  if (seen.port === null) return entry.port === null || DEFAULT_PORTS.has(entry.port);
  if (entry.port === null) return DEFAULT_PORTS.has(seen.port);
  return false;
}

export interface HostPolicyOptions {
  /** TANDEM_PUBLIC_URL: its host is allowed, its origin may use cookies. */
  publicUrl?: string;
  /** TANDEM_ALLOWED_HOSTS entries (`host[:port]`, validated by the configuration). */
  allowedHosts: readonly string[];
  /** TANDEM_ALLOWED_ORIGINS: origins that may use cookies whatever their host. */
  allowedOrigins: readonly string[];
  /** HOST, the address listened on: allowed with the port when it is one address. */
  bindHost: string;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]', '']);

export class HostPolicy {
  private readonly configured: Authority[] = [];
  private listening: Authority[] = [];
  private readonly origins: Set<string>;

  constructor(private readonly options: HostPolicyOptions) {
    const origins = [...options.allowedOrigins];
    if (options.publicUrl) {
      const url = new URL(options.publicUrl);
      this.configured.push(parseAuthority(url.host)!);
      origins.push(url.origin);
    }
    for (const entry of options.allowedHosts) {
      const parsed = parseAuthority(entry);
      if (parsed) this.configured.push(parsed);
    }
    this.origins = new Set(origins.map(originOf).filter((o): o is string => o !== null));
  }

  /** The port is known once the server listens (PORT=0 picks one): loopback names need it. */
  listeningOn(port: number): void {
    const bind = this.options.bindHost.trim();
    const names = [...LOOPBACK_NAMES];
    if (!ANY_ADDRESS.has(bind)) names.push(bind.includes(':') && !bind.startsWith('[') ? `[${bind}]` : bind);
    this.listening = names
      .map((name) => parseAuthority(`${name}:${port}`))
      .filter((a): a is Authority => a !== null);
  }

  /** Whether a request with this Host header is for us (false when it is missing or malformed). */
  allowsHost(host: string | undefined): boolean {
    if (host === undefined) return false;
    const seen = parseAuthority(host);
    if (!seen) return false;
    return this.entries().some((entry) => authorityMatches(entry, seen));
  }

  /**
   * Whether a browser page of this origin may act with our cookies: a configured origin,
   * or an http(s) origin on an allowed host. A missing or opaque (`null`) Origin is
   * refused: browsers send Origin on every cross-site request and on same-origin
   * POST/PUT/PATCH/DELETE and WebSocket upgrades, so only non-browser clients omit it,
   * and those should use a bearer token.
   */
  allowsOrigin(origin: string | undefined): boolean {
    if (!origin || origin === 'null') return false;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (this.origins.has(url.origin)) return true;
    // `url.host` leaves out the scheme's default port, as a Host header from that page would.
    return this.allowsHost(url.host);
  }

  /** For the start-up log. */
  describe(): string[] {
    return this.entries().map((a) => (a.port === null ? a.hostname : `${a.hostname}:${a.port}`));
  }

  private entries(): Authority[] {
    return [...this.listening, ...this.configured];
  }
}

function originOf(text: string): string | null {
  try {
    return new URL(text).origin;
  } catch {
    return null;
  }
}
