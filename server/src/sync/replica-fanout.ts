/**
 * Cross-replica fan-out: updates another replica accepted reach this replica's
 * clients of the same document. Replicas share nothing but PostgreSQL:
 *
 * 1. Each replica's document store announces every committed batch (NOTIFY in the
 *    INSERT, persistence/src/notify-sql.ts): replica id + (item, seqs).
 * 2. Here, the update feed (one LISTEN connection) hands over bursts of notices; for
 *    the documents this replica holds, the announced rows are fetched with one query
 *    per burst (replica-fetch-plan.ts) and applied to the live Y.Doc with a marker
 *    origin, so they are published to local clients and not appended again.
 * 3. Whenever notifications may have been lost (the LISTEN connection dropped, an
 *    unreadable payload, a failed fetch), every held document is re-read whole (state
 *    + log tail; Yjs skips what it has). Not "the rows after the last seq seen": seqs
 *    are not committed in order, so a row with a lower seq can commit later.
 *
 * Bursts are handled one at a time; notices arriving meanwhile make the next burst.
 */
import { UpdateFeed, type DocumentStore, type FeedGap, type UpdateNotice } from '@tandem/persistence';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Counter, Metrics } from '../metrics';
import { PRESENCE_CHANNEL } from './presence-fanout';
import { groupByItem, itemsMissingRows, planFetch } from './replica-fetch-plan';
import type { Room } from './room';

/** What the fan-out needs of the live documents (remote-updates.ts). */
export interface ReplicaHost {
  /** The room if this replica holds the document: loaded, or loading (then once loaded). */
  heldRoom(itemId: string): Promise<Room> | null;
  heldItemIds(): string[];
  /** Apply updates already in the log (not re-appended) and publish what was new to local clients. */
  applyRemote(room: Room, updates: Uint8Array[], lastSeq: bigint): void;
}

export interface ReplicaFanoutContext {
  config: Pick<Config, 'replicaId'>;
  log: Logger;
  metrics: Metrics;
  store: DocumentStore;
  db: { url: string };
}

/** After a failed fetch or re-read, try again this much later (everything is re-read then). */
const RETRY_MS = 1_000;
/** Documents re-read at once after a gap (the hot-path pool has 4 connections). */
const CATCH_UP_CONCURRENCY = 3;

export class ReplicaFanout {
  private feed: UpdateFeed | null = null;
  private queue: UpdateNotice[] = [];
  private gap = false;
  private draining: Promise<void> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly log: Logger;
  private readonly applied: Counter;
  private readonly catchUps: Counter;

  private constructor(
    private readonly ctx: ReplicaFanoutContext,
    private readonly host: ReplicaHost,
  ) {
    this.log = ctx.log.child({ component: 'replicas', replicaId: ctx.config.replicaId });
    this.applied = ctx.metrics.counter('tandem_replica_rows_applied_total', 'Update-log rows from other replicas applied to live documents');
    this.catchUps = ctx.metrics.counter('tandem_replica_catch_ups_total', 'Documents re-read whole after notifications may have been lost, by reason');
    ctx.metrics.collect('tandem_replica_feed_listening', '1 while the LISTEN connection for other replicas\' updates is up', () => (this.feed?.listening ? 1 : 0));
  }

  /** Resolves once LISTEN is in effect: start it before the server accepts connections. */
  static async start(ctx: ReplicaFanoutContext, host: ReplicaHost, onPresence?: (payload: string) => void): Promise<ReplicaFanout> {
    const fanout = new ReplicaFanout(ctx, host);
    // Presence rides on the same LISTEN connection (presence-fanout.ts `receiver`).
    const also = onPresence ? { channel: PRESENCE_CHANNEL, onPayload: onPresence } : undefined;
    fanout.feed = await UpdateFeed.start(
      { url: ctx.db.url, applicationName: `tandem-feed-${ctx.config.replicaId}`, log: fanout.log, also },
      { onNotices: (notices) => fanout.received(notices), onGap: (reason) => fanout.lost(reason) },
    );
    fanout.log.info({}, 'listening for updates from other replicas');
    return fanout;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.feed?.close();
    await this.draining;
  }

  private received(notices: UpdateNotice[]): void {
    this.queue.push(...notices);
    this.kick();
  }

  private lost(reason: FeedGap | 'failed'): void {
    this.log.debug({ reason }, 'notifications may have been missed; re-reading held documents');
    this.gap = true;
    this.kick();
  }

  private kick(): void {
    if (this.draining || this.closed) return;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.queue.length > 0 || this.gap) this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (!this.closed && (this.gap || this.queue.length > 0)) {
      try {
        if (this.gap) {
          // Re-reading everything covers the queued notices too: they were committed before.
          this.gap = false;
          this.queue = [];
          await this.catchUp(this.host.heldItemIds(), 'gap');
        } else {
          const notices = this.queue;
          this.queue = [];
          await this.deliver(notices);
        }
      } catch (error) {
        this.log.error({ err: error }, 'fetching other replicas\' updates failed; re-reading held documents soon');
        this.retry ??= setTimeout(() => {
          this.retry = null;
          this.lost('failed');
        }, RETRY_MS);
        return;
      }
    }
  }

  private async deliver(notices: UpdateNotice[]): Promise<void> {
    const plan = planFetch(notices, this.ctx.config.replicaId, (itemId) => this.host.heldRoom(itemId) !== null);
    if (plan.seqs.length === 0) return;
    const rows = await this.ctx.store.fetchUpdates(plan.seqs);
    for (const [itemId, { updates, lastSeq }] of groupByItem(rows)) {
      const room = await this.roomOf(itemId);
      if (!room) continue;
      this.host.applyRemote(room, updates, lastSeq);
      this.applied.inc(undefined, updates.length);
    }
    await this.catchUp(itemsMissingRows(plan, rows), 'compacted');
  }

  /** Re-read documents whole: stored state + log tail. */
  private async catchUp(itemIds: string[], reason: string): Promise<void> {
    const pending = [...itemIds];
    const worker = async () => {
      for (let itemId = pending.pop(); itemId !== undefined && !this.closed; itemId = pending.pop()) {
        const room = await this.roomOf(itemId);
        if (!room) continue;
        const stored = await this.ctx.store.load(itemId);
        this.host.applyRemote(room, stored.state ? [stored.state, ...stored.updates] : stored.updates, stored.lastSeq);
        this.catchUps.inc({ reason });
      }
    };
    await Promise.all(Array.from({ length: Math.min(CATCH_UP_CONCURRENCY, pending.length) }, worker));
  }

  private async roomOf(itemId: string): Promise<Room | null> {
    // A document that failed to load has no clients to tell.
    return (await this.host.heldRoom(itemId)?.catch(() => null)) ?? null;
  }
}
