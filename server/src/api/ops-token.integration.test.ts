/**
 * TANDEM_METRICS_TOKEN over real HTTP: with it set, `/metrics` and
 * `/api/health/detailed` answer only `Authorization: Bearer <token>` (on any Host, as a
 * scraper reaching the pod IP sends it); liveness stays open for the kubelet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../testing/sql-fixtures';
import { rawRequest } from '../testing/raw-http';
import { startTestServer, type TestServer } from '../testing/test-server';

const TOKEN = 'ops-0123456789abcdef0123456789abcdef';
const CLOSED = ['/metrics', '/api/health/detailed'];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ metricsToken: TOKEN });
});
afterAll(() => server?.stop());

const get = (path: string, headers: Record<string, string> = {}) => rawRequest({ url: server.url, path, headers });

describe('with TANDEM_METRICS_TOKEN set', () => {
  it.each(CLOSED)('%s without credentials is 401 unauthenticated, and leaks nothing', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    expect(res.text).not.toMatch(/tandem_|process_|database|uptime/);
  });

  it.each(CLOSED)('%s refuses a wrong token, its prefix, a longer one, another scheme, a user API token', async (path) => {
    const user = await insertUser(server.context.db);
    for (const authorization of [
      'Bearer wrong-token-wrong-token-wrong',
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
      TOKEN,
      `Bearer ${user.token}`,
    ]) {
      expect((await get(path, { authorization })).status, authorization).toBe(401);
    }
  });

  it.each(CLOSED)('%s answers the token, on any Host (a scraper reaching the pod IP)', async (path) => {
    expect((await get(path, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await get(path, { authorization: `bearer ${TOKEN}`, host: `10.12.0.7:${server.port}` })).status).toBe(200);
  });

  it('leaves liveness open: /api/health needs no token', async () => {
    expect((await get('/api/health')).status).toBe(200);
    expect((await get('/api/health', { host: '10.12.0.7:8080' })).status).toBe(200);
  });
});

describe('without TANDEM_METRICS_TOKEN', () => {
  it('keeps /metrics and /api/health/detailed open, as before', async () => {
    const open = await startTestServer();
    try {
      for (const path of CLOSED) expect((await rawRequest({ url: open.url, path })).status, path).toBe(200);
    } finally {
      await open.stop();
    }
  });
});
