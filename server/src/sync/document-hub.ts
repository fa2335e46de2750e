/**
 * The live documents: itemId → Room (Y.Doc, awareness, connections, log position).
 *
 * - Load = stored state + log tail (one `store.load`); concurrent openers share it.
 * - Accepted updates are appended to the log (group commit); acks wait for the commit.
 *   One whose commit fails takes its document out of memory and closes its clients
 *   (`persistFailed`); while the database is away, or TANDEM_MAX_UNSAVED_BYTES are
 *   held uncommitted (unsaved-budget.ts), updates are refused before they are relayed.
 * - Compaction folds the log into the stored state every `compactEvery` updates and
 *   when a document unloads (`unloadAfterMs` after its last client left). One that
 *   keeps failing backs off and lets the document unload uncompacted after a few
 *   tries (compaction-retry.ts): its log still holds every acknowledged update.
 * - A document's encoded size is bounded (`maxDocumentBytes`, document-size.ts):
 *   message-handler.ts refuses a client update past it, writeText throws.
 * - The `content` column follows the text, throttled by `contentFlushMs`.
 * - Updates other replicas committed arrive through replica-fanout.ts (`applyRemote`):
 *   applied and published to local clients, never appended again.
 * The socket side lives in sync-endpoint.ts; message semantics in message-handler.ts.
 */
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { DatabaseUnavailableError, ItemNotFoundError } from '@tandem/persistence';
import { CloseCode } from '../close-codes';
import type { Documents, ServerContext } from '../context';
import type { Logger } from '../logger';
import { handleMessage, type MessageSink, type SaveRefusal } from './message-handler';
import { encodeAck, encodeAwareness, encodeSyncStep1, encodeUpdate, isEmptyUpdate } from './protocol';
import { compactionRetryDelayMs, mayUnloadUncompacted } from './compaction-retry';
import { DocumentTooLargeError } from './document-size';
import { applyRemoteUpdates } from './replica-apply';
import type { ReplicaHost } from './replica-fanout';
import { Room } from './room';
import { SyncConnection, type Broadcast } from './sync-connection';
import { createSyncMetrics, type SyncMetrics } from './sync-metrics';
import { applyTextEditsToYText, diffText } from './text-diff';
import { UnsavedBudget, UnsavedLimitError } from './unsaved-budget';

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
  /** Accepted updates not committed yet (TANDEM_MAX_UNSAVED_BYTES). */
  private readonly unsaved: UnsavedBudget;
  private readonly refusals: { databaseAway: SaveRefusal; unsavedLimit: SaveRefusal };

  constructor(readonly ctx: ServerContext) {
    this.log = ctx.log.child({ component: 'sync' });
    this.metrics = createSyncMetrics(ctx.metrics, ctx.store, {
      connections: () => this.connections.size,
      documents: () => this.rooms.size,
    });
    this.unsaved = new UnsavedBudget(ctx.config.maxUnsavedBytes);
    ctx.metrics.collect('tandem_sync_unsaved_bytes', 'Bytes of accepted updates not committed yet (limit: TANDEM_MAX_UNSAVED_BYTES)', () => this.unsaved.bytes);
    this.refusals = {
      databaseAway: { code: CloseCode.DATABASE_UNAVAILABLE, reason: 'the database is unavailable: nothing can be saved now', kind: 'database-unavailable' },
      unsavedLimit: { code: CloseCode.UNSAVED_LIMIT, reason: 'the server holds too many unsaved updates: reconnect later', kind: 'unsaved-limit' },
    };
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
        if (error instanceof DatabaseUnavailableError) {
          this.ctx.database.suspect();
          return conn.peer.cork(() => conn.peer.close(CloseCode.DATABASE_UNAVAILABLE, 'the database is unavailable'));
        }
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

  saveRefusal(bytes: number): SaveRefusal | null {
    if (!this.ctx.database.available) return this.refusals.databaseAway;
    return this.unsaved.allows(bytes) ? null : this.refusals.unsavedLimit;
  }

  accept(room: Room, from: SyncConnection | null, update: Uint8Array): Promise<void> {
    this.metrics.updatesIn.inc();
    const bytes = update.byteLength;
    this.unsaved.take(bytes);
    room.pendingAppends++;
    room.updatesSinceCompaction++;
    this.contentChanged(room);
    return this.ctx.store.append(room.itemId, update).then(
      (seq) => {
        this.unsaved.release(bytes);
        room.appendSettled();
        if (seq > room.lastSeq) room.lastSeq = seq;
        if (from && !from.gone) {
          from.committed++;
          if (from.wantsAck) this.ackLater(from);
        }
        if (room.updatesSinceCompaction >= this.ctx.config.compactEvery && Date.now() >= room.compactDueAt) void this.compact(room);
      },
      (error: unknown) => {
        this.unsaved.release(bytes);
        room.appendSettled();
        this.metrics.errors.inc({ kind: 'append' });
        // Never ack what is not durable: its client keeps the update and resends it on reconnect.
        this.persistFailed(room, error);
        if (!from) throw error;
      },
    );
  }

  /**
   * An update could not be committed, so the room's document holds what the log does
   * not. Kept, it would outlive the failure as a lie: a client reconnecting syncs
   * against that document, has nothing to send back, and takes its edit for saved; a
   * restart would lose it. So the room goes, uncompacted, and every client of it is
   * closed (4502 when the database is away): each one, on reconnecting, sends what
   * the log lacks to the document loaded afresh from it.
   */
  private persistFailed(room: Room, error: unknown): void {
    const unavailable = error instanceof DatabaseUnavailableError;
    if (unavailable) this.ctx.database.suspect();
    if (room.detached) return;
    if (unavailable) this.log.warn({ err: error, itemId: room.itemId }, 'the database is unavailable: closing the clients of this document (4502)');
    else this.log.error({ err: error, itemId: room.itemId }, 'update could not be persisted: closing the clients of this document');
    if (error instanceof ItemNotFoundError) return this.evict(room, CloseCode.NOT_FOUND, 'item deleted');
    this.evict(room, unavailable ? CloseCode.DATABASE_UNAVAILABLE : CloseCode.INTERNAL, 'update could not be persisted');
  }

  /** Forget the room without persisting it, closing its clients first (as dropItem does). */
  private evict(room: Room, code: number, reason: string): void {
    for (const conn of [...room.connections]) conn.peer.cork(() => conn.peer.close(code, reason));
    if (this.rooms.get(room.itemId) === room) this.rooms.delete(room.itemId);
    room.destroy();
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
    room.size.grew(update.byteLength);
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
    // Refused before the document changes, as client updates are (message-handler.ts).
    if (!this.ctx.database.available) throw new DatabaseUnavailableError('database_unavailable', 'the database is unavailable');
    if (this.unsaved.exhausted) throw new UnsavedLimitError(this.unsaved.limitBytes);
    const room = await this.room(itemId, workspaceId);
    room.holds++;
    try {
      const edits = diffText(room.text.toString(), text);
      if (edits.length === 0) return;
      if (!room.size.admits(editBytes(edits))) throw new DocumentTooLargeError(itemId, room.size.limit);
      let update: Uint8Array | null = null;
      const capture = (u: Uint8Array) => void (update = u);
      room.doc.on('update', capture);
      try {
        room.doc.transact(() => applyTextEditsToYText(room.text, edits), SERVER_ORIGIN);
      } finally {
        room.doc.off('update', capture);
      }
      if (!update) return;
      room.size.grew((update as Uint8Array).byteLength);
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
    const room: Room = new Room(itemId, workspaceId, this.ctx.config.maxDocumentBytes, (error, origin) => this.integrateFailed(room, error, origin));
    room.doc.transact(() => {
      for (const update of stored.state ? [stored.state, ...stored.updates] : stored.updates) {
        room.size.grew(update.byteLength);
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
    // Evicted (persistFailed) or dropped: what it holds must not reach the stored state.
    if (room.detached) return Promise.resolve();
    const state = Y.encodeStateAsUpdate(room.doc);
    room.size.measuredAs(state.byteLength);
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
          room.compactFailures = 0;
          room.compactDueAt = 0;
          this.metrics.compactions.inc();
          this.ctx.events.emit('document', room.workspaceId, room.itemId);
        },
        (err: unknown) => {
          room.updatesSinceCompaction += folded;
          room.compactFailures++;
          room.compactDueAt = Date.now() + compactionRetryDelayMs(room.compactFailures);
          this.metrics.errors.inc({ kind: 'compact' });
          this.log.error({ err, itemId: room.itemId, failures: room.compactFailures }, 'compaction failed; the log still holds every update');
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
    const uncompacted = room.updatesSinceCompaction > 0;
    // A compaction that keeps failing must not pin the document in memory: its log has every committed update.
    const givenUp = uncompacted && mayUnloadUncompacted(room.compactFailures) && room.pendingAppends === 0;
    if (!force && (!room.idle || (uncompacted && !givenUp))) {
      if (room.idle) this.scheduleUnload(room);
      return;
    }
    if (uncompacted && !force) {
      this.metrics.errors.inc({ kind: 'unload-uncompacted' });
      this.log.warn({ itemId: room.itemId, failures: room.compactFailures }, 'unloading a document whose compaction keeps failing; its log keeps its updates');
      // The failed compaction did not write the text either: the content column still catches up.
      this.ctx.store.writeContent(room.itemId, room.text.toString());
    }
    this.rooms.delete(room.itemId);
    room.destroy();
  }
}

/** What applying `edits` may add to a document's encoding, at most: the inserted text plus a few bytes of item and delete-set structure per edit. */
function editBytes(edits: readonly { insert: string }[]): number {
  let bytes = 0;
  for (const edit of edits) bytes += Buffer.byteLength(edit.insert, 'utf8') + 32;
  return bytes;
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
