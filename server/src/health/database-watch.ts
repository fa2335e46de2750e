/**
 * Whether the database answers, kept current for readiness (`/api/health/ready`), the
 * outage metrics and the log: a probe (`SELECT 1` with a timeout) every
 * TANDEM_DB_PROBE_MS, and at once when a part of the server saw a query fail as if
 * the database were away (`suspect`) or knows it is (`markDown`: the embedded
 * PostgreSQL exited). An outage is logged once when it begins and once when it ends,
 * with its length, instead of once per failed request.
 */
import type { EmbeddedPostgresEvent } from '@tandem/persistence';
import type { DatabaseStatus } from '../context';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { OutageTracker, type OutageSnapshot } from './outage-tracker';

export interface ProbeResult {
  reachable: boolean;
  error?: string;
}

export interface DatabaseWatchOptions {
  /** One round trip to the database, bounded in time (api/health.ts `probeDatabase`). */
  probe: () => Promise<ProbeResult>;
  intervalMs: number;
  log: Logger;
  metrics: Metrics;
  now?: () => number;
}

export class DatabaseWatch implements DatabaseStatus {
  private readonly tracker = new OutageTracker();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private probing: Promise<void> | null = null;
  private again = false;
  /** Bumped by markDown: a probe that began before it must not end the outage it did not see. */
  private generation = 0;
  private closed = false;
  private readonly outagesTotal;
  private readonly outageSecondsTotal;
  private readonly restartsTotal;

  constructor(private readonly options: DatabaseWatchOptions) {
    this.now = options.now ?? Date.now;
    const { metrics } = options;
    metrics.collect('tandem_database_up', 'Whether the database answered the last probe (1) or not (0)', () => (this.tracker.available ? 1 : 0));
    metrics.collect('tandem_database_outage_seconds', 'Length of the current database outage so far, seconds (0 when up)', () => this.snapshot().currentMs / 1000);
    this.outagesTotal = metrics.counter('tandem_database_outages_total', 'Database outages begun since start');
    this.outageSecondsTotal = metrics.counter('tandem_database_outage_seconds_total', 'Total length of the database outages that ended, seconds');
    this.restartsTotal = metrics.counter('tandem_embedded_postgres_restarts_total', 'Times the embedded PostgreSQL was started again after it exited');
  }

  get available(): boolean {
    return this.tracker.available;
  }

  snapshot(): OutageSnapshot {
    return this.tracker.snapshot(this.now());
  }

  /** Probes now, then every interval. */
  start(): Promise<void> {
    return this.probeNow();
  }

  suspect(): void {
    void this.probeNow();
  }

  markDown(reason: string): void {
    this.generation++;
    this.wentDown(reason);
    void this.probeNow();
  }

  /** What the embedded PostgreSQL's supervisor reports (persistence/src/embedded-supervisor.ts). */
  embeddedEvent(event: EmbeddedPostgresEvent): void {
    if (event.kind === 'exited') this.markDown(`the embedded PostgreSQL exited (code ${event.code})`);
    else if (event.kind === 'restarted') {
      this.restartsTotal.inc();
      this.suspect();
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One probe at a time; a request during one runs another right after it (it may predate the failure). */
  private probeNow(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.probing) {
      this.again = true;
      return this.probing;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const generation = this.generation;
    this.probing = this.options
      .probe()
      .catch((err: unknown): ProbeResult => ({ reachable: false, error: (err as Error).message }))
      .then((result) => {
        if (generation !== this.generation && result.reachable) return;
        if (result.reachable) this.cameBack();
        else this.wentDown(result.error ?? 'no answer');
      })
      .finally(() => {
        this.probing = null;
        if (this.closed) return;
        if (this.again) {
          this.again = false;
          void this.probeNow();
          return;
        }
        this.timer = setTimeout(() => void this.probeNow(), this.options.intervalMs);
        this.timer.unref();
      });
    return this.probing;
  }

  private wentDown(reason: string): void {
    if (!this.tracker.down(this.now(), reason)) return;
    this.outagesTotal.inc();
    this.options.log.error({ reason }, 'database unavailable: nothing is acknowledged or saved until it is back (HTTP 503, /sync 4502)');
  }

  private cameBack(): void {
    const lasted = this.tracker.up(this.now());
    if (lasted === null) return;
    this.outageSecondsTotal.inc(undefined, lasted / 1000);
    this.options.log.warn({ outageMs: lasted }, `database reachable again after ${lasted} ms`);
  }
}
