/**
 * Acks (message 100, docs/protocols.md): a connection that asked (`?ack=1`) hears
 * how many of its updates are committed, cumulatively, once they are. Every append
 * of one group-commit batch resolves in the same tick, so the acks wait for a
 * microtask and go out once per connection per batch, not once per update.
 */
import { encodeAck } from './protocol';
import type { SyncConnection } from './sync-connection';

export class CommitAcks {
  private readonly due = new Set<SyncConnection>();

  /** One of the connection's updates was committed. */
  committed(conn: SyncConnection): void {
    if (conn.gone) return;
    conn.committed++;
    if (!conn.wantsAck) return;
    if (this.due.size === 0) queueMicrotask(this.flush);
    this.due.add(conn);
  }

  /** The connection left: nothing more is sent to it. */
  forget(conn: SyncConnection): void {
    this.due.delete(conn);
  }

  private readonly flush = (): void => {
    for (const conn of this.due) {
      if (!conn.gone) conn.peer.cork(() => conn.peer.send(encodeAck(conn.committed)));
    }
    this.due.clear();
  };
}
