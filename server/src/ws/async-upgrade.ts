/**
 * Upgrades an HTTP request to a WebSocket after an async decision (authentication,
 * membership). uWS rules: copy everything we need from `req` synchronously,
 * register onAborted before awaiting, upgrade inside `cork`.
 *
 * A refusal still upgrades, carrying the close code in the user data: the endpoint's
 * `open` handler then closes with that code, because browsers and y-websocket only
 * ever see WebSocket close codes, never an HTTP status on a failed handshake.
 */
import type { HttpRequest, HttpResponse } from '../uws';
import type { us_socket_context_t } from 'uWebSockets.js';

export interface UpgradeRequest {
  url: string;
  query: URLSearchParams;
  headers: Record<string, string>;
}

export type Refusal = { refused: { code: number; reason: string } };

export class UpgradeRefused extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

export function asyncUpgrade<U extends object>(
  res: HttpResponse,
  req: HttpRequest,
  context: us_socket_context_t,
  decide: (request: UpgradeRequest) => Promise<U>,
  onError: (err: unknown) => void,
): void {
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  const headers: Record<string, string> = {};
  req.forEach((k, v) => {
    headers[k] = v;
  });
  const request: UpgradeRequest = { url: req.getUrl(), query: new URLSearchParams(req.getQuery() ?? ''), headers };
  const key = headers['sec-websocket-key'] ?? '';
  const protocol = headers['sec-websocket-protocol'] ?? '';
  const extensions = headers['sec-websocket-extensions'] ?? '';

  decide(request)
    .then(
      (data): U | Refusal => data,
      (err): Refusal => {
        if (err instanceof UpgradeRefused) return { refused: { code: err.code, reason: err.reason } };
        onError(err);
        return { refused: { code: 4500, reason: 'internal error' } };
      },
    )
    .then((data) => {
      if (aborted) return;
      // Not inside res.cork(): uWS (v20.30, uWebSockets.js#1108, uWebSockets#1929) reads the
      // HTTP response state at the end of the cork from memory that, after an upgrade, belongs
      // to the new WebSocket, and closes it when a stray bit is set there: a random 1006
      // right after `open` (seen here in about one of 2,000 connections under load).
      res.upgrade(data, key, protocol, extensions, context);
    });
}

export function isRefusal(data: object): data is Refusal {
  return 'refused' in data;
}
