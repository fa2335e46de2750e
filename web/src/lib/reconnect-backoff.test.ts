import { CloseCode } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, isFinalClose, reconnectDelay } from './reconnect-backoff';

describe('reconnectDelay', () => {
  it('doubles from half a second up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((a) => reconnectDelay(a, 0.5))).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
  it('jitters by a quarter either way', () => {
    expect(reconnectDelay(1, 0)).toBe(750);
    expect(reconnectDelay(1, 0.999_999)).toBeCloseTo(1250, 0);
    expect(reconnectDelay(30, 0.999_999)).toBeLessThanOrEqual(BACKOFF_MAX_MS * 1.25);
  });
});

describe('isFinalClose', () => {
  it('stops for good when signed out, and retries a restart or a dropped link', () => {
    expect(isFinalClose(CloseCode.UNAUTHENTICATED)).toBe(true);
    expect(isFinalClose(CloseCode.SHUTTING_DOWN)).toBe(false);
    expect(isFinalClose(1006)).toBe(false);
  });
});
