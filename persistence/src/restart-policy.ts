/**
 * When the embedded PostgreSQL is started again after it exited unexpectedly, and
 * when to stop trying. Pure: the supervisor (embedded-supervisor.ts) feeds it the
 * times of recent failures and does the I/O.
 *
 * A failure is an unexpected exit or a start attempt that did not reach "ready".
 * The delay doubles with each failure within the window, from `firstDelayMs` up to
 * `maxDelayMs`; at `maxFailures` within `windowMs` the supervisor gives up, so a
 * server that cannot run (disk full, port taken, a corrupt cluster) stops with a
 * message instead of restarting forever. A crash after a long quiet run starts over
 * at the first delay: old failures leave the window.
 */

export interface RestartPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  maxFailures: number;
  windowMs: number;
}

/** 100, 200, 400, 800, 1,600 ms: five attempts in about three seconds, then give up. */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 100,
  maxDelayMs: 5_000,
  maxFailures: 6,
  windowMs: 60_000,
};

export type RestartDecision = { kind: 'restart'; delayMs: number } | { kind: 'give-up'; failures: number };

/** The failures (times, ms) still inside the window at `now`. */
export function recentFailures(policy: RestartPolicy, failures: readonly number[], now: number): number[] {
  return failures.filter((at) => now - at < policy.windowMs);
}

/** What to do after the latest failure (already in `failures`). */
export function nextRestart(policy: RestartPolicy, failures: readonly number[], now: number): RestartDecision {
  const recent = recentFailures(policy, failures, now).length;
  if (recent >= policy.maxFailures) return { kind: 'give-up', failures: recent };
  const doublings = Math.max(0, recent - 1);
  return { kind: 'restart', delayMs: Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.min(doublings, 30)) };
}
