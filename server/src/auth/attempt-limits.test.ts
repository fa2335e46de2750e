import { describe, expect, it } from 'vitest';
import type { AttemptLimits } from '../config';
import { registrationKeys, signInKeys, verdict } from './attempt-limits';

const limits: AttemptLimits = {
  signInFailuresPerUsername: 10,
  signInFailuresPerAddress: 30,
  signInWindowMs: 900_000,
  registrationsPerAddress: 5,
  registrationWindowMs: 3_600_000,
};

describe('attempt keys', () => {
  it('counts a sign-in per username (any case) and per address, an IPv6 one by its /64', () => {
    expect(signInKeys('Alice', '203.0.113.9', limits)).toEqual([
      { key: 'signin:user:alice', limit: 10, windowMs: 900_000 },
      { key: 'signin:addr:203.0.113.9', limit: 30, windowMs: 900_000 },
    ]);
    expect(signInKeys('alice', '2001:db8:1:2::7', limits)[1]!.key).toBe('signin:addr:2001:db8:1:2::/64');
  });

  it('counts a registration per address', () => {
    expect(registrationKeys('203.0.113.9', limits)).toEqual([{ key: 'register:addr:203.0.113.9', limit: 5, windowMs: 3_600_000 }]);
  });
});

describe('verdict', () => {
  const keys = signInKeys('alice', '203.0.113.9', limits);
  const count = (user: number, addr: number, retry = [1000, 2000]) => [
    { key: keys[0]!.key, attempts: user, retryAfterMs: retry[0]! },
    { key: keys[1]!.key, attempts: addr, retryAfterMs: retry[1]! },
  ];

  it('allows an attempt that keeps every counter within its limit', () => {
    expect(verdict(keys, count(1, 1))).toEqual({ allowed: true });
    expect(verdict(keys, count(10, 30))).toEqual({ allowed: true });
  });

  it('refuses past one limit, until that window ends, and takes the attempt back from the other', () => {
    expect(verdict(keys, count(11, 3))).toEqual({ allowed: false, retryAfterMs: 1000, refund: [keys[1]!.key] });
    expect(verdict(keys, count(2, 31))).toEqual({ allowed: false, retryAfterMs: 2000, refund: [keys[0]!.key] });
  });

  it('waits for the later window when both are exceeded, and refunds nothing', () => {
    expect(verdict(keys, count(11, 31, [5000, 2000]))).toEqual({ allowed: false, retryAfterMs: 5000, refund: [] });
  });
});
