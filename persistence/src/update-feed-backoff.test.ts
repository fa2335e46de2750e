import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './update-feed-backoff';

const limits = { initialMs: 100, maxMs: 1_000 };

describe('update feed reconnect backoff', () => {
  it('doubles from the initial delay up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5].map((attempt) => reconnectDelayMs(limits, attempt, 0.999999))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads replicas over half to all of the delay', () => {
    expect(reconnectDelayMs(limits, 2, 0)).toBe(200);
    expect(reconnectDelayMs(limits, 2, 0.5)).toBe(300);
  });

  it('stays finite after very many attempts', () => {
    expect(reconnectDelayMs(limits, 10_000, 0.999999)).toBe(1000);
  });
});
