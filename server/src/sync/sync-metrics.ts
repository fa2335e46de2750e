/**
 * What the sync layer reports at /metrics. Hot-path counters take no labels (a
 * labelled increment builds a key string per call); labels only where rare.
 */
import type { DocumentStore } from '@tandem/persistence';
import { closeCodeName } from '@tandem/protocol';
import type { Counter, Metrics } from '../metrics';

export interface SyncMetrics {
  updatesIn: Counter;
  /** Deliveries: one update fanned out to N other clients counts N. */
  updatesOut: Counter;
  bytesIn: Counter;
  bytesOut: Counter;
  deniedUpdates: Counter;
  compactions: Counter;
  errors: Counter;
  closed(code: number, reason?: string): void;
}

export function createSyncMetrics(
  metrics: Metrics,
  store: DocumentStore,
  counts: { connections(): number; documents(): number },
): SyncMetrics {
  metrics.collect('tandem_sync_connections', 'Open /sync connections', counts.connections);
  metrics.collect('tandem_sync_documents_loaded', 'Documents loaded in memory', counts.documents);
  metrics.collect('tandem_sync_persist_batch_size', 'Updates in the last committed group-commit batch', () => store.stats().lastBatchSize);
  metrics.collect('tandem_sync_persist_lag_ms', 'First append to commit of the last batch, ms', () => store.stats().lastCommitLagMs);
  metrics.collect('tandem_sync_persist_pending_updates', 'Updates appended and not yet committed', () => store.stats().pendingUpdates);
  metrics.collect('tandem_sync_persist_batches', 'Group-commit batches committed since start', () => store.stats().batches);
  metrics.collect(
    'tandem_sync_content_write_failures_total',
    "Documents whose content column write was refused (each logged with its itemId; outages are retried, not counted)",
    () => store.stats().failedContentWrites,
    'counter',
  );
  const closes = metrics.counter('tandem_sync_closes_total', 'Closed /sync connections by close code');
  return {
    updatesIn: metrics.counter('tandem_sync_updates_in_total', 'Document updates accepted from clients and server-side writes'),
    updatesOut: metrics.counter('tandem_sync_updates_out_total', 'Document update deliveries to clients'),
    bytesIn: metrics.counter('tandem_sync_bytes_in_total', 'Bytes received on /sync'),
    bytesOut: metrics.counter('tandem_sync_bytes_out_total', 'Bytes of document updates delivered (fan-out included)'),
    deniedUpdates: metrics.counter('tandem_sync_denied_updates_total', 'Updates from viewers, dropped'),
    compactions: metrics.counter('tandem_sync_compactions_total', 'Update-log compactions'),
    errors: metrics.counter('tandem_sync_errors_total', 'Sync errors by kind'),
    closed(code, reason) {
      // uWS closes an oversized frame itself (1006, no close frame): name it anyway.
      const name = code === 1006 && reason === 'Received too big message' ? 'MESSAGE_TOO_LARGE' : closeCodeName(code);
      closes.inc({ code: name });
    },
  };
}
