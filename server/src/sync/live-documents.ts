/**
 * The `Documents` port (context.ts): how the rest of the server (file routes, the
 * execution environment's file source and pulled changes) reads and changes live
 * documents, without reaching into rooms.
 *
 * `withDocument` loads the room and holds it loaded for its callback; `change`
 * makes a server-side change as a client update is made: refused before the document
 * changes when it cannot be saved or would grow past its limit, then applied in one
 * transaction, relayed to the document's clients at once, appended to the log, and
 * resolved once committed. `readDocument` reads without loading a room.
 */
import * as Y from 'yjs';
import { CloseCode } from '@tandem/protocol';
import type { DocumentStore } from '@tandem/persistence';
import type { Documents, LiveDocument } from '../context';
import { DocumentTooLargeError } from './document-size';
import { encodeUpdate } from './protocol';
import { newServerDoc } from './server-doc';
import type { Room } from './room';
import type { RoomRegistry } from './room-registry';
import type { Broadcast } from './sync-connection';
import type { SyncConnections } from './sync-connections';
import type { SyncMetrics } from './sync-metrics';
import { applyTextEditsToYText, diffText, type TextEdit } from './text-diff';
import type { Unloader } from './unloader';
import type { UpdateAcceptor } from './update-acceptor';

/** The origin of `writeText`'s transactions. */
export const SERVER_ORIGIN = Symbol('tandem-server');

export interface LiveDocumentsOptions {
  rooms: Pick<RoomRegistry, 'get' | 'room' | 'forget' | 'size'>;
  connections: Pick<SyncConnections, 'count' | 'closeItem'>;
  unloader: Pick<Unloader, 'hold' | 'release'>;
  updates: Pick<UpdateAcceptor, 'accept' | 'serverWriteRefusal'>;
  /** Reads of documents this replica does not hold load a copy from here. */
  store: Pick<DocumentStore, 'load'>;
  broadcast: Broadcast;
  metrics: Pick<SyncMetrics, 'updatesOut'>;
  /** The hub is shutting down: nothing more is loaded or changed. */
  closing(): boolean;
}

const textOf = (doc: Y.Doc): string => doc.getText('content').toString();

export class LiveDocuments implements Documents {
  constructor(private readonly options: LiveDocumentsOptions) {}

  withDocument<T>(workspaceId: string, itemId: string, use: (live: LiveDocument) => T | Promise<T>): Promise<T> {
    return this.withRoom(workspaceId, itemId, (room) => use({
      get doc() {
        return room.doc;
      },
      change: (origin, apply, growthBytes) => this.change(room, origin, apply, growthBytes),
    }));
  }

  async readDocument<T>(itemId: string, read: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    return this.readRoomOrCopy(itemId, (room) => read(room.doc), read);
  }

  readText(itemId: string): Promise<string> {
    return this.readRoomOrCopy(itemId, (room) => room.textContent(), textOf);
  }

  async writeText(workspaceId: string, itemId: string, text: string): Promise<void> {
    // Refused before the document loads or changes, as client updates are (message-handler.ts).
    this.refuseWrites();
    return this.withRoom(workspaceId, itemId, (room) => {
      const edits = diffText(room.textContent(), text);
      if (edits.length === 0) return;
      return this.change(room, SERVER_ORIGIN, (doc) => applyTextEditsToYText(doc.getText('content'), edits), editBytes(edits), text);
    });
  }

  private async withRoom<T>(workspaceId: string, itemId: string, use: (room: Room) => T | Promise<T>): Promise<T> {
    if (this.options.closing()) throw new Error('document hub is closing');
    const { rooms, unloader } = this.options;
    const room = await rooms.room(itemId, workspaceId);
    unloader.hold(room);
    try {
      return await use(room);
    } finally {
      unloader.release(room);
    }
  }

  /** `fromRoom` on the loaded room, held meanwhile; else `fromCopy` on a copy loaded from the store. */
  private async readRoomOrCopy<T>(itemId: string, fromRoom: (room: Room) => T | Promise<T>, fromCopy: (doc: Y.Doc) => T | Promise<T>): Promise<T> {
    const { rooms, unloader } = this.options;
    const room = rooms.get(itemId);
    if (room) {
      unloader.hold(room);
      try {
        return await fromRoom(room);
      } finally {
        unloader.release(room);
      }
    }
    const doc = await this.loadCopy(itemId);
    try {
      return await fromCopy(doc);
    } finally {
      doc.destroy();
    }
  }

  dropItem(itemId: string): void {
    this.options.connections.closeItem(itemId, CloseCode.NOT_FOUND, 'item deleted');
    const room = this.options.rooms.get(itemId);
    if (room) this.options.rooms.forget(room);
  }

  loadedCount(): number {
    return this.options.rooms.size;
  }

  connectionCount(): number {
    return this.options.connections.count;
  }

  /** `textAfter`: what the text is once `apply` has run in full (a text write), kept as the room's string. */
  private async change(room: Room, origin: unknown, apply: (doc: Y.Doc) => void, growthBytes: number, textAfter?: string): Promise<void> {
    this.refuseWrites();
    if (room.detached) throw new Error(`document ${room.itemId} was unloaded (deleted, or closed after a failed save)`);
    if (!room.size.admits(growthBytes)) throw new DocumentTooLargeError(room.itemId, room.size.limit);
    const doc = room.doc;
    let update: Uint8Array | null = null;
    let failure: { error: unknown } | null = null;
    const capture = (u: Uint8Array) => void (update = u);
    doc.on('update', capture);
    try {
      doc.transact(() => apply(doc), origin);
    } catch (error) {
      failure = { error };
    } finally {
      doc.off('update', capture);
    }
    if (!failure && textAfter !== undefined) room.textIs(textAfter);
    // What `apply` changed before it threw is in the document: it is saved and relayed all the same.
    const changed = update as Uint8Array | null; // assigned by `capture`, which control flow analysis does not see
    if (changed) await this.publish(room, changed);
    if (failure) throw failure.error;
  }

  private publish(room: Room, update: Uint8Array): Promise<void> {
    room.size.grew(update.byteLength);
    this.options.broadcast(room.itemId, encodeUpdate(update));
    this.options.metrics.updatesOut.inc(undefined, room.connections.size);
    return this.options.updates.accept(room, null, update);
  }

  private refuseWrites(): void {
    if (this.options.closing()) throw new Error('document hub is closing');
    const refused = this.options.updates.serverWriteRefusal();
    if (refused) throw refused;
  }

  private async loadCopy(itemId: string): Promise<Y.Doc> {
    const stored = await this.options.store.load(itemId);
    const doc = newServerDoc(itemId);
    doc.transact(() => {
      if (stored.state) Y.applyUpdate(doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }
}

/** What applying `edits` may add to a document's encoding, at most: the inserted text plus a few bytes of item and delete-set structure per edit. */
function editBytes(edits: readonly TextEdit[]): number {
  let bytes = 0;
  for (const edit of edits) bytes += Buffer.byteLength(edit.insert, 'utf8') + 32;
  return bytes;
}
