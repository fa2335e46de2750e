/**
 * Your own account over real HTTP and PostgreSQL: preferences (defaults, partial merges,
 * unknown keys, bad values, concurrent changes), email (taken, invalid), the password
 * (wrong current, the limiter, other sessions ended, this one kept), and what another
 * user cannot do to you (your tokens).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    attemptLimits: { signInFailuresPerUsername: 3, signInFailuresPerAddress: 1000, signInWindowMs: 60_000, registrationsPerAddress: 1000, registrationWindowMs: 60_000 },
  });
});
afterAll(async () => {
  await server?.stop();
});

const PASSWORD = 'correct horse battery';
let counter = 0;

interface Person {
  username: string;
  cookie: string;
}

function cookieOf(res: Response): string {
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function signUp(): Promise<Person> {
  const username = `me${process.pid % 1000}_${++counter}`;
  const res = await call('POST', '/api/auth/register', {}, { username, email: `${username}@example.com`, password: PASSWORD });
  expect(res.status).toBe(201);
  return { username, cookie: cookieOf(res.raw) };
}

async function signIn(username: string, password: string): Promise<{ status: number; cookie: string | null }> {
  const res = await call('POST', '/api/auth/login', {}, { username, password });
  return { status: res.status, cookie: res.status === 200 ? cookieOf(res.raw) : null };
}

async function call(method: string, path: string, auth: Record<string, string>, body?: unknown) {
  const raw = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: server.url, ...auth },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await raw.text();
  return { status: raw.status, body: text ? JSON.parse(text) : undefined, raw };
}

const as = (p: Person | string) => ({ cookie: typeof p === 'string' ? p : p.cookie });
const patchMe = (p: Person, body: unknown) => call('PATCH', '/api/users/me', as(p), body);
const changePassword = (cookie: string, currentPassword: string, newPassword: string) =>
  call('POST', '/api/users/me/password', as(cookie), { currentPassword, newPassword });

describe('preferences', () => {
  it('start as the defaults and come with the user from /api/auth/me, sign-in and registration', async () => {
    const ada = await signUp();
    const defaults = { theme: 'system', vimMode: false, fontSize: 14, wordWrap: false };
    expect((await call('GET', '/api/auth/me', as(ada))).body.user.preferences).toEqual(defaults);
    const login = await call('POST', '/api/auth/login', {}, { username: ada.username, password: PASSWORD });
    expect(login.body.user.preferences).toEqual(defaults);
  });

  it('are changed in part and merged over what is kept, and survive a new sign-in', async () => {
    const ada = await signUp();
    expect((await patchMe(ada, { preferences: { theme: 'light', fontSize: 18 } })).body.user.preferences).toEqual({ theme: 'light', vimMode: false, fontSize: 18, wordWrap: false });
    const second = await patchMe(ada, { preferences: { vimMode: true } });
    expect(second.status).toBe(200);
    expect(second.body.user.preferences).toEqual({ theme: 'light', vimMode: true, fontSize: 18, wordWrap: false });
    const again = await signIn(ada.username, PASSWORD);
    expect((await call('GET', '/api/auth/me', as(again.cookie!))).body.user.preferences).toEqual(second.body.user.preferences);
  });

  it('keep both of two changes of different keys made at once', async () => {
    const ada = await signUp();
    const changes = [{ theme: 'dark' }, { fontSize: 11 }, { wordWrap: true }, { vimMode: true }];
    const answers = await Promise.all(changes.map((preferences) => patchMe(ada, { preferences })));
    for (const a of answers) expect(a.status).toBe(200);
    expect((await call('GET', '/api/auth/me', as(ada))).body.user.preferences).toEqual({ theme: 'dark', fontSize: 11, wordWrap: true, vimMode: true });
  });

  it('refuse keys that are not preferences with unknown_preference, and bad values with validation_failed, changing nothing', async () => {
    const ada = await signUp();
    const unknown = await patchMe(ada, { preferences: { theme: 'light', colour: 'red' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_preference', details: { keys: ['colour'] } });
    for (const preferences of [{ theme: 'neon' }, { fontSize: 9 }, { fontSize: 33 }, { fontSize: 14.5 }, { vimMode: 'on' }, 'light', [1], null]) {
      const res = await patchMe(ada, { preferences });
      expect(res.status, JSON.stringify(preferences)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    for (const body of [{}, { theme: 'light' }, '[]', 'null']) expect((await patchMe(ada, body)).body.error.code).toMatch(/validation_failed|invalid_json/);
    expect((await patchMe(ada, '{"preferences":')).body.error.code).toBe('invalid_json');
    expect((await call('GET', '/api/auth/me', as(ada))).body.user.preferences.theme).toBe('system');
  });

  it('are refused from a foreign origin with a cookie, and need a user', async () => {
    const ada = await signUp();
    const foreign = await call('PATCH', '/api/users/me', { ...as(ada), origin: 'https://evil.example' }, { preferences: { theme: 'light' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('csrf_origin_mismatch');
    expect((await call('PATCH', '/api/users/me', {}, { preferences: { theme: 'light' } })).status).toBe(401);
  });
});

describe('email', () => {
  it('is changed (stored in lower case), refused when another account has it in any case, and validated', async () => {
    const [ada, bob] = [await signUp(), await signUp()];
    const changed = await patchMe(ada, { email: `  ADA.New.${counter}@Example.com ` });
    expect(changed.status).toBe(200);
    expect(changed.body.user.email).toBe(`ada.new.${counter}@example.com`);
    const taken = await patchMe(bob, { email: changed.body.user.email.toUpperCase(), preferences: { theme: 'light' } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('email_taken');
    // Nothing of a refused change is kept.
    expect((await call('GET', '/api/auth/me', as(bob))).body.user).toMatchObject({ email: `${bob.username}@example.com`, preferences: { theme: 'system' } });
    expect((await patchMe(ada, { email: changed.body.user.email })).status).toBe(200);
    for (const email of ['not an email', '', 'a@b', `${'x'.repeat(250)}@example.com`]) expect((await patchMe(ada, { email })).body.error.code).toBe('validation_failed');
  });

  it('changes with the reviewer level in one request', async () => {
    const ada = await signUp();
    const res = await patchMe(ada, { email: `both${counter}@example.com`, reviewerLevel: 3 });
    expect(res.body.user).toMatchObject({ email: `both${counter}@example.com`, reviewerLevel: 3 });
  });
});

describe('changing the password', () => {
  it('refuses a wrong current password with wrong_password, and a short new one', async () => {
    const ada = await signUp();
    const wrong = await changePassword(ada.cookie, 'not my password', 'a brand new password');
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('wrong_password');
    const short = await changePassword(ada.cookie, PASSWORD, 'short');
    expect(short.status).toBe(400);
    expect(short.body.error.code).toBe('validation_failed');
    expect((await changePassword(ada.cookie, '', 'a brand new password')).body.error.code).toBe('validation_failed');
    expect((await changePassword(ada.cookie, 'x'.repeat(1025), 'a brand new password')).body.error.code).toBe('validation_failed');
    expect((await signIn(ada.username, PASSWORD)).status).toBe(200);
  });

  it('ends the other sessions and keeps this one; the new password signs in, the old does not; tokens keep working', async () => {
    const ada = await signUp();
    const other = await signIn(ada.username, PASSWORD);
    const token = (await call('POST', '/api/tokens', as(ada), { name: 'script' })).body.token as string;
    const changed = await changePassword(ada.cookie, PASSWORD, 'a brand new password');
    expect(changed.status).toBe(204);
    expect((await call('GET', '/api/auth/me', as(ada))).status).toBe(200);
    expect((await call('GET', '/api/auth/me', as(other.cookie!))).status).toBe(401);
    expect((await call('GET', '/api/auth/me', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await signIn(ada.username, PASSWORD)).status).toBe(401);
    expect((await signIn(ada.username, 'a brand new password')).status).toBe(200);
  });

  it('lets only one of two changes racing on the same current password win', async () => {
    const ada = await signUp();
    const results = await Promise.all(['first new password', 'second new password'].map((p) => changePassword(ada.cookie, PASSWORD, p)));
    expect(results.map((r) => r.status).sort()).toEqual([204, 403]);
    const winner = results[0]!.status === 204 ? 'first new password' : 'second new password';
    expect((await signIn(ada.username, winner)).status).toBe(200);
  });

  it('counts wrong current passwords per account: past the limit 429 with Retry-After, even for the right one; others unaffected', async () => {
    const [ada, bob] = [await signUp(), await signUp()];
    for (let i = 0; i < 3; i++) expect((await changePassword(ada.cookie, `wrong ${i}`, 'a brand new password')).status).toBe(403);
    const limited = await changePassword(ada.cookie, PASSWORD, 'a brand new password');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.raw.headers.get('retry-after'))).toBeGreaterThan(0);
    // A right password does not use up the budget (it is taken back).
    for (let i = 0; i < 4; i++) expect((await changePassword(bob.cookie, i % 2 ? 'a brand new password' : PASSWORD, i % 2 ? PASSWORD : 'a brand new password')).status).toBe(204);
    // The sign-in budget of the account is its own.
    expect((await signIn(ada.username, PASSWORD)).status).toBe(200);
  });

  it('needs a user, and refuses a foreign origin', async () => {
    const ada = await signUp();
    expect((await call('POST', '/api/users/me/password', {}, { currentPassword: PASSWORD, newPassword: 'a brand new password' })).status).toBe(401);
    const foreign = await call('POST', '/api/users/me/password', { ...as(ada), origin: 'https://evil.example' }, { currentPassword: PASSWORD, newPassword: 'a brand new password' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('csrf_origin_mismatch');
    expect((await signIn(ada.username, PASSWORD)).status).toBe(200);
  });
});

describe('tokens of another user', () => {
  it('cannot be listed or revoked: 404 as for no token', async () => {
    const [ada, eve] = [await signUp(), await signUp()];
    const created = (await call('POST', '/api/tokens', as(ada), { name: 'mine' })).body;
    expect((await call('GET', '/api/tokens', as(eve))).body.tokens).toEqual([]);
    const revoke = await call('DELETE', `/api/tokens/${created.id}`, as(eve));
    expect(revoke.status).toBe(404);
    expect(revoke.body.error.code).toBe('token_not_found');
    expect((await call('GET', '/api/auth/me', { authorization: `Bearer ${created.token}` })).status).toBe(200);
  });
});
