import type { ZodType } from 'zod';
import { HttpError } from './errors';
import type { Method, RequestContext } from './router';

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
      try {
        value = JSON.parse(init.body.length ? init.body.toString('utf8') : 'null');
      } catch {
        throw new HttpError(400, 'invalid_json', 'The request body is not valid JSON');
      }
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
      return init.body.toString('utf8');
    },
  };
}
