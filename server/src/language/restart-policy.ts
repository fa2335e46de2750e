/**
 * When a language server that exited is started again (pure): after 1 s, doubling up
 * to 30 s while it keeps dying, and never again after MAX_EXITS exits within a
 * minute (it is broken, not unlucky: say so instead of burning the workspace's CPU).
 */
export const MAX_EXITS = 5;
const WINDOW_MS = 60_000;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

export class RestartPolicy {
  private exits: number[] = [];

  /** Records an exit at `now`; the delay before the next start, or null to give up. */
  exited(now: number): number | null {
    this.exits = [...this.exits.filter((at) => now - at < WINDOW_MS), now];
    if (this.exits.length >= MAX_EXITS) return null;
    return Math.min(FIRST_DELAY_MS * 2 ** (this.exits.length - 1), MAX_DELAY_MS);
  }

  reset(): void {
    this.exits = [];
  }
}
