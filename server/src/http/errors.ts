/**
 * HTTP errors with a stable machine-readable `code`, rendered as
 * `{ error: { code, message } }`. Handlers throw these; the router renders them.
 * Anything else thrown becomes a 500 `internal` (logged, never leaked).
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
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

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function statusLine(status: number): string {
  return `${status} ${STATUS_TEXT[status] ?? 'Unknown'}`;
}
