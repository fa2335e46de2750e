/**
 * When a running environment stops (pure logic): after `idleStopMs` without
 * activity (terminal input or output, edits, a command running), and after
 * `hardStopMs` however busy it is, so a forgotten `while true` cannot hold a
 * pod forever.
 */

export interface LifecyclePolicy {
  idleStopMs: number;
  hardStopMs: number;
}

export const DEFAULT_LIFECYCLE_POLICY: LifecyclePolicy = { idleStopMs: 30 * 60_000, hardStopMs: 2 * 60 * 60_000 };

export interface LifecycleState {
  startedAt: number;
  lastActivityAt: number;
  /** Commands started with `run()` that have not finished: a running process is activity. */
  runningCommands: number;
}

export type LifecycleDecision = { kind: 'stop'; reason: 'idle' | 'hard-limit' } | { kind: 'check-at'; at: number };

export function decideLifecycle(policy: LifecyclePolicy, state: LifecycleState, now: number): LifecycleDecision {
  const hardAt = state.startedAt + policy.hardStopMs;
  if (now >= hardAt) return { kind: 'stop', reason: 'hard-limit' };
  if (state.runningCommands > 0) {
    // Busy: nothing to decide before the hard limit, but look again when the idle span would end.
    return { kind: 'check-at', at: Math.min(hardAt, now + policy.idleStopMs) };
  }
  const idleAt = state.lastActivityAt + policy.idleStopMs;
  if (now >= idleAt) return { kind: 'stop', reason: 'idle' };
  return { kind: 'check-at', at: Math.min(hardAt, idleAt) };
}
