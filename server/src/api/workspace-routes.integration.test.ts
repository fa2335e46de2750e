/**
 * Workspaces over real HTTP against a real server and PostgreSQL: create with a
 * starter file, list owned and shared with roles, read, rename, delete, limits and
 * every kind of bad input answered with a stable code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMember, insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Call } from '../workspace/test-client';

let server: TestServer;
let alice: FixtureUser;
let bob: FixtureUser;
let asAlice: Call;
let asBob: Call;
beforeAll(async () => {
  server = await startTestServer({ maxWorkspacesPerUser: 3 });
  [alice, bob] = await Promise.all([insertUser(server.context.db), insertUser(server.context.db)]);
  asAlice = client(server.url, alice!.token);
  asBob = client(server.url, bob!.token);
});
afterAll(async () => {
  await server?.stop();
});

describe('workspaces', () => {
  it('creates a workspace with a starter main.py that reads back by path', async () => {
    const res = await asAlice('POST', '/api/workspaces', { name: 'My project' });
    expect(res.status).toBe(201);
    expect(res.body.workspace).toMatchObject({ name: 'My project', language: 'python', role: 'owner', owner: { id: alice.id, username: alice.username } });
    const id = res.body.workspace.id;
    const items = await asAlice('GET', `/api/workspaces/${id}/items`);
    expect(items.body.items).toEqual([expect.objectContaining({ name: 'main.py', path: 'main.py', type: 'file', parentId: null })]);
    const text = await asAlice('GET', `/api/workspaces/${id}/files/main.py`);
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.text).toBe('print("Hello from Tandem")\n');
  });

  it('lists owned and shared workspaces with the caller’s role, and hides others', async () => {
    const mine = (await asBob('POST', '/api/workspaces', { name: 'bob own', language: 'javascript' })).body.workspace;
    const shared = (await asAlice('POST', '/api/workspaces', { name: 'shared with bob' })).body.workspace;
    const hidden = (await asAlice('POST', '/api/workspaces', { name: 'alice only' })).body.workspace;
    await insertMember(server.context.db, shared.id, bob.id, 'viewer');
    const list = await asBob('GET', '/api/workspaces');
    expect(list.status).toBe(200);
    const byId = new Map(list.body.workspaces.map((w: { id: string; role: string }) => [w.id, w.role]));
    expect(byId.get(mine.id)).toBe('owner');
    expect(byId.get(shared.id)).toBe('viewer');
    expect(byId.has(hidden.id)).toBe(false);
    expect((await asBob('GET', `/api/workspaces/${hidden.id}`)).body.error.code).toBe('workspace_not_found');
    expect((await asBob('GET', `/api/workspaces/${shared.id}`)).body.workspace.role).toBe('viewer');
    const js = await asBob('GET', `/api/workspaces/${mine.id}/items`);
    expect(js.body.items.map((i: { path: string }) => i.path)).toEqual(['main.js']);
  });

  it('renames (editor or owner) and deletes (owner only)', async () => {
    const ws = (await asBob('POST', '/api/workspaces', { name: 'to rename' })).body.workspace;
    await insertMember(server.context.db, ws.id, alice.id, 'editor');
    const renamed = await asAlice('PATCH', `/api/workspaces/${ws.id}`, { name: '  Renamed  ' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.workspace.name).toBe('Renamed');
    const refused = await asAlice('DELETE', `/api/workspaces/${ws.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('insufficient_role');
    expect((await asBob('DELETE', `/api/workspaces/${ws.id}`)).status).toBe(204);
    expect((await asBob('GET', `/api/workspaces/${ws.id}`)).status).toBe(404);
    expect((await asBob('DELETE', `/api/workspaces/${ws.id}`)).status).toBe(404);
  });

  it('refuses a workspace beyond the per-user limit with 409 workspace_limit', async () => {
    const carol = await insertUser(server.context.db);
    const asCarol = client(server.url, carol.token);
    for (let i = 0; i < 3; i++) expect((await asCarol('POST', '/api/workspaces', { name: `w${i}` })).status).toBe(201);
    const res = await asCarol('POST', '/api/workspaces', { name: 'one too many' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('workspace_limit');
  });

  it('answers bad input with 4xx JSON and a stable code', async () => {
    const ws = (await asBob('GET', '/api/workspaces')).body.workspaces.find((w: { role: string }) => w.role === 'owner');
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', '/api/workspaces', {}, 400, 'validation_failed'],
      ['POST', '/api/workspaces', { name: '' }, 400, 'validation_failed'],
      ['POST', '/api/workspaces', { name: '   ' }, 400, 'validation_failed'],
      ['POST', '/api/workspaces', { name: 'x'.repeat(101) }, 400, 'validation_failed'],
      ['POST', '/api/workspaces', { name: 42 }, 400, 'validation_failed'],
      ['POST', '/api/workspaces', { name: 'ok', language: 'cobol' }, 400, 'validation_failed'],
      ['POST', '/api/workspaces', '{"name":', 400, 'invalid_json'],
      ['POST', '/api/workspaces', [1, 2], 400, 'validation_failed'],
      ['PATCH', `/api/workspaces/${ws.id}`, { name: null }, 400, 'validation_failed'],
      ['GET', '/api/workspaces/not-a-uuid', undefined, 404, 'workspace_not_found'],
      ['GET', '/api/workspaces/00000000-0000-4000-8000-000000000000', undefined, 404, 'workspace_not_found'],
      ['POST', '/api/workspaces', { name: 'x'.repeat(2 * 1024 * 1024) }, 413, 'payload_too_large'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await asBob(method, path, body);
      expect({ method, path, status: res.status, code: res.body?.error?.code }).toEqual({ method, path, status, code });
      expect(typeof res.body.error.message).toBe('string');
    }
  });
});
