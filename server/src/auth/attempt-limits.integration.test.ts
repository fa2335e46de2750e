/**
 * Sign-in and registration limits, attacked over real HTTP: password spraying from one
 * address, one account guessed from many addresses, concurrent guesses, a forged
 * X-Forwarded-For, and replicas that must share what they counted. Clients bind to
 * different loopback addresses (all of 127/8 reaches the server on 127.0.0.1).
 * The defaults are under test: 10 failed sign-ins per username and 30 per address in
 * 15 minutes, 30 registrations per address in an hour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../testing/raw-http';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

const PASSWORD = 'correct horse battery';
let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}_${process.pid % 1000}`;

const login = (from: string, username: string, password: string, on = server, headers: Record<string, string> = {}) =>
  rawRequest({ url: on.url, path: '/api/auth/login', localAddress: from, headers, body: { username, password } });
const register = (from: string, username = unique('reg'), on = server) =>
  rawRequest({ url: on.url, path: '/api/auth/register', localAddress: from, body: { username, email: `${username}@example.test`, password: PASSWORD } });

async function newAccount(from = '127.0.0.99', on = server): Promise<string> {
  const username = unique('acct');
  expect((await register(from, username, on)).status).toBe(201);
  return username;
}

function expectLimited(res: Awaited<ReturnType<typeof rawRequest>>, maxSeconds = 15 * 60) {
  expect(res.status).toBe(429);
  expect(res.json()).toMatchObject({ error: { code: 'rate_limited', message: expect.any(String) } });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
}

describe('one address trying many usernames (password spraying)', () => {
  it('is limited after 30 failures, whichever usernames; other addresses are not', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await login('127.0.0.21', unique('sprayed'), 'Summer2024!')).status);
    expect(statuses).toEqual([...Array(30).fill(401), ...Array(10).fill(429)]);
    expectLimited(await login('127.0.0.21', unique('sprayed'), 'Summer2024!'));
    expect((await login('127.0.0.22', unique('sprayed'), 'Summer2024!')).status).toBe(401);
  });

  it('is not evaded by a forged X-Forwarded-For (no proxy is trusted by default)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push((await login('127.0.0.23', unique('forged'), 'x-password', server, { 'x-forwarded-for': `198.51.100.${i}` })).status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses[30]).toBe(429);
  });
});

describe('one username tried from many addresses', () => {
  it('is limited after 10 failures from anywhere, even with the right password then', async () => {
    const username = await newAccount();
    for (let i = 0; i < 10; i++) expect((await login(`127.0.1.${i + 1}`, username, 'wrong password')).status).toBe(401);
    expectLimited(await login('127.0.1.50', username, PASSWORD));
    // Only that username: the same addresses may sign in to other accounts.
    const other = await newAccount();
    expect((await login('127.0.1.1', other, PASSWORD)).status).toBe(200);
  });

  it('cannot slip concurrent guesses under the limit: of 30 at once, 10 are tried', async () => {
    const username = await newAccount();
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`127.0.2.${i + 1}`, username, `guess ${i}`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });
});

describe('successful sign-ins', () => {
  it('do not count: an account signing in often is never limited', async () => {
    const username = await newAccount();
    for (let i = 0; i < 25; i++) expect((await login('127.0.0.31', username, PASSWORD)).status, `sign-in ${i + 1}`).toBe(200);
  });

  it('do not reset the failures either', async () => {
    const username = await newAccount();
    for (let i = 0; i < 9; i++) expect((await login(`127.0.3.${i + 1}`, username, 'wrong password')).status).toBe(401);
    expect((await login('127.0.3.100', username, PASSWORD)).status).toBe(200);
    expect((await login('127.0.3.101', username, 'wrong password')).status).toBe(401);
    expectLimited(await login('127.0.3.102', username, 'wrong password'));
  });
});

describe('registrations', () => {
  it('are limited to 30 an hour per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await register('127.0.0.41')).status);
    expect(statuses).toEqual([...Array(30).fill(201), 429]);
    expectLimited(await register('127.0.0.41'), 60 * 60);
    expect((await register('127.0.0.42')).status).toBe(201);
  });
});

describe('two replicas on one database', () => {
  it('share the counters: failures on either count against the username on both', async () => {
    const replica = await startTestServer({}, server.database);
    try {
      const username = await newAccount();
      for (let i = 0; i < 5; i++) expect((await login(`127.0.4.${i + 1}`, username, 'wrong password', server)).status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await login(`127.0.4.${i + 11}`, username, 'wrong password', replica)).status).toBe(401);
      expectLimited(await login('127.0.4.50', username, PASSWORD, server));
      expectLimited(await login('127.0.4.51', username, PASSWORD, replica));
      // ...and per address: a sprayer spreading its attempts over both replicas.
      for (let i = 0; i < 30; i++) expect((await login('127.0.0.51', unique('spread'), 'x-password', i % 2 ? replica : server)).status).toBe(401);
      expectLimited(await login('127.0.0.51', unique('spread'), 'x-password', replica));
      expectLimited(await login('127.0.0.51', unique('spread'), 'x-password', server));
    } finally {
      await replica.stop();
    }
  });
});

describe('behind a trusted proxy (TANDEM_TRUSTED_PROXIES)', () => {
  let behind: TestServer;
  beforeAll(async () => {
    behind = await startTestServer({
      trustedProxies: ['127.0.0.1'],
      attemptLimits: { ...server.context.config.attemptLimits, signInFailuresPerAddress: 3 },
    });
  });
  afterAll(() => behind?.stop());

  // The "proxy" connects from 127.0.0.1 and says whom it forwards.
  const via = (forwardedFor: string) => login('127.0.0.1', unique('proxied'), 'x-password', behind, { 'x-forwarded-for': forwardedFor });

  it('counts the forwarded client, not the proxy: one client is limited, the next is not', async () => {
    for (let i = 0; i < 3; i++) expect((await via('198.51.100.7')).status).toBe(401);
    expectLimited(await via('198.51.100.7'));
    expect((await via('198.51.100.8')).status).toBe(401);
  });

  it('reads the rightmost untrusted entry: addresses a client prepends do not help it', async () => {
    for (let i = 0; i < 3; i++) expect((await via(`203.0.113.${i}, 198.51.100.9`)).status).toBe(401);
    expectLimited(await via('203.0.113.77, 198.51.100.9'));
  });

  it('ignores the header from a peer that is not the proxy', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await login('127.0.0.61', unique('direct'), 'x-password', behind, { 'x-forwarded-for': `198.51.100.${100 + i}` })).status).toBe(401);
    }
    expectLimited(await login('127.0.0.61', unique('direct'), 'x-password', behind, { 'x-forwarded-for': '198.51.100.200' }));
  });
});
