/** An API answer other than 2xx, carrying the server's stable `{error: {code, message}}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The body's `details` (409 `invalid_transition` lists the allowed actions there). */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** What to show a person for any failure: the server's message, or a plain fallback. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return 'The server could not be reached';
  return error instanceof Error ? error.message : String(error);
}
