/**
 * NUL characters in request bodies, sent as an attacker would: PostgreSQL's `text`
 * refuses U+0000, which used to surface as a 500 from whichever query stored it. Every
 * JSON body with a NUL in any string or key, and a file written by PUT with one, must
 * be a 400 `invalid_text` that stores nothing, and the server must keep serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';
import { rawRequest } from '../testing/raw-http';
import { startTestServer, type TestServer } from '../testing/test-server';

let server: TestServer;
let shared: SharedWorkspace;

beforeAll(async () => {
  server = await startTestServer();
  shared = await insertSharedWorkspace(server.context.db);
});
afterAll(() => server?.stop());

const NUL = '\u0000';
const asOwner = (method: string, path: string, body?: string | Buffer | object, headers: Record<string, string> = {}) =>
  rawRequest({ url: server.url, method, path, body, headers: { authorization: `Bearer ${shared.owner.token}`, ...headers } });

function expectInvalidText(res: { status: number; json(): any }, path: string) {
  expect(res.status).toBe(400);
  expect(res.json()).toEqual({ error: { code: 'invalid_text', message: expect.stringContaining('NUL'), details: { path } } });
}

describe('JSON bodies with a NUL', () => {
  it('register: in the username, the password, the email, an ignored field, a key', async () => {
    const good = { username: 'nul_tester', email: 'nul@example.test', password: 'correct horse battery' };
    const bodies: Array<[object, string]> = [
      [{ ...good, username: `nul${NUL}tester` }, 'username'],
      [{ ...good, password: `correct horse${NUL}battery` }, 'password'],
      [{ ...good, email: `nul${NUL}@example.test` }, 'email'],
      [{ ...good, extra: { deep: [`x${NUL}`] } }, 'extra.deep.0'],
      [{ ...good, [`k${NUL}`]: 1 }, 'k\\u0000'],
    ];
    for (const [body, path] of bodies) expectInvalidText(await rawRequest({ url: server.url, path: '/api/auth/register', body }), path);
    const { rows } = await server.context.db.raw.query(`SELECT 1 FROM users WHERE email LIKE 'nul%'`);
    expect(rows).toEqual([]);
  });

  it('create and rename a workspace', async () => {
    expectInvalidText(await asOwner('POST', '/api/workspaces', { name: `bad${NUL}name` }), 'name');
    expectInvalidText(await asOwner('PATCH', `/api/workspaces/${shared.workspaceId}`, { name: `${NUL}` }), 'name');
    const { rows } = await server.context.db.raw.query(`SELECT name FROM workspaces WHERE id = $1`, [shared.workspaceId]);
    expect(rows[0].name).not.toContain(NUL);
  });

  it('create and rename an item', async () => {
    expectInvalidText(await asOwner('POST', `/api/workspaces/${shared.workspaceId}/items`, { parentId: null, name: `a${NUL}.py`, type: 'file' }), 'name');
    expectInvalidText(await asOwner('PATCH', `/api/workspaces/${shared.workspaceId}/items/${shared.file.id}`, { name: `b${NUL}.py` }), 'name');
  });

  it('add a member, create a token, run a command', async () => {
    expectInvalidText(await asOwner('POST', `/api/workspaces/${shared.workspaceId}/members`, { username: `x${NUL}`, role: 'viewer' }), 'username');
    expectInvalidText(await asOwner('POST', '/api/tokens', { name: `t${NUL}` }), 'name');
    expectInvalidText(await asOwner('POST', `/api/workspaces/${shared.workspaceId}/run`, { command: `echo a${NUL}b` }), 'command');
  });

  it('a body that is just a string with a NUL', async () => {
    expectInvalidText(await asOwner('POST', '/api/workspaces', JSON.stringify(`x${NUL}`), { 'content-type': 'application/json' }), 'body');
  });

  it('a written-out backslash-u0000 (no NUL) is ordinary text', async () => {
    const res = await asOwner('POST', '/api/workspaces', '{"name":"literally \\\\u0000"}', { 'content-type': 'application/json' });
    expect(res.status).toBe(201);
    expect(res.json().workspace.name).toBe('literally \\u0000');
  });
});

describe('PUT /files/<path> with a NUL in the text', () => {
  it('is 400 invalid_text for a new file and for an existing one, and changes nothing', async () => {
    const url = (p: string) => `/api/workspaces/${shared.workspaceId}/files/${p}`;
    expectInvalidText(await asOwner('PUT', url('new.txt'), `a${NUL}b`, { 'content-type': 'text/plain' }), 'body');
    expect((await asOwner('GET', url('new.txt'))).status).toBe(404);
    expect((await asOwner('PUT', url(shared.file.path), 'print(1)\n', { 'content-type': 'text/plain' })).status).toBe(200);
    expectInvalidText(await asOwner('PUT', url(shared.file.path), Buffer.from([0x61, 0x00, 0x62])), 'body');
    expect((await asOwner('GET', url(shared.file.path))).text).toBe('print(1)\n');
  });

  it('invalid UTF-8 is still 400 invalid_encoding', async () => {
    const res = await asOwner('PUT', `/api/workspaces/${shared.workspaceId}/files/bad.bin`, Buffer.from([0xff, 0xfe, 0x00]));
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_encoding' } });
  });
});

describe('after all that', () => {
  it('the server keeps serving: health, reads and writes', async () => {
    const many = await Promise.all(Array.from({ length: 20 }, () => asOwner('POST', '/api/workspaces', { name: `x${NUL}` })));
    expect(many.map((r) => r.status)).toEqual(Array(20).fill(400));
    expect((await rawRequest({ url: server.url, path: '/api/health' })).status).toBe(200);
    const created = await asOwner('POST', '/api/workspaces', { name: 'still fine' });
    expect(created.status).toBe(201);
    const put = await asOwner('PUT', `/api/workspaces/${shared.workspaceId}/files/ok/after.txt`, 'clean text', { 'content-type': 'text/plain' });
    expect(put.status).toBe(201);
  });
});
