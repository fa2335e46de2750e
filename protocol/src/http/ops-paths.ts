/** The operations of operations: health, metrics, and the API description itself (server/src/api/ops-routes.ts). */
import type { RouteConfig } from '@asteasolutions/zod-to-openapi';
import { detailedHealthSchema, livenessSchema, notReadySchema, readySchema } from './ops';
import { errorResponse, jsonResponse, type Security } from './responses';
import { z } from './zod';

/** Open when TANDEM_METRICS_TOKEN is unset (`{}`), else its bearer token. */
const OPS_SECURITY: Security = [{}, { metricsAuth: [] }];
const opsUnauthenticated = errorResponse('TANDEM_METRICS_TOKEN is set and the request does not carry it as a bearer token', ['unauthenticated']);

const operation = (method: RouteConfig['method'], path: string, summary: string, responses: RouteConfig['responses'], security?: RouteConfig['security']): RouteConfig => ({
  method,
  path,
  tags: ['operations'],
  summary,
  ...(security ? { security } : {}),
  responses,
});

export const opsPaths: RouteConfig[] = [
  operation('get', '/api/health', 'Liveness: the process answers (no database round trip)', { 200: jsonResponse('Alive', livenessSchema) }),
  operation('get', '/api/health/ready', 'Readiness: 503 while the database cannot be reached or the server is stopping (the Kubernetes readiness probe)', {
    200: jsonResponse('Ready for traffic', readySchema),
    503: jsonResponse('Not ready: keep traffic away until it answers 200 again', notReadySchema),
  }),
  operation('get', '/api/health/detailed', 'Readiness: database reachable, documents loaded, connections, persistence, memory', {
    200: jsonResponse('Healthy', detailedHealthSchema),
    401: opsUnauthenticated,
    503: jsonResponse('The database is unreachable', detailedHealthSchema),
  }, OPS_SECURITY),
  operation('get', '/metrics', 'Prometheus metrics (text exposition format 0.0.4)', {
    200: { description: 'Metrics', content: { 'text/plain': { schema: z.string() } } },
    401: opsUnauthenticated,
  }, OPS_SECURITY),
  operation('get', '/api/openapi.json', 'This OpenAPI 3.1 document', {
    200: jsonResponse('The document', z.record(z.unknown())),
  }),
  operation('get', '/api/docs', 'Readable API documentation (HTML, rendered from this document)', {
    200: { description: 'The page', content: { 'text/html': { schema: z.string() } } },
  }),
];
