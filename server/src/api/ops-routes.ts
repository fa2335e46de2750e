/**
 * Operations: liveness and readiness, Prometheus metrics, and the API description
 * (OpenAPI JSON and its readable page). None of these need a user: probes and
 * scrapers carry no credentials, and the API description is public by design.
 */
import type { ServerContext } from '../context';
import type { Router } from '../http/router';
import { renderDocsPage } from './docs-page';
import { detailedHealth } from './health';
import { buildOpenApiDocument } from './openapi';
import { registerProcessMetrics } from './process-metrics';

export function registerOpsRoutes(router: Router, ctx: ServerContext): void {
  registerServerMetrics(ctx);
  // Built once: the document is static for the life of the process.
  const document = buildOpenApiDocument();
  const documentJson = JSON.stringify(document);
  const docsPage = renderDocsPage(document);

  router.get('/api/health', () => ({ json: { status: 'ok' } }), { summary: 'Liveness' });

  router.get(
    '/api/health/detailed',
    async () => {
      const health = await detailedHealth(ctx);
      return { status: health.status === 'ok' ? 200 : 503, json: health, headers: { 'Cache-Control': 'no-store' } };
    },
    { summary: 'Readiness detail' },
  );

  router.get(
    '/metrics',
    () => ({
      body: ctx.metrics.render(),
      headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' },
    }),
    { summary: 'Prometheus metrics' },
  );

  router.get(
    '/api/openapi.json',
    () => ({ body: documentJson, headers: { 'Content-Type': 'application/json; charset=utf-8' } }),
    { summary: 'OpenAPI document' },
  );

  router.get(
    '/api/docs',
    () => ({ body: docsPage, headers: { 'Content-Type': 'text/html; charset=utf-8' } }),
    { summary: 'API docs page' },
  );
}

/** Gauges read at scrape time from the parts that already count these things. */
function registerServerMetrics(ctx: ServerContext): void {
  registerProcessMetrics(ctx.metrics);
  const { metrics } = ctx;
  metrics.collect('tandem_documents_loaded', 'Yjs documents held in memory', () => ctx.documents.loadedCount());
  metrics.collect('tandem_sync_connections', 'Open /sync WebSocket connections', () => ctx.documents.connectionCount());
  metrics.collect('tandem_persistence_pending_updates', 'Updates appended to the log but not yet committed', () => ctx.store.stats().pendingUpdates);
  metrics.collect('tandem_persistence_last_batch_size', 'Updates in the last group-commit batch', () => ctx.store.stats().lastBatchSize);
  metrics.collect('tandem_persistence_last_commit_lag_seconds', 'From the first update of the last batch to its commit, seconds', () => ctx.store.stats().lastCommitLagMs / 1000);
  metrics.collect('tandem_persistence_batches_total', 'Group-commit batches committed since start', () => ctx.store.stats().batches);
}
