/**
 * Members over real HTTP: add by username, list (owner first), change role, remove,
 * leave; only the owner manages; conflicts and bad input with stable codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Call } from '../workspace/test-client';

let server: TestServer;
let owner: FixtureUser;
let ed: FixtureUser;
let vi: FixtureUser;
let asOwner: Call;
let workspaceId: string;
beforeAll(async () => {
  server = await startTestServer();
  [owner, ed, vi] = await Promise.all([insertUser(server.context.db), insertUser(server.context.db), insertUser(server.context.db)]);
  asOwner = client(server.url, owner!.token);
  workspaceId = (await asOwner('POST', '/api/workspaces', { name: 'team' })).body.workspace.id;
});
afterAll(async () => {
  await server?.stop();
});

const members = (id = workspaceId) => `/api/workspaces/${id}/members`;

describe('members', () => {
  it('adds by username, lists the owner first, changes roles and removes', async () => {
    const changes: string[] = [];
    const off = server.context.events.on('membershipChanged', (ws, user) => changes.push(`${ws}:${user}`));
    const added = await asOwner('POST', members(), { username: ed.username, role: 'editor' });
    expect(added.status).toBe(201);
    expect(added.body.member).toMatchObject({ userId: ed.id, username: ed.username, role: 'editor' });
    expect((await asOwner('POST', members(), { username: vi.username, role: 'viewer' })).status).toBe(201);

    const list = await client(server.url, vi.token)('GET', members());
    expect(list.status).toBe(200);
    const rows = list.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role]);
    expect(rows[0]).toEqual([owner.id, 'owner']);
    expect(rows.slice(1)).toEqual(expect.arrayContaining([[ed.id, 'editor'], [vi.id, 'viewer']]));
    expect(rows).toHaveLength(3);

    const promoted = await asOwner('PATCH', `${members()}/${vi.id}`, { role: 'editor' });
    expect(promoted.body.member.role).toBe('editor');
    expect((await client(server.url, vi.token)('GET', `/api/workspaces/${workspaceId}`)).body.workspace.role).toBe('editor');
    expect((await asOwner('DELETE', `${members()}/${vi.id}`)).status).toBe(204);
    expect((await client(server.url, vi.token)('GET', `/api/workspaces/${workspaceId}`)).status).toBe(404);
    off();
    expect(changes).toEqual([`${workspaceId}:${ed.id}`, `${workspaceId}:${vi.id}`, `${workspaceId}:${vi.id}`, `${workspaceId}:${vi.id}`]);
  });

  it('lets a member leave, but not manage others; the owner cannot leave', async () => {
    const asEd = client(server.url, ed.token);
    await asOwner('POST', members(), { username: vi.username, role: 'viewer' });
    const refused = await asEd('DELETE', `${members()}/${vi.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('insufficient_role');
    expect((await asEd('PATCH', `${members()}/${vi.id}`, { role: 'editor' })).body.error.code).toBe('insufficient_role');
    expect((await asEd('POST', members(), { username: 'whoever', role: 'viewer' })).body.error.code).toBe('insufficient_role');
    expect((await client(server.url, vi.token)('DELETE', `${members()}/${vi.id}`)).status).toBe(204);
    const ownerLeaves = await asOwner('DELETE', `${members()}/${owner.id}`);
    expect(ownerLeaves.status).toBe(409);
    expect(ownerLeaves.body.error.code).toBe('is_owner');
  });

  it('answers conflicts and bad input with stable codes', async () => {
    const cases: Array<[string, string, unknown, number, string]> = [
      ['POST', members(), { username: ed.username, role: 'editor' }, 409, 'already_member'],
      ['POST', members(), { username: owner.username, role: 'editor' }, 409, 'is_owner'],
      ['POST', members(), { username: 'nobody_here', role: 'viewer' }, 404, 'user_not_found'],
      ['POST', members(), { username: vi.username, role: 'owner' }, 400, 'validation_failed'],
      ['POST', members(), { username: vi.username }, 400, 'validation_failed'],
      ['POST', members(), { username: 7, role: 'viewer' }, 400, 'validation_failed'],
      ['POST', members(), 'not json', 400, 'invalid_json'],
      ['PATCH', `${members()}/${ed.id}`, { role: 'admin' }, 400, 'validation_failed'],
      ['PATCH', `${members()}/${owner.id}`, { role: 'viewer' }, 409, 'is_owner'],
      ['PATCH', `${members()}/${vi.id}`, { role: 'viewer' }, 404, 'member_not_found'],
      ['PATCH', `${members()}/nope`, { role: 'viewer' }, 404, 'member_not_found'],
      ['DELETE', `${members()}/00000000-0000-4000-8000-000000000000`, undefined, 404, 'member_not_found'],
      ['GET', members('00000000-0000-4000-8000-000000000000'), undefined, 404, 'workspace_not_found'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await asOwner(method, path, body);
      expect({ method, path, status: res.status, code: res.body?.error?.code }).toEqual({ method, path, status, code });
    }
  });
});
