/**
 * Database outages as a sequence of "down" and "up" observations: whether one is under
 * way, how many there were, and how long they lasted. Pure (the caller passes the
 * clock), so database-watch.ts can be tested without a database going away.
 */

export interface OutageSnapshot {
  available: boolean;
  /** Outages begun since start, the current one included. */
  outages: number;
  /** Length of the current outage so far, ms (0 when available). */
  currentMs: number;
  /** Length of every outage so far, the current one included, ms. */
  totalMs: number;
  /** When the current outage began (epoch ms), or null. */
  since: number | null;
  /** Why it began (the first failure seen), or null. */
  reason: string | null;
}

export class OutageTracker {
  private downSince: number | null = null;
  private downReason: string | null = null;
  private outages = 0;
  private endedMs = 0;

  get available(): boolean {
    return this.downSince === null;
  }

  /** The database failed to answer: true when this begins an outage. */
  down(now: number, reason: string): boolean {
    if (this.downSince !== null) return false;
    this.downSince = now;
    this.downReason = reason;
    this.outages++;
    return true;
  }

  /** The database answered: the length of the outage this ends, or null if there was none. */
  up(now: number): number | null {
    if (this.downSince === null) return null;
    const lasted = Math.max(0, now - this.downSince);
    this.endedMs += lasted;
    this.downSince = null;
    this.downReason = null;
    return lasted;
  }

  snapshot(now: number): OutageSnapshot {
    const currentMs = this.downSince === null ? 0 : Math.max(0, now - this.downSince);
    return {
      available: this.downSince === null,
      outages: this.outages,
      currentMs,
      totalMs: this.endedMs + currentMs,
      since: this.downSince,
      reason: this.downReason,
    };
  }
}
