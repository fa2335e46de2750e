/**
 * The live documents, composed from their parts; each part is one job, in a file
 * named after it, and gets only what it uses:
 *
 *   room-registry.ts     itemId → Room; load = stored state + log tail, shared by concurrent openers
 *   sync-connections.ts  /sync connections: open, attach to the room, receive, leave
 *   message-handler.ts   what one client message does (sync-replies.ts: what the server sends of itself)
 *   update-acceptor.ts   accepted updates into the log, acks after commit (commit-acks.ts), save refusals
 *   compactor.ts         the log folded into the stored state, with backoff after failures
 *   unloader.ts          idle documents compacted and forgotten
 *   content-flush.ts     the `content` column follows the text
 *   change-announcer.ts  the `document` event for the executor
 *   awareness-relay.ts   presence, here and to and from the other replicas
 *   remote-updates.ts    other replicas' committed updates applied (replica-fanout.ts)
 *   live-documents.ts    the `Documents` port for the rest of the server
 *
 * The socket side lives in sync-endpoint.ts, which talks to `connections`.
 */
import type { DocumentStore } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import type { Config } from '../config';
import type { DatabaseStatus } from '../context';
import type { WorkspaceEvents } from '../events';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { AwarenessRelay, type PresenceOut } from './awareness-relay';
import { ChangeAnnouncer } from './change-announcer';
import { CommitAcks } from './commit-acks';
import { Compactor } from './compactor';
import { ContentFlush } from './content-flush';
import { LiveDocuments } from './live-documents';
import type { MessageSink } from './message-handler';
import { RemoteUpdates } from './remote-updates';
import type { Room } from './room';
import { RoomRegistry } from './room-registry';
import type { Broadcast } from './sync-connection';
import { SyncConnections } from './sync-connections';
import { createSyncMetrics, type SyncMetrics } from './sync-metrics';
import { Unloader } from './unloader';
import { UnsavedBudget } from './unsaved-budget';
import { UpdateAcceptor } from './update-acceptor';

export type DocumentLimits = Pick<Config, 'maxDocumentBytes' | 'maxUnsavedBytes' | 'compactEvery' | 'compactMinIntervalMs' | 'contentFlushMs' | 'unloadAfterMs'>;

export interface DocumentHubOptions {
  store: DocumentStore;
  /** Read on every decision (the database's availability changes). */
  database: DatabaseStatus;
  events: Pick<WorkspaceEvents, 'emit'>;
  log: Logger;
  metrics: Metrics;
  limits: DocumentLimits;
  /** Publish to every subscriber of a topic (uWS `app.publish`), for messages no client sent. */
  broadcast: Broadcast;
  /** Where presence changes go for the other replicas, when there are any (presence-fanout.ts). */
  presenceOut?: PresenceOut | null;
}

export class DocumentHub {
  readonly metrics: SyncMetrics;
  /** The `Documents` port (context.ts). */
  readonly documents: LiveDocuments;
  /** For the socket endpoint and the membership watch. */
  readonly connections: SyncConnections;
  /** For replica-fanout.ts. */
  readonly replicas: RemoteUpdates;
  /** For presence-fanout.ts: other replicas' presence, applied here. */
  readonly presence: AwarenessRelay;
  private readonly rooms: RoomRegistry;
  private readonly unloader: Unloader;
  private closing: Promise<void> | null = null;

  constructor(options: DocumentHubOptions) {
    const { store, database, events, limits, broadcast } = options;
    const log = options.log.child({ component: 'sync' });
    const metrics = (this.metrics = createSyncMetrics(options.metrics, store, {
      connections: () => this.connections.count,
      documents: () => this.rooms.size,
    }));
    const unsaved = new UnsavedBudget(limits.maxUnsavedBytes);
    options.metrics.collect('tandem_sync_unsaved_bytes', 'Bytes of accepted updates not committed yet (limit: TANDEM_MAX_UNSAVED_BYTES)', () => unsaved.bytes);
    const closing = () => this.closing !== null;

    const announcer = new ChangeAnnouncer(events);
    const contentFlush = new ContentFlush(store, limits.contentFlushMs);
    const changed = (room: Room) => {
      announcer.changed(room);
      contentFlush.changed(room);
    };
    const acks = new CommitAcks();
    const compactor = new Compactor({ store, compactEvery: limits.compactEvery, minIntervalMs: limits.compactMinIntervalMs, contentFlush, announcer, metrics, log });
    const rooms = (this.rooms = new RoomRegistry({
      store,
      maxDocumentBytes: limits.maxDocumentBytes,
      metrics,
      log,
      loaded: (room) => {
        this.presence.watch(room);
        compactor.loaded(room);
      },
      integrateFailed: (room, error, origin) => compactor.integrateFailed(room, error, origin),
    }));
    this.presence = new AwarenessRelay({ broadcast, presenceOut: options.presenceOut ?? null, loadedRoom: (itemId) => rooms.get(itemId), log });
    const unloader = (this.unloader = new Unloader({
      unloadAfterMs: limits.unloadAfterMs,
      compactor,
      contentFlush,
      forget: (room) => rooms.forget(room),
      metrics,
      log,
      closing,
    }));
    const updates = new UpdateAcceptor({
      store,
      database,
      unsaved,
      acks,
      metrics,
      log,
      changed,
      committed: (room) => compactor.committed(room),
      evict: (room, code, reason) => rooms.evict(room, code, reason),
    });
    const sink: MessageSink = { metrics, updates, awareness: this.presence, broadcast };
    this.connections = new SyncConnections({ rooms, sink, acks, awareness: this.presence, unloader, database, metrics, log, closing });
    this.replicas = new RemoteUpdates({ rooms, broadcast, metrics, log, changed });
    this.documents = new LiveDocuments({ rooms, connections: this.connections, unloader, updates, store, broadcast, metrics, closing });
  }

  get isClosing(): boolean {
    return this.closing !== null;
  }

  /** Close every connection, then persist (compact) and unload every document. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = Promise.resolve().then(() => this.shutdown());
      // Closing sockets re-enters disconnect(); `closing` is already set, so no unload timers start.
      this.connections.closeAll(CloseCode.SHUTTING_DOWN, 'server is stopping');
    }
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await this.rooms.loadsSettled();
    await Promise.allSettled(this.rooms.loaded().map((room) => this.unloader.unload(room, true)));
  }
}
