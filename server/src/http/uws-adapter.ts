/**
 * Mounts a Router on a uWebSockets.js app. The only HTTP code that knows uWS.
 *
 * uWS rules this file follows (see y-redis src/ws.js): register `onAborted` before
 * any await, read headers synchronously (the HttpRequest is stack-allocated and
 * dies when the handler returns), copy body chunks (uWS reuses their memory), and
 * write the response inside `cork` once we are back from an await.
 */
import type { HttpRequest, HttpResponse, TemplatedApp } from '../uws';
import type { Logger } from '../logger';
import { HttpError, payloadTooLarge, statusLine, toHttpError } from './errors';
import { createRequestContext } from './request-context';
import type { Handler, Reply, Router } from './router';

export interface MountOptions {
  bodyLimit: number;
  log: Logger;
  /** Paths that do not start with one of these prefixes go to `fallback`. */
  prefixes: string[];
  fallback: Handler;
  /**
   * Runs before routing, on the path and headers only: an error here is the answer
   * (the Host check's 421), and the body is never read.
   */
  screen?: (path: string, headers: Readonly<Record<string, string>>) => HttpError | null;
  onResponse?: (method: string, status: number, ms: number) => void;
}

export function mountRouter(app: TemplatedApp, router: Router, options: MountOptions): void {
  app.any('/*', (res, req) => handle(res, req, router, options));
}

function handle(res: HttpResponse, req: HttpRequest, router: Router, options: MountOptions): void {
  const started = performance.now();
  const state = { aborted: false };
  res.onAborted(() => {
    state.aborted = true;
  });
  const method = req.getMethod().toUpperCase();
  const path = req.getUrl();
  const query = req.getQuery() ?? '';
  const headers: Record<string, string> = {};
  req.forEach((key, value) => {
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  });
  const remoteAddress = Buffer.from(res.getRemoteAddressAsText()).toString();

  const respond = (reply: Reply) => {
    if (state.aborted) return;
    const status = reply.status ?? (reply.json === undefined && reply.body === undefined ? 204 : 200);
    res.cork(() => {
      res.writeStatus(statusLine(status));
      let body: string | Buffer = '';
      if (reply.json !== undefined) {
        res.writeHeader('Content-Type', 'application/json; charset=utf-8');
        body = JSON.stringify(reply.json);
      } else if (reply.body !== undefined) {
        body = reply.body;
      }
      res.writeHeader('X-Content-Type-Options', 'nosniff');
      for (const [k, v] of Object.entries(reply.headers ?? {})) res.writeHeader(k, v);
      for (const cookie of reply.cookies ?? []) res.writeHeader('Set-Cookie', cookie);
      // HEAD: the headers GET would send, Content-Length included, and no body.
      if (method === 'HEAD') res.endWithoutBody(Buffer.byteLength(body));
      else res.end(body);
    });
    options.onResponse?.(method, status, performance.now() - started);
  };
  const fail = (err: unknown) => {
    const known = toHttpError(err);
    if (known) {
      const { status, code, message, details, headers } = known;
      respond({ status, json: { error: { code, message, ...(details ? { details } : {}) } }, headers });
      return;
    }
    options.log.error({ err, method, path }, 'request failed');
    respond({ status: 500, json: { error: { code: 'internal', message: 'Internal server error' } } });
  };

  let handler: Handler;
  let params: Record<string, string> = {};
  let bodyLimit = options.bodyLimit;
  try {
    const refusal = options.screen?.(path, headers);
    if (refusal) throw refusal;
    if (!options.prefixes.some((p) => path === p || path.startsWith(`${p}/`))) {
      handler = options.fallback;
    } else {
      const match = router.match(method, path);
      if (match.kind === 'not-found') throw new HttpError(404, 'route_not_found', `No route for ${method} ${path}`);
      if (match.kind === 'method-not-allowed') {
        throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here (allowed: ${match.allowed.join(', ')})`);
      }
      handler = match.route.handler;
      params = match.params;
      bodyLimit = match.route.options.bodyLimit ?? options.bodyLimit;
    }
  } catch (err) {
    fail(err);
    return;
  }

  const declared = Number(headers['content-length'] ?? 0);
  if (declared > bodyLimit) {
    // Answer at once and close: reading a body we will refuse wastes the bandwidth.
    if (!state.aborted) {
      res.cork(() => {
        res.writeStatus(statusLine(413)).writeHeader('Content-Type', 'application/json; charset=utf-8');
        res.end(JSON.stringify({ error: { code: 'payload_too_large', message: `Request body exceeds ${bodyLimit} bytes` } }), true);
      });
    }
    return;
  }

  const run = (body: Buffer) => {
    const ctx = createRequestContext({ method, path, query, params, headers, body, remoteAddress });
    Promise.resolve()
      .then(() => handler(ctx))
      .then(respond, fail);
  };

  if (method === 'GET' || method === 'HEAD' || method === 'DELETE' || method === 'OPTIONS') {
    if (!headers['content-length'] && !headers['transfer-encoding']) {
      run(Buffer.alloc(0));
      return;
    }
  }
  readBody(res, bodyLimit, state, run, () => fail(payloadTooLarge(bodyLimit)));
}

function readBody(
  res: HttpResponse,
  limit: number,
  state: { aborted: boolean },
  done: (body: Buffer) => void,
  tooLarge: () => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  res.onData((chunk, isLast) => {
    if (refused) return;
    size += chunk.byteLength;
    if (size > limit) {
      refused = true;
      tooLarge();
      return;
    }
    // Copy: uWS reuses this memory as soon as we return.
    chunks.push(Buffer.from(new Uint8Array(chunk.slice(0))));
    if (isLast && !state.aborted) done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
  });
}
