/**
 * Operations: liveness and readiness, Prometheus metrics, and the API description
 * (OpenAPI JSON and its readable page). None of these need a user: probes and
 * scrapers carry no credentials, and the API description is public by design.
 * `/metrics` and `/api/health/detailed` need TANDEM_METRICS_TOKEN when it is set
 * (`ops-token.ts`).
 */
import type { DetailedHealth, Liveness, NotReady, Ready } from '@tandem/protocol';
import type { ServerContext } from '../context';
import type { Router } from '../http/router';
import { renderDocsPage } from './docs-page';
import { detailedHealth, readiness } from './health';
import { buildOpenApiDocument } from './openapi';
import { opsTokenCheck } from './ops-token';
import { registerProcessMetrics } from './process-metrics';

export function registerOpsRoutes(router: Router, ctx: ServerContext): void {
  // Document, connection and persistence metrics are the sync layer's (sync-metrics.ts); the process ones are ours.
  registerProcessMetrics(ctx.metrics);
  // Built once: the document is static for the life of the process.
  const document = buildOpenApiDocument();
  const documentJson = JSON.stringify(document);
  const docsPage = renderDocsPage(document);
  const requireOpsToken = opsTokenCheck(ctx.config.metricsToken);

  router.get('/api/health', () => ({ json: { status: 'ok' } satisfies Liveness }), { summary: 'Liveness' });

  // The Deployment's readiness probe: 503 takes this replica out of the Service while
  // its database is away or it is stopping (liveness stays 200: restarting would not help).
  router.get(
    '/api/health/ready',
    () => {
      const { ready, ...body } = readiness(ctx);
      return { status: ready ? 200 : 503, json: body satisfies Ready | NotReady, headers: { 'Cache-Control': 'no-store' } };
    },
    { summary: 'Readiness' },
  );

  router.get(
    '/api/health/detailed',
    async (req) => {
      requireOpsToken(req);
      const health = await detailedHealth(ctx);
      return { status: health.status === 'ok' ? 200 : 503, json: health satisfies DetailedHealth, headers: { 'Cache-Control': 'no-store' } };
    },
    { summary: 'Readiness detail' },
  );

  router.get(
    '/metrics',
    (req) => {
      requireOpsToken(req);
      return {
        body: ctx.metrics.render(),
        headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' },
      };
    },
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
