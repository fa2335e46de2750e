/** OpenAPI paths for operations: health, metrics, and this document and its docs page (ops-routes.ts). */
import { jsonResponse, type ApiArea } from './openapi-common';

export const opsApi: ApiArea = {
  tags: [{ name: 'operations', description: 'Health checks, Prometheus metrics, and this API description. No authentication.' }],
  schemas: {
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
    '/api/health/detailed': {
      get: {
        tags: ['operations'],
        summary: 'Readiness: database reachable, documents loaded, connections, persistence, memory',
        responses: {
          '200': jsonResponse('Healthy', { $ref: '#/components/schemas/DetailedHealth' }),
          '503': jsonResponse('The database is unreachable', { $ref: '#/components/schemas/DetailedHealth' }),
        },
      },
    },
    '/metrics': {
      get: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format 0.0.4)',
        responses: { '200': { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } } },
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
