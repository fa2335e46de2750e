/**
 * Accounts over real HTTP against a real server and PostgreSQL: the cookie round
 * trip, conflicts, validation, login failures, rate limiting and CSRF (the limits
 * attacked in earnest: auth/attempt-limits.integration.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let origin: string;
beforeAll(async () => {
  server = await startTestServer();
  origin = server.url;
});
afterAll(async () => {
  await server?.stop();
});

let counter = 0;
const unique = (prefix: string) => `${prefix}${process.pid % 1000}_${++counter}`;

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function sessionCookie(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('tandem_session='));
  if (!set) throw new Error('no session cookie set');
  return set.split(';')[0]!;
}

async function register(username = unique('user')) {
  const res = await post('/api/auth/register', { username, email: `${username}@Example.com`, password: 'correct horse battery' });
  expect(res.status).toBe(201);
  return { username, cookie: sessionCookie(res), user: (await res.json()).user };
}

describe('register, me, logout, login', () => {
  it('round-trips a user through the session cookie', async () => {
    const username = unique('ada');
    const res = await post('/api/auth/register', { username, email: `${username}@Example.COM`, password: 'correct horse battery' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({
      user: { id: expect.any(String), username, email: `${username}@example.com`, reviewerLevel: 0, createdAt: expect.any(String),
        preferences: { theme: 'system', vimMode: false, fontSize: 14, wordWrap: false } },
    });
    expect(JSON.stringify(body)).not.toMatch(/argon2|password/i);

    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('tandem_session='))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).toMatch(/Max-Age=2592000/);
    expect(setCookie).not.toMatch(/Secure/i);
    const cookie = setCookie.split(';')[0]!;

    const me = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual(body);

    const out = await post('/api/auth/logout', null, { cookie });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().find((c) => c.startsWith('tandem_session='))).toMatch(/Max-Age=0/);
    const after = await fetch(`${server.url}/api/auth/me`, { headers: { cookie } });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ error: { code: 'unauthenticated' } });

    const login = await post('/api/auth/login', { username: username.toUpperCase(), password: 'correct horse battery' });
    expect(login.status).toBe(200);
    expect(await login.json()).toEqual(body);
    const again = await fetch(`${server.url}/api/auth/me`, { headers: { cookie: sessionCookie(login) } });
    expect(again.status).toBe(200);
  });

  it('GET /api/auth/me without credentials is 401', async () => {
    const res = await fetch(`${server.url}/api/auth/me`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('logout without a session is a harmless 204', async () => {
    const res = await post('/api/auth/logout', '');
    expect(res.status).toBe(204);
  });
});

describe('conflicts', () => {
  it('a taken username is 409 username_taken, a taken email (any case) 409 email_taken', async () => {
    const { username } = await register();
    const sameName = await post('/api/auth/register', { username, email: `other_${username}@example.com`, password: 'correct horse battery' });
    expect(sameName.status).toBe(409);
    expect(await sameName.json()).toMatchObject({ error: { code: 'username_taken' } });

    const sameEmail = await post('/api/auth/register', { username: unique('other'), email: `${username.toUpperCase()}@EXAMPLE.com`, password: 'correct horse battery' });
    expect(sameEmail.status).toBe(409);
    expect(await sameEmail.json()).toMatchObject({ error: { code: 'email_taken' } });
  });

  it('two racing registrations of one username: one wins, the other gets 409', async () => {
    const username = unique('race');
    const attempts = await Promise.all(
      [1, 2].map((i) => post('/api/auth/register', { username, email: `${username}${i}@example.com`, password: 'correct horse battery' })),
    );
    expect(attempts.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

describe('bad input answers 4xx JSON with a stable code', () => {
  const good = () => ({ username: unique('val'), email: `${unique('val')}@example.com`, password: 'correct horse battery' });
  it.each([
    ['missing fields', () => ({}), 400, 'validation_failed'],
    ['a missing password', () => ({ ...good(), password: undefined }), 400, 'validation_failed'],
    ['a number as username', () => ({ ...good(), username: 12345 }), 400, 'validation_failed'],
    ['an array as body', () => [good()], 400, 'validation_failed'],
    ['null as body', () => null, 400, 'validation_failed'],
    ['a short password', () => ({ ...good(), password: 'too short' }), 400, 'validation_failed'],
    ['a bad username', () => ({ ...good(), username: '../x' }), 400, 'validation_failed'],
    ['an upper-case username', () => ({ ...good(), username: 'Alice' }), 400, 'validation_failed'],
    ['a bad email', () => ({ ...good(), email: 'nope' }), 400, 'validation_failed'],
    ['invalid JSON', () => '{"username": ', 400, 'invalid_json'],
    ['an oversized body', () => ({ ...good(), padding: 'x'.repeat(64 * 1024) }), 413, 'payload_too_large'],
  ])('register with %s', async (_label, body, status, code) => {
    const res = await post('/api/auth/register', body());
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
  });

  it.each([
    ['missing fields', {}, 'validation_failed'],
    ['a numeric password', { username: 'someone', password: 1234567890 }, 'validation_failed'],
    ['invalid JSON', 'not json', 'invalid_json'],
  ])('login with %s', async (_label, body, code) => {
    const res = await post('/api/auth/login', body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code } });
  });
});

describe('login failures', () => {
  it('a wrong password and an unknown user get the same 401 invalid_credentials', async () => {
    const { username } = await register();
    const wrong = await post('/api/auth/login', { username, password: 'not the password' });
    const unknown = await post('/api/auth/login', { username: unique('ghost'), password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a).toEqual({ error: { code: 'invalid_credentials', message: expect.any(String) } });
    expect(b).toEqual(a);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('after 10 failed sign-ins for one username, even the right password is 429 rate_limited', async () => {
    const { username } = await register();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await post('/api/auth/login', { username, password: 'wrong password' })).status);
    expect(statuses).toEqual(Array(10).fill(401));
    const limited = await post('/api/auth/login', { username, password: 'correct horse battery' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another username from the same client is unaffected (its address has 10 failures of 30).
    const other = await register();
    expect((await post('/api/auth/login', { username: other.username, password: 'correct horse battery' })).status).toBe(200);
  });
});

describe('CSRF: cookie-authenticated state changes need this server\'s Origin', () => {
  it('refuses a foreign or missing Origin with 403 csrf_origin_mismatch, allows our own', async () => {
    const { cookie } = await register();
    const create = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify({ name: 'csrf' }),
      });
    for (const headers of [{ origin: 'http://evil.example' }, {}, { origin: 'null' }] as Array<Record<string, string>>) {
      const res = await create(headers);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: 'csrf_origin_mismatch' } });
    }
    expect((await create({ origin })).status).toBe(201);
    // Reading needs no Origin.
    expect((await fetch(`${server.url}/api/tokens`, { headers: { cookie } })).status).toBe(200);
  });

  it('does not apply to bearer tokens, which browsers never attach on their own', async () => {
    const { cookie } = await register();
    const { token } = await (await post('/api/tokens', { name: 'script' }, { cookie })).json();
    const res = await fetch(`${server.url}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin: 'http://evil.example' },
      body: JSON.stringify({ name: 'from a script' }),
    });
    expect(res.status).toBe(201);
  });

  it('refuses register and login from a foreign origin (login CSRF), allows scripts without one', async () => {
    const { username } = await register();
    const foreign = { origin: 'http://evil.example' };
    const login = await post('/api/auth/login', { username, password: 'correct horse battery' }, foreign);
    expect(login.status).toBe(403);
    expect(await login.json()).toMatchObject({ error: { code: 'csrf_origin_mismatch' } });
    const name = unique('csrf');
    const reg = await post('/api/auth/register', { username: name, email: `${name}@example.com`, password: 'correct horse battery' }, foreign);
    expect(reg.status).toBe(403);
    const script = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'correct horse battery' }),
    });
    expect(script.status).toBe(200);
  });

  it('refuses logout from a foreign origin', async () => {
    const { cookie } = await register();
    const res = await post('/api/auth/logout', null, { cookie, origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
  });
});
