import { describe, expect, it } from 'vitest';
import type { AttemptCount, AttemptKey } from '@tandem/persistence';
import type { AttemptLimits } from '../config';
import { AttemptLimiter, type AttemptStore } from './attempt-limiter';

/** The counters in memory, with the same semantics as `auth_attempts` (fixed windows, refunds, pruning). */
class MemoryAttemptStore implements AttemptStore {
  rows = new Map<string, { attempts: number; endsAt: number }>();
  prunes = 0;
  constructor(private readonly clock: { now: number }) {}
  async count(keys: readonly AttemptKey[]): Promise<AttemptCount[]> {
    return keys.map(({ key, windowMs }) => {
      let row = this.rows.get(key);
      if (!row || row.endsAt <= this.clock.now) this.rows.set(key, (row = { attempts: 0, endsAt: this.clock.now + windowMs }));
      row.attempts++;
      return { key, attempts: row.attempts, retryAfterMs: row.endsAt - this.clock.now };
    });
  }
  async refund(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      const row = this.rows.get(key);
      if (row && row.attempts > 0 && row.endsAt > this.clock.now) row.attempts--;
    }
  }
  async prune(): Promise<number> {
    this.prunes++;
    let n = 0;
    for (const [key, row] of this.rows) if (row.endsAt <= this.clock.now && this.rows.delete(key)) n++;
    return n;
  }
}

const limits: AttemptLimits = {
  signInFailuresPerUsername: 3,
  signInFailuresPerAddress: 5,
  signInWindowMs: 60_000,
  registrationsPerAddress: 2,
  registrationWindowMs: 60_000,
};

function setup() {
  const clock = { now: 1_000_000 };
  const store = new MemoryAttemptStore(clock);
  const limiter = new AttemptLimiter(store, limits, { warn: () => {} }, () => clock.now);
  return { clock, store, limiter };
}

describe('AttemptLimiter', () => {
  it('refuses a username after its failures, from any address, until the window ends', async () => {
    const { clock, limiter } = setup();
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) expect((await limiter.signIn('alice', address)).allowed).toBe(true);
    expect(await limiter.signIn('alice', '10.0.0.4')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    clock.now += 60_000;
    expect((await limiter.signIn('alice', '10.0.0.4')).allowed).toBe(true);
  });

  it('refuses an address after its failures, whatever usernames it tries', async () => {
    const { limiter } = setup();
    for (let i = 0; i < 5; i++) expect((await limiter.signIn(`user${i}`, '10.0.0.1')).allowed).toBe(true);
    expect((await limiter.signIn('user9', '10.0.0.1')).allowed).toBe(false);
    expect((await limiter.signIn('user9', '10.0.0.2')).allowed).toBe(true);
  });

  it('does not count successful sign-ins, so an account used often keeps its failure budget', async () => {
    const { limiter } = setup();
    for (let i = 0; i < 20; i++) {
      const attempt = await limiter.signIn('alice', '10.0.0.1');
      expect(attempt.allowed).toBe(true);
      if (attempt.allowed) await attempt.succeeded();
    }
    // ...and does not reset the failures either.
    for (let i = 0; i < 3; i++) expect((await limiter.signIn('bob', '10.0.0.1')).allowed).toBe(true);
    const ok = await limiter.signIn('alice', '10.0.0.1');
    if (ok.allowed) await ok.succeeded();
    expect((await limiter.signIn('bob', '10.0.0.2')).allowed).toBe(false);
  });

  it('takes a refused attempt back from the other counter: a locked username does not lock the address', async () => {
    const { store, limiter } = setup();
    for (let i = 0; i < 3; i++) await limiter.signIn('alice', '10.0.0.9');
    for (let i = 0; i < 10; i++) expect((await limiter.signIn('alice', '10.0.0.1')).allowed).toBe(false);
    expect(store.rows.get('signin:addr:10.0.0.1')!.attempts).toBe(0);
    expect((await limiter.signIn('carol', '10.0.0.1')).allowed).toBe(true);
  });

  it('limits registrations per address', async () => {
    const { limiter } = setup();
    expect((await limiter.register('10.0.0.1')).allowed).toBe(true);
    expect((await limiter.register('10.0.0.1')).allowed).toBe(true);
    expect(await limiter.register('10.0.0.1')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    expect((await limiter.register('10.0.0.2')).allowed).toBe(true);
  });

  it('prunes ended windows at most once a minute', async () => {
    const { clock, store, limiter } = setup();
    await limiter.signIn('alice', '10.0.0.1');
    await limiter.signIn('alice', '10.0.0.1');
    expect(store.prunes).toBe(1);
    clock.now += 61_000;
    await limiter.signIn('bob', '10.0.0.2');
    expect(store.prunes).toBe(2);
    expect(store.rows.has('signin:user:alice')).toBe(false);
  });
});
