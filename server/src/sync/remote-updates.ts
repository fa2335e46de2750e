/**
 * Updates other replicas committed (replica-fanout.ts), applied to the documents this
 * replica holds: in the log already, so never appended again; what was new to the
 * document is published to its clients, and its text follows (content flush,
 * announcement), as for a local change.
 */
import type { Logger } from '../logger';
import { applyRemoteUpdates } from './replica-apply';
import type { ReplicaHost } from './replica-fanout';
import { encodeUpdate } from './protocol';
import type { Room } from './room';
import type { RoomRegistry } from './room-registry';
import type { Broadcast } from './sync-connection';
import type { SyncMetrics } from './sync-metrics';

export interface RemoteUpdatesOptions {
  rooms: Pick<RoomRegistry, 'held' | 'heldItemIds'>;
  broadcast: Broadcast;
  metrics: Pick<SyncMetrics, 'updatesOut' | 'errors'>;
  log: Logger;
  /** The document changed (the executor's announcement, the content flush). */
  changed(room: Room): void;
}

export class RemoteUpdates implements ReplicaHost {
  constructor(private readonly options: RemoteUpdatesOptions) {}

  heldRoom(itemId: string): Promise<Room> | null {
    return this.options.rooms.held(itemId);
  }

  heldItemIds(): string[] {
    return this.options.rooms.heldItemIds();
  }

  applyRemote(room: Room, updates: Uint8Array[], lastSeq: bigint): void {
    if (room.detached) return;
    const { broadcast, metrics, log, changed } = this.options;
    const { update, unreadable } = applyRemoteUpdates(room.doc, updates);
    if (unreadable > 0) {
      metrics.errors.inc({ kind: 'remote' }, unreadable);
      log.warn({ itemId: room.itemId, unreadable }, 'skipped unreadable updates of another replica');
    }
    if (lastSeq > room.lastSeq) room.lastSeq = lastSeq;
    if (!update) return;
    room.size.grew(update.byteLength);
    broadcast(room.itemId, encodeUpdate(update));
    metrics.updatesOut.inc(undefined, room.connections.size);
    // Every replica holding the document keeps `content` current: each writes after the
    // last change it saw, so the last write holds the converged text.
    changed(room);
  }
}
