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
  // Document, connection and persistence metrics are the sync layer's (sync-metrics.ts); the process ones are ours.
  registerProcessMetrics(ctx.metrics);
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
