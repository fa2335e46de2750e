/**
 * Presence (awareness: cursors, selections, names) across replicas.
 *
 * Edits travel between replicas through the update log (replica-fanout.ts). Presence
 * is ephemeral and never stored, so it travels on a NOTIFY channel of its own: each
 * replica batches what its clients sent (and the removals of clients that left) for
 * FLUSH_MS into as few notifications as fit (presence-payload.ts), and applies what
 * other replicas sent to the documents it holds, for its own clients. The LISTEN is
 * the update feed's connection. A lost notification heals itself: clients renew their
 * state every 15 s, and y-protocols drops a state not renewed for 30 s.
 */
import type pg from 'pg';
import type { Logger } from '../logger';
import type { Counter, Metrics } from '../metrics';
import { decodePresencePayload, encodePresencePayloads, type PresenceEntry } from './presence-payload';

export const PRESENCE_CHANNEL = 'tandem_presence';
/** Batching window: cursor moves of a second's typing become a few notifications. */
const FLUSH_MS = 50;

export interface PresenceHost {
  /** Apply an awareness update another replica's client made to the document, if held here. */
  applyRemotePresence(itemId: string, update: Uint8Array): void;
}

export class PresenceFanout {
  private pending: PresenceEntry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly sent: Counter;
  private readonly dropped: Counter;

  constructor(
    private readonly replicaId: string,
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    metrics: Metrics,
  ) {
    this.sent = metrics.counter('tandem_presence_notifications_total', 'Presence notifications sent to other replicas');
    this.dropped = metrics.counter('tandem_presence_dropped_total', 'Presence updates not sent to other replicas (too large, or the NOTIFY failed)');
  }

  /** An awareness update of this replica's clients, for the other replicas (copied at once). */
  local(itemId: string, update: Uint8Array): void {
    if (this.closed) return;
    this.pending.push([itemId, Buffer.from(update.buffer, update.byteOffset, update.byteLength).toString('base64')]);
    this.timer ??= setTimeout(this.flush, FLUSH_MS);
  }

  /** What to do with a payload from the channel (every replica's, this one's included): apply the others' to `host`. */
  receiver(host: PresenceHost): (payload: string) => void {
    return (payload) => {
      const batch = decodePresencePayload(payload);
      if (!batch) return void this.log.warn({ payload: payload.slice(0, 200) }, 'presence: unreadable notification');
      if (batch.replicaId === this.replicaId || this.closed) return;
      for (const [itemId, update] of batch.entries) host.applyRemotePresence(itemId, Buffer.from(update, 'base64'));
    };
  }

  /** Sends what is pending (the departures of a replica shutting down), then stops. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.send();
  }

  private readonly flush = (): void => void this.send();

  private async send(): Promise<void> {
    this.timer = null;
    const { payloads, dropped } = encodePresencePayloads(this.replicaId, this.pending);
    this.pending = [];
    if (dropped > 0) this.dropped.inc(undefined, dropped);
    await Promise.all(
      payloads.map((payload) => {
        this.sent.inc();
        return this.pool.query('SELECT pg_notify($1, $2)', [PRESENCE_CHANNEL, payload]).catch((err: unknown) => {
          this.dropped.inc();
          this.log.warn({ err }, 'presence: could not notify the other replicas');
        });
      }),
    );
  }
}
