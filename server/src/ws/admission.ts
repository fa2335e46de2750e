/**
 * Upgrade at once, decide in `open`.
 *
 * Authentication and membership are async (PostgreSQL). Upgrading only after that
 * decision means calling `res.upgrade()` from a promise callback, and uWebSockets.js
 * v20.30 mishandles that: inside `res.cork()` it closes the new socket at random
 * (uWebSockets.js#1108: a 1006 right after `open`, about one connection in 2,000
 * under load), and outside a cork it prints a warning per upgrade. So the upgrade is
 * synchronous, inside uWS's own handler, and the decision is taken in `open`:
 * messages that arrive meanwhile are kept (bounded) and handled, in order, once the
 * socket is admitted. A refusal closes with its code, as before: browsers and
 * y-websocket only ever see WebSocket close codes, never an HTTP status. The first
 * check, on every endpoint, is the Host header (4421 MISDIRECTED, see
 * `http/host-policy.ts`): a rebinding page is refused before any credential is read.
 */
import type { HttpRequest, HttpResponse, WebSocket } from '../uws';
import type { us_socket_context_t } from 'uWebSockets.js';
import { DatabaseUnavailableError, translateDatabaseError } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { UpgradeRefused, type UpgradeRequest } from './upgrade-request';

/** Messages a client may send before it is admitted (a y-websocket client sends two). */
const MAX_EARLY_BYTES = 1024 * 1024;

export interface Gated<U> {
  request: UpgradeRequest;
  /** Set once admitted. */
  admitted: U | null;
  /** Kept until the decision; null after it. */
  early: Array<{ bytes: ArrayBuffer; isBinary: boolean }> | null;
  earlyBytes: number;
  closed: boolean;
}

/** The upgrade handler: copies what the decision needs from `req`, upgrades synchronously. */
export function upgradeNow(res: HttpResponse, req: HttpRequest, context: us_socket_context_t): void {
  const headers: Record<string, string> = {};
  req.forEach((k, v) => {
    headers[k] = v;
  });
  const gated: Gated<never> = {
    request: { url: req.getUrl(), query: new URLSearchParams(req.getQuery() ?? ''), headers },
    admitted: null,
    early: [],
    earlyBytes: 0,
    closed: false,
  };
  res.upgrade(
    gated,
    headers['sec-websocket-key'] ?? '',
    headers['sec-websocket-protocol'] ?? '',
    headers['sec-websocket-extensions'] ?? '',
    context,
  );
}

export interface AdmissionHandlers<U, S extends Gated<U>> {
  /** The Host check (DNS rebinding): a socket for another host name is refused before `decide`. */
  hostAllowed(host: string | undefined): boolean;
  decide(request: UpgradeRequest): Promise<U>;
  /** The socket is admitted: set up the session. Runs corked. */
  admitted(ws: WebSocket<S>, data: U): void;
  /** One client message, after admission (early ones replayed in order). */
  message(ws: WebSocket<S>, bytes: ArrayBuffer, isBinary: boolean): void;
  refused(code: number): void;
  error(err: unknown): void;
}

/** The `open` handler: takes the decision, then admits (replaying early messages) or closes. */
export function admit<U, S extends Gated<U>>(ws: WebSocket<S>, handlers: AdmissionHandlers<U, S>): void {
  const gated = ws.getUserData();
  const decision = handlers.hostAllowed(gated.request.headers['host'])
    ? handlers.decide(gated.request)
    : Promise.reject(new UpgradeRefused(CloseCode.MISDIRECTED, 'unknown host name'));
  decision.then(
    (data) => {
      if (gated.closed) return;
      gated.admitted = data;
      const early = gated.early ?? [];
      gated.early = null;
      ws.cork(() => {
        handlers.admitted(ws, data);
        for (const m of early) {
          if (gated.closed) return;
          handlers.message(ws, m.bytes, m.isBinary);
        }
      });
    },
    (err: unknown) => {
      if (gated.closed) return;
      gated.early = null;
      let refusal: UpgradeRefused;
      if (err instanceof UpgradeRefused) refusal = err;
      // Not logged per socket: the database watch logs the outage once (health/database-watch.ts).
      else if (translateDatabaseError(err) instanceof DatabaseUnavailableError) refusal = new UpgradeRefused(CloseCode.DATABASE_UNAVAILABLE, 'the database is unavailable');
      else {
        handlers.error(err);
        refusal = new UpgradeRefused(CloseCode.INTERNAL, 'internal error');
      }
      handlers.refused(refusal.code);
      ws.cork(() => ws.end(refusal.code, refusal.reason));
    },
  );
}

/**
 * The `message` handler's first line: true when the socket is admitted. Before that
 * the message is copied and kept (uWS reuses `bytes`), and false is returned.
 */
export function passGate<U, S extends Gated<U>>(ws: WebSocket<S>, bytes: ArrayBuffer, isBinary: boolean): boolean {
  const gated = ws.getUserData();
  if (gated.admitted) return true;
  if (!gated.early || gated.closed) return false;
  gated.earlyBytes += bytes.byteLength;
  if (gated.earlyBytes > MAX_EARLY_BYTES) {
    ws.end(CloseCode.BACKPRESSURE, 'too much sent before the connection was admitted');
    return false;
  }
  gated.early.push({ bytes: bytes.slice(0), isBinary });
  return false;
}

/** The `close` handler's first line. */
export function markGateClosed<U, S extends Gated<U>>(ws: WebSocket<S>): void {
  ws.getUserData().closed = true;
}
