import type { ZodType } from 'zod';
import { HttpError } from './errors';
import { findNul, mayHoldNul } from './nul-text';
import type { Method, RequestContext } from './router';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
/** Paths in messages stay readable whatever the body's nesting. */
const MAX_PATH_CHARS = 200;

function nulRefused(path: string): HttpError {
  const where = path ? (path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS)}…` : path) : 'body';
  return new HttpError(400, 'invalid_text', `${where}: text must not contain NUL (U+0000) characters`, { path: where });
}

export interface RequestInit {
  method: Method | string;
  path: string;
  query: string;
  params: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  remoteAddress: string;
}

export function createRequestContext(init: RequestInit): RequestContext {
  return {
    method: init.method,
    path: init.path,
    query: new URLSearchParams(init.query),
    params: init.params,
    headers: init.headers,
    body: init.body,
    remoteAddress: init.remoteAddress,
    state: new Map(),
    json<T>(schema: ZodType<T>): T {
      let value: unknown;
      const text = init.body.length ? init.body.toString('utf8') : 'null';
      try {
        value = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON');
      }
      // Before validation: a NUL in a field the schema would strip is refused too.
      const nulAt = mayHoldNul(text) ? findNul(value) : null;
      if (nulAt !== null) throw nulRefused(nulAt);
      const parsed = schema.safeParse(value);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        const first = issues[0];
        throw new HttpError(
          400,
          'validation_failed',
          first ? `${first.path || 'body'}: ${first.message}` : 'The request body is not valid',
          { issues },
        );
      }
      return parsed.data;
    },
    text(): string {
      let text: string;
      try {
        text = utf8.decode(init.body);
      } catch {
        throw new HttpError(400, 'invalid_encoding', 'The body must be UTF-8 text');
      }
      if (text.includes('\u0000')) throw nulRefused('');
      return text;
    },
  };
}
