/**
 * The update feed: what the other replicas committed to the update log, as they
 * announce it (NOTIFY, see notify-sql.ts and notify-payload.ts).
 *
 * One dedicated connection LISTENs (not a pooled one: a LISTEN lives as long as its
 * session). Notifications that arrive together are delivered as one burst, so the
 * listener can fetch their rows with one query. When the connection is lost, the feed
 * reconnects with backoff and then reports a gap: notifications sent meanwhile are
 * gone for good, so the listener must re-read what it holds. An unreadable payload
 * (another version of the format) is reported as a gap too, never guessed at.
 *
 * The feed delivers every notification, this replica's own included: filtering is
 * the listener's business (server/src/sync/replica-fetch-plan.ts).
 */
import pg from 'pg';
import { translateDatabaseError } from './errors';
import { silentLogger, type PersistenceLogger } from './logger';
import { decodeUpdateNotice, isNoticeError, UPDATE_CHANNEL, type UpdateNotice } from './notify-payload';
import { DEFAULT_FEED_BACKOFF, reconnectDelayMs, type BackoffLimits } from './update-feed-backoff';

export type FeedGap = 'reconnected' | 'unreadable';

export interface UpdateFeedHandlers {
  /** Notifications that arrived together, in arrival order. */
  onNotices(notices: UpdateNotice[]): void;
  /** Some notifications may have been missed: re-read every document held. */
  onGap(reason: FeedGap): void;
}

export interface UpdateFeedOptions {
  url: string;
  channel?: string;
  /** Shown in pg_stat_activity (default `tandem-feed`). */
  applicationName?: string;
  log?: PersistenceLogger;
  backoff?: BackoffLimits;
  /**
   * A second channel on the same connection, its payloads handed over as they come
   * (the server's presence between replicas). Nothing is caught up after a gap there.
   */
  also?: { channel: string; onPayload(payload: string): void };
}

export class UpdateFeed {
  private client: pg.Client | null = null;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private burst: UpdateNotice[] = [];
  private burstDue: NodeJS.Immediate | null = null;
  private closed = false;
  private readonly channel: string;
  private readonly log: PersistenceLogger;

  private constructor(
    private readonly options: UpdateFeedOptions,
    private readonly handlers: UpdateFeedHandlers,
  ) {
    this.channel = options.channel ?? UPDATE_CHANNEL;
    this.log = options.log ?? silentLogger;
  }

  /** Resolves once LISTEN is in effect: documents loaded from then on miss nothing. */
  static async start(options: UpdateFeedOptions, handlers: UpdateFeedHandlers): Promise<UpdateFeed> {
    const feed = new UpdateFeed(options, handlers);
    await feed.connect();
    return feed;
  }

  get listening(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.burstDue) clearImmediate(this.burstDue);
    this.timer = this.burstDue = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.url,
      application_name: this.options.applicationName ?? 'tandem-feed',
      // A silently dropped connection (a network partition) would otherwise look idle forever.
      keepAlive: true,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.received(message.payload ?? '');
      else if (message.channel === this.options.also?.channel && !this.closed) this.options.also.onPayload(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.channel)}`);
      if (this.options.also) await client.query(`LISTEN ${client.escapeIdentifier(this.options.also.channel)}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw translateDatabaseError(error);
    }
    if (this.closed) return void (await client.end().catch(() => {}));
    this.client = client;
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (client !== this.client || this.closed) return;
    this.client = null;
    this.log.warn({ err: error ?? undefined }, 'update feed: LISTEN connection lost; reconnecting');
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = reconnectDelayMs(this.options.backoff ?? DEFAULT_FEED_BACKOFF, this.attempt++, Math.random());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().then(
        () => {
          if (this.closed) return;
          this.log.info({ attempts: this.attempt }, 'update feed: listening again; catching up');
          this.attempt = 0;
          this.handlers.onGap('reconnected');
        },
        (error: unknown) => {
          if (this.closed) return;
          this.log.warn({ err: error, attempt: this.attempt }, 'update feed: reconnect failed');
          this.scheduleReconnect();
        },
      );
    }, delay);
  }

  private received(payload: string): void {
    const notice = decodeUpdateNotice(payload);
    if (isNoticeError(notice)) {
      this.log.warn({ error: notice.error, payload: payload.slice(0, 200) }, 'update feed: unreadable notification');
      return this.handlers.onGap('unreadable');
    }
    this.burst.push(notice);
    // The driver emits every notification of one socket read in the same tick: deliver them together.
    this.burstDue ??= setImmediate(() => {
      this.burstDue = null;
      const burst = this.burst;
      this.burst = [];
      if (!this.closed) this.handlers.onNotices(burst);
    });
  }
}
