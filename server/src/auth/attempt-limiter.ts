/**
 * Sign-in and registration limits, counted in PostgreSQL so that every replica sees
 * every attempt (`attempt-limits.ts` says what is counted). One round trip per attempt
 * (`countAttempts`); one more only to take an attempt back (a successful sign-in, or
 * one refused for another counter). Ended windows are pruned at most once a minute
 * per process, in the background of an attempt.
 */
import { countAttempts, pruneAttempts, refundAttempts, type AttemptCount, type AttemptKey } from '@tandem/persistence';
import type { CommonQueryMethods } from 'slonik';
import type { AttemptLimits } from '../config';
import type { Logger } from '../logger';
import { passwordChangeKeys, registrationKeys, signInKeys, verdict, type LimitedKey } from './attempt-limits';

/** Where the counters live: PostgreSQL in the server, memory in unit tests. */
export interface AttemptStore {
  count(keys: readonly AttemptKey[]): Promise<AttemptCount[]>;
  refund(keys: readonly string[]): Promise<void>;
  prune(): Promise<number>;
}

export function pgAttemptStore(db: CommonQueryMethods): AttemptStore {
  return {
    count: (keys) => countAttempts(db, keys),
    refund: (keys) => refundAttempts(db, keys),
    prune: () => pruneAttempts(db),
  };
}

export type Refused = { allowed: false; retryAfterMs: number };
/** An allowed sign-in: call `succeeded` when the password was right, so it does not count. */
export type SignInAttempt = { allowed: true; succeeded(): Promise<void> } | Refused;

const PRUNE_EVERY_MS = 60_000;

export class AttemptLimiter {
  private nextPrune = 0;

  constructor(
    private readonly store: AttemptStore,
    private readonly limits: AttemptLimits,
    private readonly log: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {}

  async signIn(username: string, address: string): Promise<SignInAttempt> {
    const keys = signInKeys(username, address, this.limits);
    const refused = await this.attempt(keys);
    if (refused) return refused;
    return { allowed: true, succeeded: () => this.store.refund(keys.map((k) => k.key)) };
  }

  /** A password change: call `succeeded` when the current password was right. */
  async passwordChange(userId: string): Promise<SignInAttempt> {
    const keys = passwordChangeKeys(userId, this.limits);
    const refused = await this.attempt(keys);
    if (refused) return refused;
    return { allowed: true, succeeded: () => this.store.refund(keys.map((k) => k.key)) };
  }

  async register(address: string): Promise<{ allowed: true } | Refused> {
    return (await this.attempt(registrationKeys(address, this.limits))) ?? { allowed: true };
  }

  /** Counts the attempt; null when allowed. */
  private async attempt(keys: LimitedKey[]): Promise<Refused | null> {
    this.pruneNowAndThen();
    const counts = await this.store.count(keys.map(({ key, windowMs }) => ({ key, windowMs })));
    const decision = verdict(keys, counts);
    if (decision.allowed) return null;
    if (decision.refund.length > 0) await this.store.refund(decision.refund);
    return { allowed: false, retryAfterMs: decision.retryAfterMs };
  }

  private pruneNowAndThen(): void {
    const now = this.now();
    if (now < this.nextPrune) return;
    this.nextPrune = now + PRUNE_EVERY_MS;
    this.store.prune().catch((err) => this.log.warn({ err }, 'pruning old sign-in attempt counters failed'));
  }
}
