import { describe, expect, it } from 'vitest';
import { DEFAULT_FRAME_POLICY, decideFrame } from './frame-schedule';

const policy = { frameIntervalMs: 10, maxFrameUnits: 100 };

describe('decideFrame', () => {
  it('sends the first output after a quiet spell at once (keystroke echo)', () => {
    expect(decideFrame(policy, 1000, null, 1)).toEqual({ kind: 'now' });
    expect(decideFrame(policy, 1000, 900, 1)).toEqual({ kind: 'now' });
  });

  it('gathers output that follows a frame within the interval', () => {
    expect(decideFrame(policy, 1004, 1000, 10)).toEqual({ kind: 'later', delayMs: 6 });
  });

  it('sends a full frame without waiting', () => {
    expect(decideFrame(policy, 1001, 1000, 100)).toEqual({ kind: 'now' });
  });

  it('defaults to frames of 4-16 ms and 32 KiB', () => {
    expect(DEFAULT_FRAME_POLICY.frameIntervalMs).toBeGreaterThanOrEqual(4);
    expect(DEFAULT_FRAME_POLICY.frameIntervalMs).toBeLessThanOrEqual(16);
    expect(DEFAULT_FRAME_POLICY.maxFrameUnits).toBe(32 * 1024);
  });
});
