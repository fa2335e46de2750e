import { insertToken, insertUser, migrate, openDatabase, type Database } from '@tandem/persistence';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { sql } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createAccess } from '../access';
import { loadConfig } from '../config';
import { insertSharedWorkspace, insertWorkspace } from '../testing/sql-fixtures';
import { generateApiToken, hashApiToken } from './api-token';
import { createAuthenticator } from './authenticator';
import { hashSessionId } from './session-adapter';
import { createLucia, SESSION_COOKIE } from './sessions';

let testDb: TestDatabase;
let db: Database;
const config = loadConfig({});

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url);
  await migrate(db);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

async function newUser(name: string) {
  return insertUser(db.pool, { username: name, email: `${name}@example.com`, passwordHash: 'x' });
}

describe('createAuthenticator', () => {
  it('ADMIT-1: authenticates a bearer token and a ?token= to its owner, and records the use', async () => {
    const user = await newUser('tokenowner');
    const token = generateApiToken();
    await insertToken(db.pool, { userId: user.id, name: 't', hash: hashApiToken(token) }, 100);
    const auth = createAuthenticator(db, config);

    const viaHeader = await auth.authenticate({ authorization: `Bearer ${token}` });
    expect(viaHeader).toMatchObject({ id: user.id, username: 'tokenowner', email: 'tokenowner@example.com', via: 'token' });
    expect(await auth.authenticate({ token })).toMatchObject({ id: user.id, via: 'token' });

    await expect.poll(async () =>
      db.pool.oneFirst(sql.type(z.object({ used: z.boolean() }))`
        SELECT last_used_at IS NOT NULL AS used FROM api_tokens WHERE user_id = ${user.id}`),
    ).toBe(true);
  });

  it('admits a token to an item with one lookup that answers as authenticate + roleFor + item do', async () => {
    const auth = createAuthenticator(db, config);
    const access = createAccess(db);
    const ws = await insertSharedWorkspace(db);
    const otherWorkspace = await insertWorkspace(db, ws.owner.id, 'other');
    const cases: Array<[string, string, string]> = [];
    for (const user of [ws.owner, ws.editor, ws.viewer, ws.outsider]) {
      for (const [workspaceId, itemId] of [
        [ws.workspaceId, ws.file.id],
        [ws.workspaceId, ws.folder.id],
        [ws.workspaceId, randomUUID()],
        [otherWorkspace, ws.file.id], // an item of another workspace
        [randomUUID(), ws.file.id], // no such workspace
      ] as const) {
        cases.push([user.token, workspaceId, itemId]);
      }
    }
    for (const [token, workspaceId, itemId] of cases) {
      const user = await auth.authenticate({ token });
      const expected = {
        user: { ...user },
        role: await access.roleFor(workspaceId, user!.id),
        item: await access.item(workspaceId, itemId).then((i) => (i ? { id: i.id, type: i.type } : null)),
      };
      expect(await auth.admitToken(token, workspaceId, itemId), `${user!.username} ${workspaceId} ${itemId}`).toEqual(expected);
    }
    expect(await auth.admitToken(generateApiToken(), ws.workspaceId, ws.file.id)).toBeNull();
    expect(await auth.admitToken('nonsense', ws.workspaceId, ws.file.id)).toBeNull();
  });

  it('refuses unknown, malformed and non-bearer credentials', async () => {
    const auth = createAuthenticator(db, config);
    expect(await auth.authenticate({ authorization: `Bearer ${generateApiToken()}` })).toBeNull();
    expect(await auth.authenticate({ authorization: 'Bearer nonsense' })).toBeNull();
    expect(await auth.authenticate({ authorization: 'Basic dXNlcjpwdw==' })).toBeNull();
    expect(await auth.authenticate({ token: '' })).toBeNull();
    expect(await auth.authenticate({})).toBeNull();
  });

  it('authenticates a session cookie, whose id the database holds only hashed', async () => {
    const user = await newUser('cookieowner');
    const sessions = createLucia(db, config);
    const session = await sessions.createSession(user.id, {});
    const cookie = `other=1; ${SESSION_COOKIE}=${session.id}`;
    const auth = createAuthenticator(db, config);

    expect(await auth.authenticate({ cookie })).toMatchObject({ id: user.id, via: 'session', sessionId: session.id });
    const stored = await db.pool.anyFirst(sql.type(z.object({ id: z.string() }))`
      SELECT id FROM auth_sessions WHERE user_id = ${user.id}`);
    expect(stored).toEqual([hashSessionId(session.id)]);

    await sessions.invalidateSession(session.id);
    expect(await auth.authenticate({ cookie })).toBeNull();
    expect(await auth.authenticate({ cookie: `${SESSION_COOKIE}=forged` })).toBeNull();
  });

  it('slides a session used in the second half of its life forward to 30 days, and ends an expired one', async () => {
    const user = await newUser('slider');
    const session = await createLucia(db, config).createSession(user.id, {});
    const cookie = `${SESSION_COOKIE}=${session.id}`;
    const auth = createAuthenticator(db, config);
    const expiresInDays = () =>
      db.pool.oneFirst(sql.type(z.object({ days: z.number() }))`
        SELECT extract(epoch FROM expires_at - now())::float8 / 86400 AS days FROM auth_sessions WHERE id = ${hashSessionId(session.id)}`);

    await db.pool.query(sql.unsafe`UPDATE auth_sessions SET expires_at = now() + interval '10 days' WHERE id = ${hashSessionId(session.id)}`);
    expect(await auth.authenticate({ cookie })).toMatchObject({ id: user.id });
    expect(await expiresInDays()).toBeGreaterThan(29);

    await db.pool.query(sql.unsafe`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id = ${hashSessionId(session.id)}`);
    expect(await auth.authenticate({ cookie })).toBeNull();
    expect(await db.pool.anyFirst(sql.type(z.object({ id: z.string() }))`SELECT id FROM auth_sessions WHERE user_id = ${user.id}`)).toEqual([]);
  });

  it('ignores the cookie when a Bearer token is present (no silent fall-back)', async () => {
    const user = await newUser('both');
    const session = await createLucia(db, config).createSession(user.id, {});
    const auth = createAuthenticator(db, config);
    expect(await auth.authenticate({ cookie: `${SESSION_COOKIE}=${session.id}`, authorization: 'Bearer bad' })).toBeNull();
  });

  it('ignores Authorization schemes that are not Bearer (a proxy’s Basic auth) and uses the cookie', async () => {
    const user = await newUser('behindproxy');
    const session = await createLucia(db, config).createSession(user.id, {});
    const auth = createAuthenticator(db, config);
    const found = await auth.authenticate({ cookie: `${SESSION_COOKIE}=${session.id}`, authorization: 'Basic dXNlcjpwdw==' });
    expect(found).toMatchObject({ id: user.id, via: 'session' });
  });
});
