/**
 * DNS rebinding, attacked over real HTTP and WebSockets: a page on `evil.example` whose
 * name now resolves to 127.0.0.1 reaches the server with `Host: evil.example:<port>`
 * (and, being same-origin with itself, `Origin: http://evil.example:<port>`). It must get
 * 421 on HTTP and close code 4421 on `/sync` and `/ws`, whatever credentials it has,
 * while probes and scrapers keep answering any Host, and the configured names work.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CloseCode } from '@tandem/protocol';
import { insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';
import { rawRequest, type RawRequest } from '../testing/raw-http';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let shared: SharedWorkspace;
let evil: string;

beforeAll(async () => {
  server = await startTestServer();
  shared = await insertSharedWorkspace(server.context.db);
  evil = `evil.example:${server.port}`;
});
afterAll(() => server?.stop());

const send = (req: Omit<RawRequest, 'url'>, on = server) => rawRequest({ url: on.url, ...req });
const PASSWORD = 'correct horse battery';

/** Registers through an allowed host and returns the session cookie. */
async function signUp(on: TestServer, host: string, origin?: string): Promise<string> {
  const username = `u${Math.random().toString(36).slice(2, 10)}`;
  const res = await send({ path: '/api/auth/register', headers: { host, ...(origin ? { origin } : {}) }, body: { username, email: `${username}@example.test`, password: PASSWORD } }, on);
  expect(res.status).toBe(201);
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return set.find((c) => c.startsWith('tandem_session='))!.split(';')[0]!;
}

/** Opens a socket with the given headers; resolves with its close code and every message it got. */
function socket(url: string, headers: Record<string, string>): Promise<{ code: number; messages: string[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const messages: string[] = [];
    ws.on('message', (data) => {
      messages.push(String(data));
      // Admitted: the workspace socket says hello first. Close it ourselves.
      if (messages.length === 1 && String(data).includes('"hello"')) ws.close(1000);
    });
    ws.on('close', (code) => resolve({ code, messages }));
    ws.on('error', reject);
  });
}

describe('HTTP requests for a host name the server does not know', () => {
  it('ADMIT-3: cannot register an account (421 misdirected_request, nothing stored)', async () => {
    const username = 'rebound_user';
    const res = await send({
      path: '/api/auth/register',
      headers: { host: evil, origin: `http://${evil}` },
      body: { username, email: 'rebound@example.test', password: PASSWORD },
    });
    expect(res.status).toBe(421);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toEqual({ error: { code: 'misdirected_request', message: expect.any(String) } });
    const { rows } = await server.context.db.raw.query('SELECT 1 FROM users WHERE username = $1', [username]);
    expect(rows).toEqual([]);
  });

  it('ADMIT-3: cannot create a workspace or read one, even with a valid token or cookie', async () => {
    const bearer = { authorization: `Bearer ${shared.owner.token}` };
    const created = await send({ path: '/api/workspaces', headers: { host: evil, ...bearer }, body: { name: 'rebound' } });
    expect(created.status).toBe(421);
    const { rows } = await server.context.db.raw.query(`SELECT 1 FROM workspaces WHERE name = 'rebound'`);
    expect(rows).toEqual([]);
    expect((await send({ path: `/api/workspaces/${shared.workspaceId}/items`, headers: { host: evil, ...bearer } })).status).toBe(421);
    const cookie = await signUp(server, `127.0.0.1:${server.port}`);
    const withCookie = await send({ path: '/api/tokens', headers: { host: evil, origin: `http://${evil}`, cookie }, body: { name: 'stolen' } });
    expect(withCookie.status).toBe(421);
  });

  it('ADMIT-3: cannot run a command in the workspace', async () => {
    const res = await send({
      path: `/api/workspaces/${shared.workspaceId}/run`,
      headers: { host: evil, authorization: `Bearer ${shared.owner.token}` },
      body: { command: 'echo pwned' },
    });
    expect(res.status).toBe(421);
  });

  it('ADMIT-3: cannot read the IDE or the API description; the port must match too', async () => {
    for (const path of ['/', '/login', '/api/openapi.json', '/api/auth/me']) {
      expect((await send({ path, headers: { host: evil } })).status, path).toBe(421);
    }
    expect((await send({ path: '/api/auth/me', headers: { host: `127.0.0.1:${server.port + 1}` } })).status).toBe(421);
    expect((await send({ path: '/api/auth/me', headers: { host: 'localhost' } })).status).toBe(421);
  });

  it('answers probes and scrapers on any Host (Kubernetes reaches the pod by its IP)', async () => {
    for (const path of ['/api/health', '/api/health/detailed', '/metrics']) {
      expect((await send({ path, headers: { host: `10.12.0.7:${server.port}` } })).status, path).toBe(200);
    }
    // The readiness probe, and anything else below /api/health: answered (whatever it answers), never 421.
    for (const path of ['/api/health/ready', '/api/health/anything']) {
      expect((await send({ path, headers: { host: `10.12.0.7:${server.port}` } })).status, path).not.toBe(421);
    }
  });

  it('answers the loopback names with its port', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `[::1]:${server.port}`]) {
      const res = await send({ path: '/api/auth/me', headers: { host } });
      expect(res.status, host).toBe(401);
    }
  });
});

describe('the origin check compares with the allowed hosts, not with the request’s own Host', () => {
  it('refuses a cookie request whose Origin is a foreign name, allows a page on an allowed name', async () => {
    const host = `127.0.0.1:${server.port}`;
    const cookie = await signUp(server, host);
    const create = (origin: string) => send({ path: '/api/tokens', headers: { host, origin, cookie }, body: { name: 'o' } });
    const foreign = await create(`http://${evil}`);
    expect(foreign.status).toBe(403);
    expect(foreign.json()).toMatchObject({ error: { code: 'csrf_origin_mismatch' } });
    // The IDE opened as localhost calling the API as 127.0.0.1: both are this server.
    expect((await create(`http://localhost:${server.port}`)).status).toBe(201);
  });
});

describe('WebSockets for a host name the server does not know', () => {
  it('CLOSE-6, ADMIT-2: /ws closes with 4421 MISDIRECTED and sends nothing, even with a valid token (no terminal can be opened)', async () => {
    const result = await socket(`${server.wsUrl}/ws/${shared.workspaceId}?token=${shared.owner.token}`, { host: evil, origin: `http://${evil}` });
    expect(result.code).toBe(CloseCode.MISDIRECTED);
    expect(result.messages).toEqual([]);
  });

  it('CLOSE-6, ADMIT-2: /ws with a session cookie: 4421 as well', async () => {
    const cookie = await signUp(server, `127.0.0.1:${server.port}`);
    const result = await socket(`${server.wsUrl}/ws/${shared.workspaceId}`, { host: evil, origin: `http://${evil}`, cookie });
    expect(result.code).toBe(4421);
  });

  it('CLOSE-6, ADMIT-2: /sync closes with 4421 before any document is read', async () => {
    const result = await socket(`${server.wsUrl}/sync/${shared.workspaceId}/${shared.file.id}?token=${shared.owner.token}`, { host: evil });
    expect(result.code).toBe(4421);
    expect(result.messages).toEqual([]);
  });

  it('CLOSE-6: admits the same socket on an allowed name', async () => {
    const result = await socket(`${server.wsUrl}/ws/${shared.workspaceId}?token=${shared.owner.token}`, { host: `localhost:${server.port}` });
    expect(JSON.parse(result.messages[0]!)).toMatchObject({ type: 'hello' });
    expect(result.code).toBe(1000);
  });
});

describe('a server behind an ingress: TANDEM_PUBLIC_URL and TANDEM_ALLOWED_HOSTS', () => {
  let behind: TestServer;
  beforeAll(async () => {
    behind = await startTestServer({ publicUrl: 'https://tandem.example.test', allowedHosts: ['ingress.internal', 'tandem.internal:9000'] });
  });
  afterAll(() => behind?.stop());

  it('ADMIT-3: answers the public host (default port written or not) and the extra hosts, nothing else', async () => {
    for (const host of ['tandem.example.test', 'tandem.example.test:443', 'ingress.internal', 'tandem.internal:9000', `127.0.0.1:${behind.port}`]) {
      expect((await send({ path: '/api/auth/me', headers: { host } }, behind)).status, host).toBe(401);
    }
    for (const host of ['tandem.example.test:8443', 'tandem.internal', 'evil.example', 'tandem.example.test.evil.example']) {
      expect((await send({ path: '/api/auth/me', headers: { host } }, behind)).status, host).toBe(421);
    }
  });

  it('ADMIT-1, CLOSE-6: lets the public origin use its cookie, over HTTP and on /ws', async () => {
    const origin = 'https://tandem.example.test';
    const cookie = await signUp(behind, 'tandem.example.test', origin);
    const token = await send({ path: '/api/tokens', headers: { host: 'tandem.example.test', origin, cookie }, body: { name: 'ide' } }, behind);
    expect(token.status).toBe(201);
    const workspace = await send({ path: '/api/workspaces', headers: { host: 'tandem.example.test', origin, cookie }, body: { name: 'w' } }, behind);
    expect(workspace.status).toBe(201);
    const result = await socket(`${behind.wsUrl}/ws/${workspace.json().workspace.id}`, { host: 'tandem.example.test', origin, cookie });
    expect(JSON.parse(result.messages[0]!)).toMatchObject({ type: 'hello' });
    // A foreign page with the same cookie is still refused.
    const foreign = await socket(`${behind.wsUrl}/ws/${workspace.json().workspace.id}`, { host: 'tandem.example.test', origin: 'https://evil.example', cookie });
    expect(foreign.code).toBe(CloseCode.FORBIDDEN);
  });
});
