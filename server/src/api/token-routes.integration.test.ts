/** API tokens over real HTTP: create (shown once), list, use, revoke, limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

let counter = 0;
async function signUp(): Promise<{ cookie: string; username: string }> {
  const username = `tok${process.pid % 1000}_${++counter}`;
  const res = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, email: `${username}@example.com`, password: 'correct horse battery' }),
  });
  expect(res.status).toBe(201);
  return { username, cookie: res.headers.getSetCookie()[0]!.split(';')[0]! };
}

const api = (path: string, init: { method?: string; auth: Record<string, string>; body?: unknown }) =>
  fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'content-type': 'application/json', origin: server.url, ...init.auth },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens', () => {
  it('are created once, listed without their value, used, and revoked', async () => {
    const { cookie, username } = await signUp();
    const created = await api('/api/tokens', { method: 'POST', auth: { cookie }, body: { name: ' k6 load test ' } });
    expect(created.status).toBe(201);
    const token = await created.json();
    expect(token).toEqual({ id: expect.any(String), name: 'k6 load test', token: expect.stringMatching(/^tdm_[A-Za-z0-9_-]{43}$/), createdAt: expect.any(String) });

    const me = await api('/api/auth/me', { auth: bearer(token.token) });
    expect(me.status).toBe(200);
    expect((await me.json()).user.username).toBe(username);

    // The use is recorded without holding up the request: wait for it to land.
    await expect
      .poll(async () => (await (await api('/api/tokens', { auth: { cookie } })).json()).tokens[0]?.lastUsedAt)
      .toEqual(expect.any(String));
    const list = await (await api('/api/tokens', { auth: { cookie } })).json();
    expect(list).toEqual({ tokens: [{ id: token.id, name: 'k6 load test', createdAt: token.createdAt, lastUsedAt: expect.any(String) }] });
    expect(JSON.stringify(list)).not.toContain(token.token);

    expect((await api(`/api/tokens/${token.id}`, { method: 'DELETE', auth: { cookie } })).status).toBe(204);
    const revoked = await api('/api/auth/me', { auth: bearer(token.token) });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await (await api('/api/tokens', { auth: { cookie } })).json()).tokens).toEqual([]);

    const again = await api(`/api/tokens/${token.id}`, { method: 'DELETE', auth: { cookie } });
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ error: { code: 'token_not_found' } });
  });

  it('a token can create and revoke tokens', async () => {
    const { cookie } = await signUp();
    const first = await (await api('/api/tokens', { method: 'POST', auth: { cookie }, body: { name: 'first' } })).json();
    const second = await api('/api/tokens', { method: 'POST', auth: bearer(first.token), body: { name: 'second' } });
    expect(second.status).toBe(201);
    const { id } = await second.json();
    expect((await api(`/api/tokens/${id}`, { method: 'DELETE', auth: bearer(first.token) })).status).toBe(204);
  });

  it('other users cannot see or revoke your tokens', async () => {
    const alice = await signUp();
    const bob = await signUp();
    const token = await (await api('/api/tokens', { method: 'POST', auth: { cookie: alice.cookie }, body: { name: 'mine' } })).json();
    expect((await (await api('/api/tokens', { auth: { cookie: bob.cookie } })).json()).tokens).toEqual([]);
    const res = await api(`/api/tokens/${token.id}`, { method: 'DELETE', auth: { cookie: bob.cookie } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'token_not_found' } });
    expect((await api('/api/auth/me', { auth: bearer(token.token) })).status).toBe(200);
  });

  it.each([
    ['an empty name', { name: '   ' }, 400, 'validation_failed'],
    ['a long name', { name: 'x'.repeat(101) }, 400, 'validation_failed'],
    ['a numeric name', { name: 7 }, 400, 'validation_failed'],
    ['no body', undefined, 400, 'validation_failed'],
    ['invalid JSON', '{', 400, 'invalid_json'],
    ['an oversized body', { name: 'x'.repeat(20_000) }, 413, 'payload_too_large'],
  ])('creating with %s is %i %s', async (_label, body, status, code) => {
    const { cookie } = await signUp();
    const res = await api('/api/tokens', { method: 'POST', auth: { cookie }, body });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error: { code } });
  });

  it('revoking a malformed id is 404 token_not_found', async () => {
    const { cookie } = await signUp();
    const res = await api('/api/tokens/not-a-uuid', { method: 'DELETE', auth: { cookie } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'token_not_found' } });
  });

  it('needs a user: 401 without credentials, and for junk or unknown bearer tokens', async () => {
    for (const auth of [{}, bearer('junk'), bearer(`tdm_${'A'.repeat(43)}`), { authorization: 'Basic eDp5' }]) {
      const res = await api('/api/tokens', { auth });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    }
  });

  it('on workspace routes (user and role in one lookup): the owner reads and writes, a stranger gets 404, a revoked or junk token 401', async () => {
    const alice = await signUp();
    const eve = await signUp();
    const tokenOf = async (cookie: string) => (await (await api('/api/tokens', { method: 'POST', auth: { cookie }, body: { name: 'script' } })).json()) as { id: string; token: string };
    const [aliceToken, eveToken] = [await tokenOf(alice.cookie), await tokenOf(eve.cookie)];
    const ws = (await (await api('/api/workspaces', { method: 'POST', auth: bearer(aliceToken.token), body: { name: 'scripted' } })).json()).workspace.id as string;
    const file = `/api/workspaces/${ws}/files/notes.txt`;
    const put = await api(file, { method: 'PUT', auth: bearer(aliceToken.token), body: 'written by a script' });
    expect(put.status).toBe(201);
    expect(await (await api(file, { auth: bearer(aliceToken.token) })).text()).toBe('written by a script');

    // Another user's valid token: as if the workspace did not exist, for reads and writes alike.
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await api(file, { method, auth: bearer(eveToken.token), body: method === 'PUT' ? 'vandalism' : undefined });
      expect(res.status, method).toBe(404);
      expect((await res.json()).error.code).toBe('workspace_not_found');
    }
    // A bearer token wins over a cookie that came along: Eve's token with Alice's cookie is still Eve.
    expect((await api(file, { auth: { ...bearer(eveToken.token), cookie: alice.cookie } })).status).toBe(404);

    expect((await api(`/api/tokens/${aliceToken.id}`, { method: 'DELETE', auth: { cookie: alice.cookie } })).status).toBe(204);
    for (const auth of [bearer(aliceToken.token), bearer('tdm_not-a-real-token-at-all-xxxxxxxxxxxxxxxxxxxxx'), bearer('junk')]) {
      const res = await api(file, { method: 'PUT', auth, body: 'after revocation' });
      expect(res.status).toBe(401);
      expect((await res.json()).error.code).toBe('unauthenticated');
    }
    expect(await (await api(file, { auth: { cookie: alice.cookie } })).text()).toBe('written by a script');
  });

  it('allows at most 100 tokens per user (409 token_limit)', async () => {
    const { cookie } = await signUp();
    const first = await (await api('/api/tokens', { method: 'POST', auth: { cookie }, body: { name: 't0' } })).json();
    const rest = await Promise.all(
      Array.from({ length: 99 }, (_, i) => api('/api/tokens', { method: 'POST', auth: bearer(first.token), body: { name: `t${i + 1}` } })),
    );
    expect(rest.every((r) => r.status === 201)).toBe(true);
    const over = await api('/api/tokens', { method: 'POST', auth: { cookie }, body: { name: 'one too many' } });
    expect(over.status).toBe(409);
    expect(await over.json()).toMatchObject({ error: { code: 'token_limit' } });
    expect((await (await api('/api/tokens', { auth: { cookie } })).json()).tokens).toHaveLength(100);
  });
});
