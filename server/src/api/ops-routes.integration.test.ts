import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../sync/sync-test-clients';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('operations endpoints', () => {
  it('GET /api/health answers ok', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /api/health/ready answers 200 while the database answers, and 503 once the server is stopping', async () => {
    const res = await fetch(`${server.url}/api/health/ready`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ status: 'ready' });
    server.context.lifecycle.stopping = true;
    try {
      const stopping = await fetch(`${server.url}/api/health/ready`);
      expect(stopping.status).toBe(503);
      expect(await stopping.json()).toMatchObject({ status: 'unavailable', reason: 'shutting_down' });
      // Liveness is not readiness: the process still answers.
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      server.context.lifecycle.stopping = false;
    }
  });

  it('GET /api/health/detailed reports the database, documents, persistence and memory', async () => {
    const res = await fetch(`${server.url}/api/health/detailed`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'ok',
      database: { reachable: true },
      documents: { loaded: expect.any(Number), connections: expect.any(Number) },
      persistence: { pendingUpdates: expect.any(Number), batches: expect.any(Number) },
      memory: { rssBytes: expect.any(Number) },
    });
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('GET /metrics renders Prometheus text with process and server metrics', async () => {
    await fetch(`${server.url}/api/health`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of [
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
      'nodejs_heap_used_bytes',
      'nodejs_eventloop_lag_seconds{quantile="0.99"}',
      'tandem_sync_documents_loaded',
      'tandem_sync_connections',
      'tandem_sync_persist_batch_size',
      'tandem_http_requests_total',
      'tandem_database_up 1',
      'tandem_database_outages_total',
      'tandem_database_outage_seconds',
      'tandem_sync_unsaved_bytes',
    ]) {
      expect(text).toContain(name);
    }
    // Every sample line is `name{labels} number`.
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? -?[0-9.e+-]+$|^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? (NaN|\+Inf|-Inf)$/);
    }
  });
});

describe('GET /api/health/detailed with the database down', () => {
  it('answers 503 with database.reachable false, and readiness follows', async () => {
    const own = await startTestServer();
    try {
      await own.context.db.close();
      const res = await fetch(`${own.url}/api/health/detailed`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', database: { reachable: false } });
      own.context.database.suspect();
      await eventually(async () => (await fetch(`${own.url}/api/health/ready`)).status === 503, 'readiness 503');
    } finally {
      // The database is closed already, so stop() may fail half-way: drop the test database regardless.
      await own.stop().catch(() => own.database.drop());
    }
  });
});
