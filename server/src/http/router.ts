/**
 * A small router: method + path pattern -> async handler returning a Reply.
 * Patterns are `/api/workspaces/:id/files/*` (`:name` is one segment, a trailing
 * `*` captures the rest into `params['*']`). Pure: no uWebSockets.js here, so it
 * is testable directly; `uws-adapter.ts` mounts it.
 */
import type { ZodType } from 'zod';
import { HttpError } from './errors';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface RequestContext {
  readonly method: Method | string;
  /** The raw (still percent-encoded) path, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Decoded path parameters. */
  readonly params: Record<string, string>;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly remoteAddress: string;
  /** Per-request scratch space (the authenticated user, once resolved). */
  readonly state: Map<string, unknown>;
  /**
   * Parses the body as JSON and validates it; 400 `invalid_json`, `invalid_text` (a NUL
   * in any string or key: PostgreSQL text cannot hold one) or `validation_failed`.
   */
  json<T>(schema: ZodType<T>): T;
  /** The body as UTF-8 text; 400 `invalid_encoding` (not UTF-8) or `invalid_text` (a NUL). */
  text(): string;
}

export interface Reply {
  status?: number;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
  cookies?: string[];
}

export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply;

export interface RouteOptions {
  /** Body limit for this route in bytes (default: the router's). */
  bodyLimit?: number;
  /** Shown in logs and checked against the OpenAPI document. */
  summary?: string;
}

export interface Route {
  method: Method;
  pattern: string;
  segments: string[];
  handler: Handler;
  options: RouteOptions;
}

export type Match =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: Method[] }
  | { kind: 'not-found' };

export class Router {
  private readonly table: Route[] = [];

  add(method: Method, pattern: string, handler: Handler, options: RouteOptions = {}): this {
    this.table.push({ method, pattern, segments: pattern.split('/').filter(Boolean), handler, options });
    return this;
  }
  get(p: string, h: Handler, o?: RouteOptions) { return this.add('GET', p, h, o); }
  post(p: string, h: Handler, o?: RouteOptions) { return this.add('POST', p, h, o); }
  put(p: string, h: Handler, o?: RouteOptions) { return this.add('PUT', p, h, o); }
  patch(p: string, h: Handler, o?: RouteOptions) { return this.add('PATCH', p, h, o); }
  delete(p: string, h: Handler, o?: RouteOptions) { return this.add('DELETE', p, h, o); }

  routes(): readonly Route[] {
    return this.table;
  }

  match(method: string, path: string): Match {
    const parts = path.split('/').filter(Boolean);
    const allowed: Method[] = [];
    for (const route of this.table) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', route, params };
      }
      allowed.push(route.method);
    }
    return allowed.length ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const seg = pattern[i]!;
    if (seg === '*') {
      params['*'] = parts.slice(i).map(decode).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (seg.startsWith(':')) params[seg.slice(1)] = decode(part);
    else if (seg !== part) return null;
  }
  return parts.length === pattern.length ? params : null;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, 'bad_path', 'The path is not valid percent-encoding');
  }
}
