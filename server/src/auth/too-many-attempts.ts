import type { ErrorBody } from '@tandem/protocol';
import type { Reply } from '../http/router';

/** 429 `rate_limited` with Retry-After in whole seconds (at least 1), for an attempt the limiter refused. */
export function tooManyAttempts(retryAfterMs: number): Reply {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return {
    status: 429,
    headers: { 'Retry-After': String(seconds) },
    json: { error: { code: 'rate_limited', message: `Too many attempts; try again in ${seconds} s` } } satisfies ErrorBody,
  };
}
