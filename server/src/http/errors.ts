/**
 * HTTP errors with a stable machine-readable `code`, rendered as
 * `{ error: { code, message } }`. Handlers throw these; the router renders them.
 * A database that cannot be reached becomes a 503 `database_unavailable` with
 * Retry-After (`toHttpError`); anything else thrown becomes a 500 `internal`
 * (logged, never leaked).
 */
import { DatabaseUnavailableError, translateDatabaseError } from '@tandem/persistence';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  /** Extra response headers (Retry-After on a 503). */
  headers?: Record<string, string>;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) => new HttpError(400, code, message, details);
export const unauthorized = (message = 'Sign in first') => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message = 'You may not do that', code = 'forbidden') => new HttpError(403, code, message);
export const notFound = (what = 'Resource', code = 'not_found') => new HttpError(404, code, `${what} not found`);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
export const payloadTooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `Request body exceeds ${limit} bytes`);
/** A Host this server is not configured for (DNS rebinding, a stray proxy): RFC 9110 §15.5.20. */
export const misdirected = () =>
  new HttpError(421, 'misdirected_request', 'This server does not answer to that host name (see TANDEM_PUBLIC_URL and TANDEM_ALLOWED_HOSTS)');

/** How long a client should wait before it retries while the database or the save queue is the problem, s. */
export const RETRY_AFTER_SECONDS = 2;

/** 503 with Retry-After: the request may succeed shortly, unchanged. */
export function serviceUnavailable(code: string, message: string): HttpError {
  const error = new HttpError(503, code, message);
  error.headers = { 'Retry-After': String(RETRY_AFTER_SECONDS) };
  return error;
}

/** What a thrown error answers over HTTP when it is not a bug: an HttpError as it is, an outage as 503; else null (500). */
export function toHttpError(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  // Translated here too: slonik raises pool connection failures past its interceptors.
  if (translateDatabaseError(err) instanceof DatabaseUnavailableError) {
    return serviceUnavailable('database_unavailable', 'The database cannot be reached right now; retry shortly');
  }
  return null;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 421: 'Misdirected Request', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function statusLine(status: number): string {
  return `${status} ${STATUS_TEXT[status] ?? 'Unknown'}`;
}
