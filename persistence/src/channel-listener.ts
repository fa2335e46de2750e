/**
 * LISTEN on one channel and hand over each payload as it comes: the feed of anything
 * announced with NOTIFY that is not the update log (the update log has its own,
 * burst-batching feed: update-feed.ts). One dedicated connection, as a LISTEN lives as
 * long as its session. When it is lost, it reconnects with the update feed's backoff
 * and then reports a gap: what was sent meanwhile is gone for good, so the listener
 * must re-read what it shows.
 */
import pg from 'pg';
import { translateDatabaseError } from './errors';
import { silentLogger, type PersistenceLogger } from './logger';
import { DEFAULT_FEED_BACKOFF, reconnectDelayMs, type BackoffLimits } from './update-feed-backoff';

export interface ChannelListenerOptions {
  url: string;
  channel: string;
  /** Shown in pg_stat_activity. */
  applicationName: string;
  log?: PersistenceLogger;
  backoff?: BackoffLimits;
}

export interface ChannelHandlers {
  onPayload(payload: string): void;
  /** Listening again after a lost connection: payloads sent meanwhile were missed. */
  onGap(): void;
}

export class ChannelListener {
  private client: pg.Client | null = null;
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly log: PersistenceLogger;

  private constructor(
    private readonly options: ChannelListenerOptions,
    private readonly handlers: ChannelHandlers,
  ) {
    this.log = options.log ?? silentLogger;
  }

  /** Resolves once LISTEN is in effect. */
  static async start(options: ChannelListenerOptions, handlers: ChannelHandlers): Promise<ChannelListener> {
    const listener = new ChannelListener(options, handlers);
    await listener.connect();
    return listener;
  }

  get listening(): boolean {
    return this.client !== null;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, application_name: this.options.applicationName, keepAlive: true });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    client.on('notification', (message) => {
      if (message.channel === this.options.channel && !this.closed) this.handlers.onPayload(message.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(this.options.channel)}`);
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
    this.log.warn({ err: error ?? undefined, channel: this.options.channel }, 'channel listener: LISTEN connection lost; reconnecting');
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
          this.attempt = 0;
          this.handlers.onGap();
        },
        (error: unknown) => {
          if (this.closed) return;
          this.log.warn({ err: error, attempt: this.attempt, channel: this.options.channel }, 'channel listener: reconnect failed');
          this.scheduleReconnect();
        },
      );
    }, delay);
  }
}
