/**
 * The open `/sync` connections and their way into a document: a connection opens,
 * its document loads (or is held already), and it attaches to the room: it joins the
 * room's topic, is greeted (sync-replies.ts) and its messages go to the message
 * handler. Messages that arrive while the document loads are kept, up to a bound,
 * and handled in order once attached. When a connection leaves, its presence goes,
 * and a room left idle is scheduled to unload.
 *
 * This is what the socket endpoint (sync-endpoint.ts) talks to; it never sees uWS.
 */
import { CloseCode } from '@tandem/protocol';
import { DatabaseUnavailableError } from '@tandem/persistence';
import type { DatabaseStatus } from '../context';
import type { Logger } from '../logger';
import type { AwarenessRelay } from './awareness-relay';
import type { CommitAcks } from './commit-acks';
import { handleMessage, type MessageSink } from './message-handler';
import type { Room } from './room';
import type { RoomRegistry } from './room-registry';
import type { SyncConnection } from './sync-connection';
import type { SyncMetrics } from './sync-metrics';
import { greet } from './sync-replies';
import type { Unloader } from './unloader';

/** While a document loads, a client may queue this much before it is cut off (4429). */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

export interface SyncConnectionsOptions {
  rooms: Pick<RoomRegistry, 'room'>;
  /** Where an attached connection's messages go (message-handler.ts). */
  sink: MessageSink;
  acks: Pick<CommitAcks, 'forget'>;
  awareness: Pick<AwarenessRelay, 'left'>;
  unloader: Pick<Unloader, 'schedule' | 'cancel'>;
  database: DatabaseStatus;
  metrics: SyncMetrics;
  log: Logger;
  /** The hub is shutting down: no connection is taken. */
  closing(): boolean;
}

export class SyncConnections {
  private readonly conns = new Set<SyncConnection>();
  private readonly sink: MessageSink;
  readonly metrics: SyncMetrics;

  constructor(private readonly options: SyncConnectionsOptions) {
    this.metrics = options.metrics;
    this.sink = options.sink;
  }

  get isClosing(): boolean {
    return this.options.closing();
  }

  get count(): number {
    return this.conns.size;
  }

  /** An admitted connection: load its document and attach it. */
  open(conn: SyncConnection): void {
    if (this.options.closing()) return conn.peer.close(CloseCode.SHUTTING_DOWN, 'server is stopping');
    this.conns.add(conn);
    this.options.rooms.room(conn.itemId, conn.workspaceId).then(
      (room) => this.attach(conn, room),
      (error) => {
        if (error instanceof DatabaseUnavailableError) {
          this.options.database.suspect();
          return conn.peer.cork(() => conn.peer.close(CloseCode.DATABASE_UNAVAILABLE, 'the database is unavailable'));
        }
        this.options.log.error({ err: error, itemId: conn.itemId }, 'document load failed');
        conn.peer.cork(() => conn.peer.close(CloseCode.INTERNAL, 'document could not be loaded'));
      },
    );
  }

  /** One frame from the client, valid only during this call (the uWS buffer is reused). */
  receive(conn: SyncConnection, bytes: Uint8Array): void {
    if (conn.gone) return;
    if (conn.room) return handleMessage(this.sink, conn, conn.room, bytes);
    conn.queuedBytes += bytes.byteLength;
    if (conn.queuedBytes > MAX_QUEUED_BYTES) return conn.peer.close(CloseCode.BACKPRESSURE, 'too much sent before sync');
    conn.queued?.push(bytes.slice());
  }

  /** The connection ended (closed by either side). */
  disconnect(conn: SyncConnection): void {
    if (conn.gone) return;
    conn.gone = true;
    this.conns.delete(conn);
    this.options.acks.forget(conn);
    const room = conn.room;
    if (!room || !room.connections.delete(conn)) return;
    this.options.awareness.left(room, conn);
    if (room.idle) this.options.unloader.schedule(room);
  }

  /** The workspace's connections (of one user, when given). */
  connectionsOf(workspaceId: string, userId?: string): SyncConnection[] {
    return [...this.conns].filter((c) => c.workspaceId === workspaceId && (!userId || c.userId === userId));
  }

  /** Every connection of the user, in any workspace. */
  connectionsOfUser(userId: string): SyncConnection[] {
    return [...this.conns].filter((c) => c.userId === userId);
  }

  /** Close every connection of the document, attached or still waiting for its load. */
  closeItem(itemId: string, code: number, reason: string): void {
    for (const conn of this.conns) {
      if (conn.itemId === itemId) conn.peer.cork(() => conn.peer.close(code, reason));
    }
  }

  /** Close every connection (shutdown); closing re-enters `disconnect`. */
  closeAll(code: number, reason: string): void {
    for (const conn of [...this.conns]) conn.peer.cork(() => conn.peer.close(code, reason));
  }

  private attach(conn: SyncConnection, room: Room): void {
    if (conn.gone) {
      if (room.idle) this.options.unloader.schedule(room);
      return;
    }
    if (room.detached) return conn.peer.cork(() => conn.peer.close(CloseCode.NOT_FOUND, 'item deleted'));
    this.options.unloader.cancel(room);
    room.connections.add(conn);
    conn.room = room;
    const queued = conn.queued ?? [];
    conn.queued = null;
    conn.peer.cork(() => {
      conn.peer.subscribe(room.itemId);
      greet(conn, room);
      for (const bytes of queued) if (!conn.gone) handleMessage(this.sink, conn, room, bytes);
    });
  }
}
