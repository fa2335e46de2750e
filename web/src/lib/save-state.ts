/**
 * "Saved" / "Saving…" from the server's acks (docs/protocols.md, message 100). Pure.
 *
 * The server counts, per connection, every non-empty update it committed to
 * PostgreSQL and acks the running total. This side counts what it sent on the same
 * connection: each local edit made while connected, plus the sync step 2 it answers
 * the server's step 1 with, when that step 2 is not empty (after a reconnect it
 * carries the edits made offline). Saved means every sent update is acked. When the
 * server closes the connection because it cannot save (the database is away, too much
 * is unsaved), the state says so until a later connection has everything acked.
 */
import { CloseCode } from '@tandem/protocol';

/**
 * `refused`: the server dropped edits of ours for want of write access (a permission
 * denied auth message, SYNC-7): they stay in this browser, unsaved. `deleted`: the file
 * is gone from the server (4404); nothing can take edits any more.
 */
export type SaveState = 'saved' | 'saving' | 'offline' | 'unsaved-offline' | 'cannot-save' | 'refused' | 'deleted';

/**
 * Close codes by which the server says it could not save: DATABASE_UNAVAILABLE,
 * UNSAVED_LIMIT, and INTERNAL (an update that could not be persisted). Unacknowledged
 * edits then stay in this browser's document and go out again in the step 2 of the
 * next connection that gets through.
 */
export const CANNOT_SAVE_CLOSES: ReadonlySet<number> = new Set([CloseCode.INTERNAL, CloseCode.DATABASE_UNAVAILABLE, CloseCode.UNSAVED_LIMIT]);

/**
 * States in which this browser holds edits no server has confirmed and none can take
 * right now: leaving the page would lose them (the IDE asks first). Not 'saving', which
 * lasts one commit on a healthy server.
 */
export const editsStuckInBrowser = (state: SaveState | undefined) => state === 'unsaved-offline' || state === 'cannot-save' || state === 'refused';

/** An empty Yjs update (no structs, no deletions) is two zero bytes; the server ignores it. */
export const isEmptyUpdate = (update: Uint8Array) => update.length === 2 && update[0] === 0 && update[1] === 0;

export class SaveTracker {
  private sent = 0;
  private acked = 0;
  private connected = false;
  /** Edits made while disconnected, not yet handed to a connection. */
  private pendingOffline = false;
  /** The server closed a connection saying it cannot save; until everything is acked, that is what we show. */
  private serverCannotSave = false;
  /** The server refused an edit of ours (no write access); until everything is acked. */
  private denied = false;
  private deleted = false;

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

  /** The connection closed with `code` (the 'connection-close' event; before the disconnect). */
  onClosed(code: number): void {
    if (CANNOT_SAVE_CLOSES.has(code)) this.serverCannotSave = true;
    if (code === CloseCode.NOT_FOUND) this.deleted = true;
  }

  /** The server answered an update of ours with permission denied (SYNC-7): it was dropped. */
  onDenied(): void {
    this.denied = true;
  }

  /**
   * This browser's stored copy of the document was loaded, before any connection;
   * `unacked`: it holds edits no server acknowledged (stored-document.ts).
   */
  onRestored(unacked: boolean): void {
    if (unacked) this.pendingOffline = true;
  }

  onLocalUpdate(): void {
    if (this.connected) this.sent++;
    else this.pendingOffline = true;
  }

  /** We answered the server's step 1 with a step 2; `empty` as `isEmptyUpdate` says. */
  onStepTwoSent(empty: boolean): void {
    if (!empty) this.sent++;
    this.pendingOffline = false;
    this.clearWhenSaved();
  }

  onAck(committed: number): void {
    this.acked = Math.max(this.acked, committed);
    this.clearWhenSaved();
  }

  get state(): SaveState {
    const unsaved = this.pendingOffline || this.acked < this.sent;
    if (this.deleted) return 'deleted';
    if (unsaved && this.denied) return 'refused';
    // Rather than a spinner (or "offline") that never ends: the server said why.
    if (unsaved && this.serverCannotSave) return 'cannot-save';
    if (!this.connected) return unsaved ? 'unsaved-offline' : 'offline';
    return unsaved ? 'saving' : 'saved';
  }

  private clearWhenSaved(): void {
    if (this.connected && !this.pendingOffline && this.acked >= this.sent) this.serverCannotSave = this.denied = false;
  }
}
