import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows `limit` attempts per window, then refuses with the time left', () => {
    const limiter = new RateLimiter({ limit: 3, windowMs: 60_000 });
    expect(limiter.hit('k', 1_000)).toEqual({ allowed: true, remaining: 2 });
    expect(limiter.hit('k', 2_000)).toEqual({ allowed: true, remaining: 1 });
    expect(limiter.hit('k', 3_000)).toEqual({ allowed: true, remaining: 0 });
    expect(limiter.hit('k', 11_000)).toEqual({ allowed: false, retryAfterMs: 50_000 });
  });

  it('starts a fresh window once the old one is over', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1_000 });
    expect(limiter.hit('k', 0).allowed).toBe(true);
    expect(limiter.hit('k', 999).allowed).toBe(false);
    expect(limiter.hit('k', 1_000).allowed).toBe(true);
  });

  it('keeps keys apart', () => {
    const limiter = new RateLimiter({ limit: 1, windowMs: 1_000 });
    expect(limiter.hit('ip1|alice', 0).allowed).toBe(true);
    expect(limiter.hit('ip1|bob', 0).allowed).toBe(true);
    expect(limiter.hit('ip2|alice', 0).allowed).toBe(true);
    expect(limiter.hit('ip1|alice', 0).allowed).toBe(false);
  });

  it('forgets expired windows, so memory follows the live keys only', () => {
    const limiter = new RateLimiter({ limit: 5, windowMs: 1_000 });
    for (let i = 0; i < 100; i++) limiter.hit(`k${i}`, 0);
    expect(limiter.size()).toBe(100);
    limiter.hit('later', 5_000);
    expect(limiter.size()).toBe(1);
  });

  it('refuses new keys beyond maxKeys while the old windows are live', () => {
    const limiter = new RateLimiter({ limit: 5, windowMs: 1_000, maxKeys: 2 });
    expect(limiter.hit('a', 0).allowed).toBe(true);
    expect(limiter.hit('b', 0).allowed).toBe(true);
    expect(limiter.hit('c', 0).allowed).toBe(false);
    expect(limiter.hit('a', 0).allowed).toBe(true);
    expect(limiter.hit('c', 1_000).allowed).toBe(true);
  });
});
