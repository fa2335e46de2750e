import { describe, expect, it } from 'vitest';
import { DEFAULT_RESTART_POLICY, nextRestart, recentFailures, type RestartPolicy } from './restart-policy';

const policy: RestartPolicy = { firstDelayMs: 100, maxDelayMs: 1_000, maxFailures: 4, windowMs: 10_000 };

describe('nextRestart', () => {
  it('restarts after the first delay, doubling with each failure in the window, up to the cap', () => {
    expect(nextRestart(policy, [0], 0)).toEqual({ kind: 'restart', delayMs: 100 });
    expect(nextRestart(policy, [0, 1], 1)).toEqual({ kind: 'restart', delayMs: 200 });
    expect(nextRestart(policy, [0, 1, 2], 2)).toEqual({ kind: 'restart', delayMs: 400 });
    expect(nextRestart({ ...policy, maxFailures: 10 }, [0, 1, 2, 3, 4, 5], 5)).toEqual({ kind: 'restart', delayMs: 1_000 });
  });

  it('gives up at maxFailures within the window', () => {
    expect(nextRestart(policy, [0, 1, 2, 3], 3)).toEqual({ kind: 'give-up', failures: 4 });
  });

  it('forgets failures that left the window: a crash after a quiet spell starts over', () => {
    expect(nextRestart(policy, [0, 1, 2, 20_000], 20_000)).toEqual({ kind: 'restart', delayMs: 100 });
    expect(recentFailures(policy, [0, 9_999, 10_000], 10_000)).toEqual([9_999, 10_000]);
  });

  it('by default brings PostgreSQL back well within 5 s and gives up within seconds when it cannot', () => {
    let at = 0;
    const failures = [at];
    let waited = 0;
    for (;;) {
      const decision = nextRestart(DEFAULT_RESTART_POLICY, failures, at);
      if (decision.kind === 'give-up') break;
      waited += decision.delayMs;
      at += decision.delayMs;
      failures.push(at);
    }
    expect(DEFAULT_RESTART_POLICY.firstDelayMs).toBeLessThanOrEqual(500);
    expect(failures.length).toBe(DEFAULT_RESTART_POLICY.maxFailures);
    expect(waited).toBeLessThan(10_000);
  });
});
