import { describe, expect, it } from 'vitest';
import { decideLifecycle } from './lifecycle-policy';

const policy = { idleStopMs: 30, hardStopMs: 120 };

describe('decideLifecycle', () => {
  it('stops an environment nobody has used for the idle span', () => {
    expect(decideLifecycle(policy, { startedAt: 0, lastActivityAt: 10, runningCommands: 0 }, 39)).toEqual({ kind: 'check-at', at: 40 });
    expect(decideLifecycle(policy, { startedAt: 0, lastActivityAt: 10, runningCommands: 0 }, 40)).toEqual({ kind: 'stop', reason: 'idle' });
  });

  it('keeps an environment with a running command, up to the hard limit', () => {
    expect(decideLifecycle(policy, { startedAt: 0, lastActivityAt: 0, runningCommands: 1 }, 100)).toEqual({ kind: 'check-at', at: 120 });
    expect(decideLifecycle(policy, { startedAt: 0, lastActivityAt: 119, runningCommands: 1 }, 120)).toEqual({ kind: 'stop', reason: 'hard-limit' });
  });

  it('stops at the hard limit however active it is', () => {
    expect(decideLifecycle(policy, { startedAt: 0, lastActivityAt: 100, runningCommands: 0 }, 110)).toEqual({ kind: 'check-at', at: 120 });
    expect(decideLifecycle(policy, { startedAt: 0, lastActivityAt: 119, runningCommands: 0 }, 120)).toEqual({ kind: 'stop', reason: 'hard-limit' });
  });
});
