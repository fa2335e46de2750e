/**
 * The documents this replica holds: itemId → Room, and the loads under way, so
 * concurrent openers of one document share one load. Loading is one `store.load`
 * (stored state + log tail) applied to a fresh Room in one transaction; an unreadable
 * stored update is skipped and counted, the rest still load.
 */
import * as Y from 'yjs';
import type { DocumentStore } from '@tandem/persistence';
import type { Logger } from '../logger';
import { Room } from './room';
import type { SyncMetrics } from './sync-metrics';

export interface RoomRegistryOptions {
  store: Pick<DocumentStore, 'load'>;
  maxDocumentBytes: number;
  metrics: Pick<SyncMetrics, 'errors'>;
  log: Logger;
  /** A room was just loaded, before anyone gets it (its awareness is wired, an overlong log compacted). */
  loaded(room: Room): void;
  /** A staged update of the room passed update-check.ts but Yjs failed to integrate it. */
  integrateFailed(room: Room, error: unknown, origin: unknown): void;
}

export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();

  constructor(private readonly options: RoomRegistryOptions) {}

  /** The room of a loaded document. */
  get(itemId: string): Room | undefined {
    return this.rooms.get(itemId);
  }

  /** The document's room, loading it when it is not held (concurrent callers share one load). */
  room(itemId: string, workspaceId: string): Promise<Room> {
    const loaded = this.rooms.get(itemId);
    if (loaded) return Promise.resolve(loaded);
    let pending = this.loading.get(itemId);
    if (!pending) {
      pending = this.load(itemId, workspaceId).finally(() => this.loading.delete(itemId));
      this.loading.set(itemId, pending);
    }
    return pending;
  }

  /** The room if this replica holds the document: loaded, or loading (then once loaded). */
  held(itemId: string): Promise<Room> | null {
    const room = this.rooms.get(itemId);
    return room ? Promise.resolve(room) : (this.loading.get(itemId) ?? null);
  }

  heldItemIds(): string[] {
    return [...new Set([...this.rooms.keys(), ...this.loading.keys()])];
  }

  get size(): number {
    return this.rooms.size;
  }

  loaded(): Room[] {
    return [...this.rooms.values()];
  }

  /** Settles once every load under way has (shutdown). */
  loadsSettled(): Promise<unknown> {
    return Promise.allSettled([...this.loading.values()]);
  }

  /** Forget the room without persisting it, closing its clients first (an update could not be saved). */
  evict(room: Room, code: number, reason: string): void {
    for (const conn of [...room.connections]) conn.peer.cork(() => conn.peer.close(code, reason));
    this.forget(room);
  }

  /** Forget the room without persisting anything: late callbacks see it `detached`. */
  forget(room: Room): void {
    if (this.rooms.get(room.itemId) === room) this.rooms.delete(room.itemId);
    room.destroy();
  }

  private async load(itemId: string, workspaceId: string): Promise<Room> {
    const stored = await this.options.store.load(itemId);
    const { options } = this;
    const room: Room = new Room(itemId, workspaceId, options.maxDocumentBytes, (error, origin) => options.integrateFailed(room, error, origin));
    room.doc.transact(() => {
      for (const update of stored.state ? [stored.state, ...stored.updates] : stored.updates) {
        room.size.grew(update.byteLength);
        try {
          Y.applyUpdate(room.doc, update);
        } catch (err) {
          options.metrics.errors.inc({ kind: 'load' });
          options.log.error({ err, itemId }, 'skipped an unreadable stored update');
        }
      }
    });
    room.lastSeq = stored.lastSeq;
    room.updatesSinceCompaction = stored.updates.length;
    this.rooms.set(itemId, room);
    options.loaded(room);
    return room;
  }
}
