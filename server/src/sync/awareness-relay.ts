/**
 * Presence (y-protocols awareness: cursors, selections, names) of a document's
 * clients. A client's awareness update is relayed as sent (message-handler.ts) and
 * handed on here for the other replicas; only the server's own changes (a client
 * that left, a state timed out) are encoded here, for the room's clients. Another
 * replica's presence (presence-fanout.ts) is applied to the room, so it reaches ours.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../logger';
import type { PresenceHost } from './presence-fanout';
import { encodeAwareness } from './protocol';
import type { Room } from './room';
import type { Broadcast, SyncConnection } from './sync-connection';

/** Where this replica's presence changes go for the other replicas (presence-fanout.ts). */
export interface PresenceOut {
  local(itemId: string, update: Uint8Array): void;
}

export interface AwarenessRelayOptions {
  broadcast: Broadcast;
  /** The other replicas, when there are any. */
  presenceOut: PresenceOut | null;
  /** The room of a document this replica has loaded. */
  loadedRoom(itemId: string): Room | undefined;
  log: Logger;
}

/** Awareness changes another replica's clients made (presence-fanout.ts). */
const REMOTE_PRESENCE = Symbol('tandem-remote-presence');

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

export class AwarenessRelay implements PresenceHost {
  constructor(private readonly options: AwarenessRelayOptions) {}

  /** Follow a room's awareness from its load on. */
  watch(room: Room): void {
    room.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => this.changed(room, changes, origin));
  }

  /** A client's awareness update, applied to the room and relayed already: for the other replicas' clients. */
  fromClient(room: Room, update: Uint8Array): void {
    this.options.presenceOut?.local(room.itemId, update);
  }

  /** A connection left the room: the states it controlled go, for everyone. */
  left(room: Room, conn: SyncConnection): void {
    if (conn.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.awarenessIds], 'disconnect');
  }

  /** Another replica's client changed its presence on a document: show it to ours, if we hold it. */
  applyRemotePresence(itemId: string, update: Uint8Array): void {
    const room = this.options.loadedRoom(itemId);
    if (!room) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(room.awareness, update, REMOTE_PRESENCE);
    } catch (err) {
      this.options.log.warn({ err, itemId }, 'skipped an unreadable presence update of another replica');
    }
  }

  private changed(room: Room, { added, updated, removed }: AwarenessChanges, origin: unknown): void {
    const conn = room.connections.has(origin as SyncConnection) ? (origin as SyncConnection) : null;
    if (conn) {
      for (const id of added) conn.awarenessIds.add(id);
      for (const id of updated) conn.awarenessIds.add(id);
      for (const id of removed) conn.awarenessIds.delete(id);
      return;
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(room.awareness, changed);
    if (room.connections.size > 0) this.options.broadcast(room.itemId, encodeAwareness(update));
    // A client that left here is gone for the other replicas' clients too. (Timeouts
    // happen on every replica by themselves; remote changes must not echo back.)
    if (origin === 'disconnect') this.options.presenceOut?.local(room.itemId, update);
  }
}
