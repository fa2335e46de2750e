/**
 * How long the update feed waits before reconnecting its LISTEN connection. Pure.
 *
 * Exponential from `initialMs` to `maxMs`, with jitter (half to full delay) so that
 * ten replicas that lost PostgreSQL together do not all knock again at the same
 * instant. Nothing is lost while waiting: on reconnect the listener re-reads every
 * loaded document, so a longer wait only delays (never drops) cross-replica updates.
 */

export interface BackoffLimits {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_FEED_BACKOFF: BackoffLimits = { initialMs: 250, maxMs: 10_000 };

/** Delay before reconnect attempt number `attempt` (0 = the first after a loss). `random` in [0, 1). */
export function reconnectDelayMs(limits: BackoffLimits, attempt: number, random: number): number {
  const ceiling = Math.min(limits.maxMs, limits.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + random / 2));
}
