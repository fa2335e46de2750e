/**
 * The live documents: itemId → Room (Y.Doc, awareness, connections, log position).
 *
 * - Load = stored state + log tail (one `store.load`); concurrent openers share it.
 * - Accepted updates are appended to the log (group commit); acks wait for the commit.
 * - Compaction folds the log into the stored state every `compactEvery` updates and
 *   when a document unloads (`unloadAfterMs` after its last client left).
 * - The `content` column follows the text, throttled by `contentFlushMs`.
 * - Updates other replicas committed arrive through replica-fanout.ts (`applyRemote`):
 *   applied and published to local clients, never appended again.
 * The socket side lives in sync-endpoint.ts; message semantics in message-handler.ts.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode } from '../close-codes';
import type { Documents, ServerContext } from '../context';
import type { Logger } from '../logger';
import { handleMessage, type MessageSink } from './message-handler';
import { encodeAck, encodeAwareness, encodeSyncStep1, encodeUpdate, isEmptyUpdate } from './protocol';
import { applyRemoteUpdates } from './replica-apply';
import type { ReplicaHost } from './replica-fanout';
import { Room } from './room';
import { SyncConnection, type Broadcast } from './sync-connection';
import { createSyncMetrics, type SyncMetrics } from './sync-metrics';
import { applyTextEditsToYText, diffText } from './text-diff';

/** While a document loads, a client may queue this much before it is cut off (4429). */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;
const SERVER_ORIGIN = Symbol('tandem-server');
/** Awareness changes another replica's clients made (presence-fanout.ts). */
const REMOTE_PRESENCE = Symbol('tandem-remote-presence');

/** Sync replies from this size on are sent paced, in fragments (sendSyncReply). */
const PACED_REPLY_BYTES = 1024 * 1024;

/** How often, at most, a busy document announces that it changed (see announceChange). */
const DOCUMENT_EVENT_THROTTLE_MS = 50;

export class DocumentHub implements Documents, MessageSink, ReplicaHost {
  readonly metrics: SyncMetrics;
  private readonly log: Logger;
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly connections = new Set<SyncConnection>();
  private readonly ackDue = new Set<SyncConnection>();
  private publishAll: Broadcast = () => {};
  private presenceOut: PresenceOut | null = null;
  private closing: Promise<void> | null = null;

  constructor(readonly ctx: ServerContext) {
    this.log = ctx.log.child({ component: 'sync' });
    this.metrics = createSyncMetrics(ctx.metrics, ctx.store, {
      connections: () => this.connections.size,
      documents: () => this.rooms.size,
    });
  }

  /** The transport's publish-to-everyone (uWS `app.publish`), set by the endpoint. */
  setBroadcast(publish: Broadcast): void {
    this.publishAll = publish;
  }

  /** Where this replica's presence changes go for the other replicas (set when there are any). */
  setPresenceOut(out: PresenceOut): void {
    this.presenceOut = out;
  }

  get isClosing(): boolean {
    return this.closing !== null;
  }

  // --- connections -------------------------------------------------------------

  open(conn: SyncConnection): void {
    if (this.closing) return conn.peer.close(CloseCode.SHUTTING_DOWN, 'server is stopping');
    this.connections.add(conn);
    this.room(conn.itemId, conn.workspaceId).then(
      (room) => this.attach(conn, room),
      (error) => {
        this.log.error({ err: error, itemId: conn.itemId }, 'document load failed');
        conn.peer.cork(() => conn.peer.close(CloseCode.INTERNAL, 'document could not be loaded'));
      },
    );
  }

  receive(conn: SyncConnection, bytes: Uint8Array): void {
    if (conn.gone) return;
    if (conn.room) return handleMessage(this, conn, conn.room, bytes);
    conn.queuedBytes += bytes.byteLength;
    if (conn.queuedBytes > MAX_QUEUED_BYTES) return conn.peer.close(CloseCode.BACKPRESSURE, 'too much sent before sync');
    conn.queued?.push(bytes.slice());
  }

  disconnect(conn: SyncConnection): void {
    if (conn.gone) return;
    conn.gone = true;
    this.connections.delete(conn);
    this.ackDue.delete(conn);
    const room = conn.room;
    if (!room || !room.connections.delete(conn)) return;
    if (conn.awarenessIds.size > 0) awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.awarenessIds], 'disconnect');
    if (room.idle) this.scheduleUnload(room);
  }

  connectionsOf(workspaceId: string, userId?: string): SyncConnection[] {
    return [...this.connections].filter((c) => c.workspaceId === workspaceId && (!userId || c.userId === userId));
  }

  private attach(conn: SyncConnection, room: Room): void {
    if (conn.gone) {
      if (room.idle) this.scheduleUnload(room);
      return;
    }
    if (room.detached) return conn.peer.cork(() => conn.peer.close(CloseCode.NOT_FOUND, 'item deleted'));
    if (room.unloadTimer) clearTimeout(room.unloadTimer);
    room.unloadTimer = null;
    room.connections.add(conn);
    conn.room = room;
    const queued = conn.queued ?? [];
    conn.queued = null;
    conn.peer.cork(() => {
      conn.peer.subscribe(room.itemId);
      // The server opens with its step 1 so the client sends what the server lacks.
      conn.peer.send(encodeSyncStep1(Y.encodeStateVector(room.doc)));
      const states = room.awareness.getStates();
      if (states.size > 0) conn.peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()])));
      for (const bytes of queued) if (!conn.gone) handleMessage(this, conn, room, bytes);
    });
  }

  // --- MessageSink: accepted updates -----------------------------------------------

  broadcast(topic: string, bytes: Uint8Array): void {
    this.publishAll(topic, bytes);
  }

  /**
   * A large reply (a whole document to a newcomer) goes out paced, in fragments, so
   * uWS never holds it whole for the socket (sync-endpoint.ts). The socket leaves the
   * room's topic meanwhile, as no other message may come between the fragments; when
   * the reply is out, it rejoins and gets what it missed: the document's changes since
   * the reply was encoded, and everyone's presence.
   */
  sendSyncReply(conn: SyncConnection, room: Room, reply: Uint8Array): void {
    if (reply.byteLength < PACED_REPLY_BYTES) return conn.peer.send(reply);
    const replied = Y.encodeStateVector(room.doc);
    conn.peer.unsubscribe(room.itemId);
    conn.peer.sendPaced(reply, () => {
      if (conn.gone || room.detached) return;
      conn.peer.subscribe(room.itemId);
      const missed = Y.encodeStateAsUpdate(room.doc, replied);
      if (!isEmptyUpdate(missed)) conn.peer.send(encodeUpdate(missed));
      const states = room.awareness.getStates();
      if (states.size > 0) conn.peer.send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()])));
    });
  }

  awarenessFromClient(room: Room, update: Uint8Array): void {
    this.presenceOut?.local(room.itemId, update);
  }

  /** Another replica's client changed its presence on a document: show it to ours, if we hold it. */
  applyRemotePresence(itemId: string, update: Uint8Array): void {
    const room = this.rooms.get(itemId);
    if (!room) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(room.awareness, update, REMOTE_PRESENCE);
    } catch (err) {
      this.log.warn({ err, itemId }, 'skipped an unreadable presence update of another replica');
    }
  }

  accept(room: Room, from: SyncConnection | null, update: Uint8Array): Promise<void> {
    this.metrics.updatesIn.inc();
    room.pendingAppends++;
    room.updatesSinceCompaction++;
    this.contentChanged(room);
    return this.ctx.store.append(room.itemId, update).then(
      (seq) => {
        room.appendSettled();
        if (seq > room.lastSeq) room.lastSeq = seq;
        if (from && !from.gone) {
          from.committed++;
          if (from.wantsAck) this.ackLater(from);
        }
        if (room.updatesSinceCompaction >= this.ctx.config.compactEvery) void this.compact(room);
      },
      (error: unknown) => {
        room.appendSettled();
        this.metrics.errors.inc({ kind: 'append' });
        this.log.error({ err: error, itemId: room.itemId }, 'update could not be persisted');
        // Never ack what is not durable: the client keeps the update and resends it on reconnect.
        if (from && !from.gone) from.peer.cork(() => from.peer.close(CloseCode.INTERNAL, 'update could not be persisted'));
        if (!from) throw error;
      },
    );
  }

  /**
   * A staged update passed update-check.ts but Yjs failed to integrate it: a gap in the
   * check. It was relayed and logged already; its sender is cut off (4400), and a
   * compaction stores what Yjs did integrate of it (it may fail half-way), so the
   * database holds what memory holds. Loading skips the logged row as unreadable.
   */
  private integrateFailed(room: Room, error: unknown, origin: unknown): void {
    this.metrics.errors.inc({ kind: 'apply' });
    this.log.warn({ err: error, itemId: room.itemId }, 'an update passed the check but Yjs could not integrate it');
    const sender = origin instanceof SyncConnection ? origin : null;
    if (sender && !sender.gone) queueMicrotask(() => sender.peer.cork(() => sender.peer.close(CloseCode.BAD_MESSAGE, 'malformed update')));
    room.updatesSinceCompaction++;
    queueMicrotask(() => void this.compact(room));
  }

  /** One ack per connection per commit batch: every append of a batch resolves in the same tick. */
  private ackLater(conn: SyncConnection): void {
    if (this.ackDue.size === 0) queueMicrotask(this.flushAcks);
    this.ackDue.add(conn);
  }

  private readonly flushAcks = (): void => {
    for (const conn of this.ackDue) {
      if (!conn.gone) conn.peer.cork(() => conn.peer.send(encodeAck(conn.committed)));
    }
    this.ackDue.clear();
  };

  // --- ReplicaHost: updates other replicas committed ------------------------------------

  heldRoom(itemId: string): Promise<Room> | null {
    const room = this.rooms.get(itemId);
    return room ? Promise.resolve(room) : (this.loading.get(itemId) ?? null);
  }

  heldItemIds(): string[] {
    return [...new Set([...this.rooms.keys(), ...this.loading.keys()])];
  }

  applyRemote(room: Room, updates: Uint8Array[], lastSeq: bigint): void {
    if (room.detached) return;
    const { update, unreadable } = applyRemoteUpdates(room.doc, updates);
    if (unreadable > 0) {
      this.metrics.errors.inc({ kind: 'remote' }, unreadable);
      this.log.warn({ itemId: room.itemId, unreadable }, 'skipped unreadable updates of another replica');
    }
    if (lastSeq > room.lastSeq) room.lastSeq = lastSeq;
    if (!update) return;
    this.publishAll(room.itemId, encodeUpdate(update));
    this.metrics.updatesOut.inc(undefined, room.connections.size);
    // Every replica holding the document keeps `content` current: each writes after the
    // last change it saw, so the last write holds the converged text.
    this.contentChanged(room);
  }

  // --- Documents ---------------------------------------------------------------------

  async readText(itemId: string): Promise<string> {
    const room = this.rooms.get(itemId);
    if (room) return room.text.toString();
    const doc = await this.loadDoc(itemId);
    try {
      return doc.getText('content').toString();
    } finally {
      doc.destroy();
    }
  }

  async writeText(workspaceId: string, itemId: string, text: string): Promise<void> {
    if (this.closing) throw new Error('document hub is closing');
    const room = await this.room(itemId, workspaceId);
    room.holds++;
    try {
      const edits = diffText(room.text.toString(), text);
      if (edits.length === 0) return;
      let update: Uint8Array | null = null;
      const capture = (u: Uint8Array) => void (update = u);
      room.doc.on('update', capture);
      try {
        room.doc.transact(() => applyTextEditsToYText(room.text, edits), SERVER_ORIGIN);
      } finally {
        room.doc.off('update', capture);
      }
      if (!update) return;
      const message = encodeUpdate(update);
      this.publishAll(itemId, message);
      this.metrics.updatesOut.inc(undefined, room.connections.size);
      await this.accept(room, null, update);
    } finally {
      room.holds--;
      if (room.idle && !room.detached) this.scheduleUnload(room);
    }
  }

  dropItem(itemId: string): void {
    const room = this.rooms.get(itemId);
    for (const conn of this.connections) {
      if (conn.itemId === itemId) conn.peer.cork(() => conn.peer.close(CloseCode.NOT_FOUND, 'item deleted'));
    }
    if (!room) return;
    this.rooms.delete(itemId);
    room.destroy();
  }

  loadedCount(): number {
    return this.rooms.size;
  }

  connectionCount(): number {
    return this.connections.size;
  }

  close(): Promise<void> {
    if (!this.closing) {
      this.closing = Promise.resolve().then(() => this.shutdown());
      // Closing sockets re-enters disconnect(); `closing` is already set, so no unload timers start.
      for (const conn of [...this.connections]) conn.peer.cork(() => conn.peer.close(CloseCode.SHUTTING_DOWN, 'server is stopping'));
    }
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    await Promise.allSettled([...this.loading.values()]);
    await Promise.allSettled([...this.rooms.values()].map((room) => this.unload(room, true)));
  }

  // --- lifecycle -----------------------------------------------------------------------

  private room(itemId: string, workspaceId: string): Promise<Room> {
    const loaded = this.rooms.get(itemId);
    if (loaded) return Promise.resolve(loaded);
    let pending = this.loading.get(itemId);
    if (!pending) {
      pending = this.load(itemId, workspaceId).finally(() => this.loading.delete(itemId));
      this.loading.set(itemId, pending);
    }
    return pending;
  }

  private async load(itemId: string, workspaceId: string): Promise<Room> {
    const stored = await this.ctx.store.load(itemId);
    const room: Room = new Room(itemId, workspaceId, (error, origin) => this.integrateFailed(room, error, origin));
    room.doc.transact(() => {
      for (const update of stored.state ? [stored.state, ...stored.updates] : stored.updates) {
        try {
          Y.applyUpdate(room.doc, update);
        } catch (err) {
          this.metrics.errors.inc({ kind: 'load' });
          this.log.error({ err, itemId }, 'skipped an unreadable stored update');
        }
      }
    });
    room.lastSeq = stored.lastSeq;
    room.updatesSinceCompaction = stored.updates.length;
    room.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => this.awarenessChanged(room, changes, origin));
    this.rooms.set(itemId, room);
    if (room.updatesSinceCompaction >= this.ctx.config.compactEvery) void this.compact(room);
    return room;
  }

  private async loadDoc(itemId: string): Promise<Y.Doc> {
    const stored = await this.ctx.store.load(itemId);
    const doc = new Y.Doc();
    doc.transact(() => {
      if (stored.state) Y.applyUpdate(doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }

  /** Client awareness is relayed as sent; only the server's own changes (leavers, timeouts) are encoded here. */
  private awarenessChanged(room: Room, { added, updated, removed }: AwarenessChanges, origin: unknown): void {
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
    if (room.connections.size > 0) this.publishAll(room.itemId, encodeAwareness(update));
    // A client that left here is gone for the other replicas' clients too. (Timeouts
    // happen on every replica by themselves; remote changes must not echo back.)
    if (origin === 'disconnect') this.presenceOut?.local(room.itemId, update);
  }

  private contentChanged(room: Room): void {
    this.announceChange(room);
    if (room.contentTimer) return;
    room.contentTimer = setTimeout(() => {
      room.contentTimer = null;
      if (room.detached) return;
      this.ctx.store.writeContent(room.itemId, room.text.toString());
    }, jittered(this.ctx.config.contentFlushMs));
  }

  /**
   * The `document` event (the executor marks the file dirty from it) on a short throttle
   * of its own, leading and trailing edge: edits reach the environment within the push
   * policy's bounds whatever the content column's flush interval is.
   */
  private announceChange(room: Room): void {
    if (room.announceTimer) {
      room.announcePending = true;
      return;
    }
    this.ctx.events.emit('document', room.workspaceId, room.itemId);
    room.announceTimer = setTimeout(() => {
      room.announceTimer = null;
      if (!room.announcePending || room.detached) return;
      room.announcePending = false;
      this.ctx.events.emit('document', room.workspaceId, room.itemId);
    }, DOCUMENT_EVENT_THROTTLE_MS);
  }

  private compact(room: Room): Promise<void> {
    if (room.compacting) return room.compacting;
    const state = Y.encodeStateAsUpdate(room.doc);
    const through = room.lastSeq;
    const folded = room.updatesSinceCompaction;
    // Appends still in flight are in `state` but commit with a later seq: they stay in the log.
    room.updatesSinceCompaction = room.pendingAppends;
    if (room.contentTimer) clearTimeout(room.contentTimer);
    room.contentTimer = null;
    const content = room.text.toString();
    room.compacting = this.ctx.store
      .compact(room.itemId, state, content, through)
      .then(
        () => {
          this.metrics.compactions.inc();
          this.ctx.events.emit('document', room.workspaceId, room.itemId);
        },
        (err: unknown) => {
          room.updatesSinceCompaction += folded;
          this.metrics.errors.inc({ kind: 'compact' });
          this.log.error({ err, itemId: room.itemId }, 'compaction failed; the log still holds every update');
        },
      )
      .finally(() => {
        room.compacting = null;
      });
    return room.compacting;
  }

  private scheduleUnload(room: Room): void {
    if (room.unloadTimer || this.closing) return;
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      void this.unload(room, false);
    }, this.ctx.config.unloadAfterMs);
  }

  /** Persist (wait for appends, compact) and forget the room, unless someone came back meanwhile. */
  private async unload(room: Room, force: boolean): Promise<void> {
    if (room.detached || (!force && !room.idle)) return;
    await room.settled();
    if (room.compacting) await room.compacting;
    if (room.updatesSinceCompaction > 0 || room.contentTimer) await this.compact(room);
    if (room.detached) return;
    if (!force && (!room.idle || room.updatesSinceCompaction > 0)) {
      if (room.idle) this.scheduleUnload(room);
      return;
    }
    this.rooms.delete(room.itemId);
    room.destroy();
  }
}

/**
 * The content flush also integrates what the room staged (reading the text), so its
 * cost grows with the interval. Documents that got busy together would otherwise
 * flush together, every interval, in one timer run: measured at 300 busy documents
 * and 2 s, that burst took p99 propagation from 15 ms to 50 ms. ±25% spreads them.
 */
function jittered(ms: number): number {
  return Math.round(ms * (0.75 + Math.random() * 0.5));
}

/** Where this replica's presence changes go for the other replicas (presence-fanout.ts). */
interface PresenceOut {
  local(itemId: string, update: Uint8Array): void;
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}
