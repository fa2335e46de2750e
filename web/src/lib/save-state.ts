/**
 * "Saved" / "Saving…" from the server's acks (docs/protocols.md, message 100). Pure.
 *
 * The server counts, per connection, every non-empty update it committed to
 * PostgreSQL and acks the running total. This side counts what it sent on the same
 * connection: each local edit made while connected, plus the sync step 2 it answers
 * the server's step 1 with, when that step 2 is not empty (after a reconnect it
 * carries the edits made offline). Saved means every sent update is acked.
 */
export type SaveState = 'saved' | 'saving' | 'offline' | 'unsaved-offline';

/** An empty Yjs update (no structs, no deletions) is two zero bytes; the server ignores it. */
export const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

export class SaveTracker {
  private sent = 0;
  private acked = 0;
  private connected = false;
  /** Edits made while disconnected, not yet handed to a connection. */
  private pendingOffline = false;

  onConnected(): void {
    this.connected = true;
    this.sent = 0;
    this.acked = 0;
  }

  onDisconnected(): void {
    // Whatever this connection had not acked is resent in the next connection's step 2.
    if (this.sent > this.acked) this.pendingOffline = true;
    this.connected = false;
  }

  onLocalUpdate(): void {
    if (this.connected) this.sent++;
    else this.pendingOffline = true;
  }

  /** We answered the server's step 1 with a step 2; `empty` as `isEmptyUpdate` says. */
  onStepTwoSent(empty: boolean): void {
    if (!empty) this.sent++;
    this.pendingOffline = false;
  }

  onAck(committed: number): void {
    this.acked = Math.max(this.acked, committed);
  }

  get state(): SaveState {
    if (!this.connected) return this.pendingOffline || this.sent > this.acked ? 'unsaved-offline' : 'offline';
    if (this.pendingOffline || this.acked < this.sent) return 'saving';
    return 'saved';
  }
}
