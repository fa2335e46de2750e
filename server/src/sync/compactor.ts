/**
 * Compaction: a document's state folded into the stored state, and the log rows it
 * holds deleted (`store.compact`), every `compactEvery` committed updates (but no
 * sooner than `minIntervalMs` after the last), when a document loads with a log that
 * long, and when it unloads (unloader.ts).
 *
 * One compaction per room at a time. Appends still in flight are in the state but
 * commit with a later seq, so they stay in the log and count towards the next one.
 * One that fails is logged and counted, the log keeps every update, and the update
 * count triggers it again only after a backoff (compaction-retry.ts).
 */
import * as Y from 'yjs';
import { CloseCode } from '@tandem/protocol';
import type { DocumentStore } from '@tandem/persistence';
import type { Logger } from '../logger';
import type { ChangeAnnouncer } from './change-announcer';
import { compactionRetryDelayMs } from './compaction-retry';
import type { ContentFlush } from './content-flush';
import type { Room } from './room';
import { SyncConnection } from './sync-connection';
import type { SyncMetrics } from './sync-metrics';

export interface CompactorOptions {
  store: Pick<DocumentStore, 'compact'>;
  compactEvery: number;
  /**
   * After a compaction, the update count triggers the next one no sooner than this: a
   * document 200 people type in reaches 500 updates every 2.5 s, and each compaction
   * encodes its whole state on the event loop (6-7 ms at 1x200x1), a pause every
   * delivery meanwhile waits out. Its log holds a few seconds more rows instead.
   */
  minIntervalMs?: number;
  /** The compaction writes the text: a content flush that is due is cancelled. */
  contentFlush: Pick<ContentFlush, 'cancel'>;
  announcer: Pick<ChangeAnnouncer, 'now'>;
  metrics: Pick<SyncMetrics, 'compactions' | 'errors'>;
  log: Logger;
  now?: () => number;
}

export class Compactor {
  private readonly now: () => number;

  constructor(private readonly options: CompactorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** One of the room's updates was committed: compact when enough piled up and no backoff holds it. */
  committed(room: Room): void {
    if (room.updatesSinceCompaction >= this.options.compactEvery && this.now() >= room.compactDueAt) void this.compact(room);
  }

  /** A document loaded with a long log. */
  loaded(room: Room): void {
    if (room.updatesSinceCompaction >= this.options.compactEvery) void this.compact(room);
  }

  /**
   * A staged update passed update-check.ts but Yjs failed to integrate it: a gap in the
   * check. It was relayed and logged already; its sender is cut off (4400), and a
   * compaction stores what Yjs did integrate of it (it may fail half-way), so the
   * database holds what memory holds. Loading skips the logged row as unreadable.
   */
  integrateFailed(room: Room, error: unknown, origin: unknown): void {
    this.options.metrics.errors.inc({ kind: 'apply' });
    this.options.log.warn({ err: error, itemId: room.itemId }, 'an update passed the check but Yjs could not integrate it');
    const sender = origin instanceof SyncConnection ? origin : null;
    if (sender && !sender.gone) queueMicrotask(() => sender.peer.cork(() => sender.peer.close(CloseCode.BAD_MESSAGE, 'malformed update')));
    room.updatesSinceCompaction++;
    queueMicrotask(() => void this.compact(room));
  }

  compact(room: Room): Promise<void> {
    if (room.compacting) return room.compacting;
    // Evicted (a failed commit) or dropped: what it holds must not reach the stored state.
    if (room.detached) return Promise.resolve();
    const { store, contentFlush, announcer, metrics, log } = this.options;
    const state = Y.encodeStateAsUpdate(room.doc);
    room.size.measuredAs(state.byteLength);
    const through = room.lastSeq;
    const folded = room.updatesSinceCompaction;
    // Appends still in flight are in `state` but commit with a later seq: they stay in the log.
    room.updatesSinceCompaction = room.pendingAppends;
    contentFlush.cancel(room);
    const content = room.textContent();
    room.compacting = store
      .compact(room.itemId, state, content, through)
      .then(
        () => {
          room.compactFailures = 0;
          room.compactDueAt = this.now() + (this.options.minIntervalMs ?? 0);
          metrics.compactions.inc();
          announcer.now(room);
        },
        (err: unknown) => {
          room.updatesSinceCompaction += folded;
          room.compactFailures++;
          room.compactDueAt = this.now() + compactionRetryDelayMs(room.compactFailures);
          metrics.errors.inc({ kind: 'compact' });
          log.error({ err, itemId: room.itemId, failures: room.compactFailures }, 'compaction failed; the log still holds every update');
        },
      )
      .finally(() => {
        room.compacting = null;
      });
    return room.compacting;
  }
}
