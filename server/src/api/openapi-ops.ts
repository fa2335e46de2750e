/** OpenAPI paths for operations: health, metrics, and this document and its docs page (ops-routes.ts). */
import { errorResponse, jsonResponse, type ApiArea } from './openapi-common';

/** Open when TANDEM_METRICS_TOKEN is unset (`{}`), else its bearer token. */
const opsSecurity = [{}, { metricsAuth: [] }];
const opsUnauthenticated = errorResponse('TANDEM_METRICS_TOKEN is set and the request does not carry it as a bearer token', ['unauthenticated']);

export const opsApi: ApiArea = {
  tags: [
    {
      name: 'operations',
      description:
        'Health checks, Prometheus metrics, and this API description. No user needed; `/metrics` and `/api/health/detailed` ' +
        'need `Authorization: Bearer <TANDEM_METRICS_TOKEN>` when that is set. `/api/health*` and `/metrics` answer any Host (probes and scrapers reach pods by IP).',
    },
  ],
  schemas: {
    NotReady: {
      type: 'object',
      required: ['status', 'reason', 'message'],
      properties: {
        status: { const: 'unavailable' },
        reason: { enum: ['database_unavailable', 'shutting_down'] },
        message: { type: 'string' },
      },
    },
    DetailedHealth: {
      type: 'object',
      required: ['status', 'uptimeSeconds', 'database', 'documents', 'persistence', 'memory'],
      properties: {
        status: { enum: ['ok', 'unavailable'] },
        uptimeSeconds: { type: 'number' },
        database: {
          type: 'object',
          required: ['reachable', 'latencyMs'],
          properties: { reachable: { type: 'boolean' }, latencyMs: { type: 'number' }, error: { type: 'string' } },
        },
        documents: {
          type: 'object',
          properties: { loaded: { type: 'integer' }, connections: { type: 'integer' } },
        },
        persistence: {
          type: 'object',
          description: 'The update log: pending updates, last group-commit batch size and lag, batches committed',
          properties: {
            pendingUpdates: { type: 'integer' },
            lastBatchSize: { type: 'integer' },
            lastCommitLagMs: { type: 'number' },
            batches: { type: 'integer' },
          },
        },
        memory: {
          type: 'object',
          properties: {
            rssBytes: { type: 'integer' },
            heapUsedBytes: { type: 'integer' },
            heapTotalBytes: { type: 'integer' },
            externalBytes: { type: 'integer' },
          },
        },
      },
    },
  },
  paths: {
    '/api/health': {
      get: {
        tags: ['operations'],
        summary: 'Liveness: the process answers (no database round trip)',
        responses: {
          '200': jsonResponse('Alive', { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } }),
        },
      },
    },
    '/api/health/ready': {
      get: {
        tags: ['operations'],
        summary: 'Readiness: 503 while the database cannot be reached or the server is stopping (the Kubernetes readiness probe)',
        responses: {
          '200': jsonResponse('Ready for traffic', { type: 'object', required: ['status'], properties: { status: { const: 'ready' } } }),
          '503': jsonResponse('Not ready: keep traffic away until it answers 200 again', { $ref: '#/components/schemas/NotReady' }),
        },
      },
    },
    '/api/health/detailed': {
      get: {
        tags: ['operations'],
        summary: 'Readiness: database reachable, documents loaded, connections, persistence, memory',
        security: opsSecurity,
        responses: {
          '200': jsonResponse('Healthy', { $ref: '#/components/schemas/DetailedHealth' }),
          '401': opsUnauthenticated,
          '503': jsonResponse('The database is unreachable', { $ref: '#/components/schemas/DetailedHealth' }),
        },
      },
    },
    '/metrics': {
      get: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format 0.0.4)',
        security: opsSecurity,
        responses: {
          '200': { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
          '401': opsUnauthenticated,
        },
      },
    },
    '/api/openapi.json': {
      get: {
        tags: ['operations'],
        summary: 'This OpenAPI 3.1 document',
        responses: { '200': jsonResponse('The document', { type: 'object' }) },
      },
    },
    '/api/docs': {
      get: {
        tags: ['operations'],
        summary: 'Readable API documentation (HTML, rendered from this document)',
        responses: { '200': { description: 'The page', content: { 'text/html': { schema: { type: 'string' } } } } },
      },
    },
  },
};
