import { describe, expect, it } from 'vitest';
import { batchLength, flushDelay, type GroupCommitLimits } from './group-commit-policy';

const limits: GroupCommitLimits = { windowMs: 10, maxBatchUpdates: 3, maxBatchBytes: 100 };
const idle = { queuedUpdates: 1, queuedBytes: 10, flushInFlight: false, msSinceFirstQueued: 0 };

describe('flushDelay', () => {
  it('has nothing to do with an empty queue', () => {
    expect(flushDelay(limits, { ...idle, queuedUpdates: 0, queuedBytes: 0 })).toBeNull();
  });

  it('waits while a flush is in flight, so the next batch accumulates', () => {
    expect(flushDelay(limits, { ...idle, flushInFlight: true, msSinceFirstQueued: 50 })).toBeNull();
  });

  it('flushes at most the window after the first queued update', () => {
    expect(flushDelay(limits, idle)).toBe(10);
    expect(flushDelay(limits, { ...idle, msSinceFirstQueued: 4 })).toBe(6);
    expect(flushDelay(limits, { ...idle, msSinceFirstQueued: 25 })).toBe(0);
  });

  it('flushes at once when a full batch is waiting', () => {
    expect(flushDelay(limits, { ...idle, queuedUpdates: 3 })).toBe(0);
    expect(flushDelay(limits, { ...idle, queuedBytes: 100 })).toBe(0);
  });

  it('with a zero window flushes as soon as nothing is in flight', () => {
    expect(flushDelay({ ...limits, windowMs: 0 }, idle)).toBe(0);
  });
});

describe('batchLength', () => {
  const sizes = (list: number[]) => (i: number) => list[i]!;

  it('takes the whole queue when it fits', () => {
    expect(batchLength(limits, 2, sizes([10, 10]))).toBe(2);
  });

  it('caps the number of updates', () => {
    expect(batchLength(limits, 5, sizes([1, 1, 1, 1, 1]))).toBe(3);
  });

  it('caps the bytes, keeping order', () => {
    expect(batchLength(limits, 3, sizes([60, 30, 20]))).toBe(2);
    expect(batchLength(limits, 3, sizes([60, 40, 1]))).toBe(2);
  });

  it('sends an update larger than the byte cap alone', () => {
    expect(batchLength(limits, 2, sizes([500, 1]))).toBe(1);
    expect(batchLength(limits, 2, sizes([1, 500]))).toBe(1);
  });
});
