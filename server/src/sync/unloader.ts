/**
 * Unloading: `unloadAfterMs` after a document's last client left (and no server-side
 * operation holds it), its appends are waited for, it is compacted and forgotten,
 * unless someone came back meanwhile. A document whose compaction keeps failing
 * unloads anyway after a few tries (compaction-retry.ts), its log whole, and the
 * content column written: the next load has every acknowledged update.
 */
import type { Logger } from '../logger';
import { mayUnloadUncompacted } from './compaction-retry';
import type { Compactor } from './compactor';
import type { ContentFlush } from './content-flush';
import type { Room } from './room';
import type { SyncMetrics } from './sync-metrics';

export interface UnloaderOptions {
  unloadAfterMs: number;
  compactor: Pick<Compactor, 'compact'>;
  contentFlush: Pick<ContentFlush, 'due' | 'writeNow'>;
  /** Drop the room from the registry (room-registry.ts `forget`). */
  forget(room: Room): void;
  metrics: Pick<SyncMetrics, 'errors'>;
  log: Logger;
  /** The hub is shutting down: it unloads everything itself, no timers start. */
  closing(): boolean;
}

export class Unloader {
  constructor(private readonly options: UnloaderOptions) {}

  /** The room may have become idle: unload it after the delay. */
  schedule(room: Room): void {
    if (room.unloadTimer || this.options.closing()) return;
    room.unloadTimer = setTimeout(() => {
      room.unloadTimer = null;
      void this.unload(room, false);
    }, this.options.unloadAfterMs);
  }

  /** Someone is back. */
  cancel(room: Room): void {
    if (room.unloadTimer) clearTimeout(room.unloadTimer);
    room.unloadTimer = null;
  }

  /** Keep the room loaded while a server-side operation runs (live-documents.ts). */
  hold(room: Room): void {
    room.holds++;
  }

  release(room: Room): void {
    room.holds--;
    if (room.idle && !room.detached) this.schedule(room);
  }

  /** Persist (wait for appends, compact) and forget the room; unless `force`, only while it stays idle. */
  async unload(room: Room, force: boolean): Promise<void> {
    const { compactor, contentFlush, metrics, log } = this.options;
    if (room.detached || (!force && !room.idle)) return;
    await room.settled();
    if (room.compacting) await room.compacting;
    if (room.updatesSinceCompaction > 0 || contentFlush.due(room)) await compactor.compact(room);
    if (room.detached) return;
    const uncompacted = room.updatesSinceCompaction > 0;
    // A compaction that keeps failing must not pin the document in memory: its log has every committed update.
    const givenUp = uncompacted && mayUnloadUncompacted(room.compactFailures) && room.pendingAppends === 0;
    if (!force && (!room.idle || (uncompacted && !givenUp))) {
      if (room.idle) this.schedule(room);
      return;
    }
    if (uncompacted && !force) {
      metrics.errors.inc({ kind: 'unload-uncompacted' });
      log.warn({ itemId: room.itemId, failures: room.compactFailures }, 'unloading a document whose compaction keeps failing; its log keeps its updates');
      // The failed compaction did not write the text either: the content column still catches up.
      contentFlush.writeNow(room);
    }
    this.options.forget(room);
  }
}
