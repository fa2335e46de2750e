/**
 * Which counters a sign-in or registration attempt counts against, and what their
 * counts decide. Pure: the counting itself is in PostgreSQL (`attempt-limiter.ts`).
 *
 * - Sign-in: per username, from any address (one account guessed from many
 *   addresses), and per client address, for any usernames (one address spraying a
 *   password over many accounts). Only failures count: the attempt is counted first
 *   (so concurrent guesses cannot all slip under the limit) and taken back when the
 *   password was right. A success does not reset the count either: otherwise an
 *   account whose owner signs in often would give a guesser a fresh budget each time.
 * - Registration: per client address, every attempt.
 * - Changing the password: wrong current passwords per account (by id), with the
 *   sign-in limit per username: a stolen session must not give a guesser a budget
 *   of its own. Counted and taken back like a sign-in.
 * - An attempt refused for one counter is taken back from the others: it tested no
 *   password, and a locked-out username must not lock out the address of whoever
 *   tries it next.
 * - Fixed windows starting at a key's first attempt; at a window's edge a guesser may
 *   get up to twice the limit in a short time, which still bounds guesses per window.
 */
import type { AttemptLimits } from '../config';
import { addressKey } from '../http/client-address';

export interface LimitedKey {
  key: string;
  limit: number;
  windowMs: number;
}

export interface CountedKey {
  key: string;
  attempts: number;
  retryAfterMs: number;
}

export type AttemptVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; refund: string[] };

export function signInKeys(username: string, address: string, limits: AttemptLimits): LimitedKey[] {
  return [
    { key: `signin:user:${username.toLowerCase()}`, limit: limits.signInFailuresPerUsername, windowMs: limits.signInWindowMs },
    { key: `signin:addr:${addressKey(address)}`, limit: limits.signInFailuresPerAddress, windowMs: limits.signInWindowMs },
  ];
}

export function passwordChangeKeys(userId: string, limits: AttemptLimits): LimitedKey[] {
  return [{ key: `password:user:${userId}`, limit: limits.signInFailuresPerUsername, windowMs: limits.signInWindowMs }];
}

export function registrationKeys(address: string, limits: AttemptLimits): LimitedKey[] {
  return [{ key: `register:addr:${addressKey(address)}`, limit: limits.registrationsPerAddress, windowMs: limits.registrationWindowMs }];
}

/** Allowed when every counter, this attempt included, is within its limit. */
export function verdict(keys: readonly LimitedKey[], counts: readonly CountedKey[]): AttemptVerdict {
  const byKey = new Map(counts.map((c) => [c.key, c]));
  let exceeded = false;
  let retryAfterMs = 0;
  const refund: string[] = [];
  for (const { key, limit } of keys) {
    const count = byKey.get(key);
    if (!count) continue;
    if (count.attempts > limit) {
      exceeded = true;
      retryAfterMs = Math.max(retryAfterMs, count.retryAfterMs);
    } else refund.push(key);
  }
  return exceeded ? { allowed: false, retryAfterMs, refund } : { allowed: true };
}
