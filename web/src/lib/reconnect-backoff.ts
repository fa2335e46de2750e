/**
 * When to try a dropped socket again. Pure: the socket classes keep the attempt count
 * and the timer. 0.5 s, 1 s, 2 s ... up to 10 s, with ±25 % jitter so that the clients
 * of a restarted server do not all come back in the same instant.
 */
import { CloseCode } from '@tandem/protocol';

export const BACKOFF_BASE_MS = 500;
export const BACKOFF_MAX_MS = 10_000;

/** `random` in [0, 1): Math.random in use, fixed in tests. */
export function reconnectDelay(attempt: number, random: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt)) * (0.75 + random / 2);
}

/** Closes after which a retry would only fail again (signed out, misdirected host). */
export function isFinalClose(code: number): boolean {
  return code === CloseCode.UNAUTHENTICATED || code === CloseCode.FORBIDDEN || code === CloseCode.MISDIRECTED;
}
