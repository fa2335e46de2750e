/**
 * Open sockets follow their credentials (auth/credential-recheck.ts): revoking a token
 * closes the `/sync` and `/ws` sockets opened with it (4401) and no others; changing the
 * password closes those of the sessions it ended and keeps those of the session that
 * changed it and of tokens; signing out closes that session's sockets.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from './testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const PASSWORD = 'correct horse battery';
let counter = 0;

async function http(method: string, path: string, auth: Record<string, string>, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: server.url, ...auth },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, cookie: res.headers.getSetCookie()[0]?.split(';')[0] };
}

/** A person with a password, a workspace and its file. */
async function person() {
  const username = `cred${process.pid % 1000}_${++counter}`;
  const reg = await http('POST', '/api/auth/register', {}, { username, email: `${username}@example.com`, password: PASSWORD });
  expect(reg.status).toBe(201);
  const cookie = reg.cookie!;
  const workspace = (await http('POST', '/api/workspaces', { cookie }, { name: 'sockets', language: 'python' })).body.workspace;
  const items = (await http('GET', `/api/workspaces/${workspace.id}/items`, { cookie })).body.items;
  return { username, cookie, workspaceId: workspace.id as string, fileId: items[0].id as string };
}

type Auth = { token: string } | { cookie: string };

interface Opened {
  socket: WebSocket;
  closed: Promise<number>;
}

/** Opens the socket and waits for its first message (`hello` on /ws, sync step 1 on /sync): it was admitted. */
async function open(url: string, auth: Auth): Promise<Opened> {
  const withToken = 'token' in auth ? `${url}?token=${auth.token}` : url;
  const socket = new WebSocket(withToken, 'cookie' in auth ? { headers: { cookie: auth.cookie, origin: server.url } } : {});
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    void closed.then((code) => reject(new Error(`closed ${code} before admission`)));
  });
  return { socket, closed };
}

const syncUrl = (p: { workspaceId: string; fileId: string }) => `${server.wsUrl}/sync/${p.workspaceId}/${p.fileId}`;
const wsUrl = (p: { workspaceId: string }) => `${server.wsUrl}/ws/${p.workspaceId}`;

/** The socket still answers: /sync replies to a sync step 1, /ws to an unknown message with an error. */
async function answers(opened: Opened, kind: 'sync' | 'ws'): Promise<boolean> {
  if (opened.socket.readyState !== WebSocket.OPEN) return false;
  return new Promise<boolean>((resolve) => {
    const onMessage = (data: Buffer) => {
      if (kind === 'ws' && !data.toString().includes('unknown_type')) return;
      if (kind === 'sync') {
        const decoder = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) return;
      }
      opened.socket.off('message', onMessage);
      resolve(true);
    };
    opened.socket.on('message', onMessage);
    void opened.closed.then(() => resolve(false));
    if (kind === 'ws') opened.socket.send(JSON.stringify({ type: 'no.such.type' }));
    else {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, new Y.Doc());
      opened.socket.send(encoding.toUint8Array(encoder));
    }
  });
}

const createToken = async (cookie: string, name: string) => (await http('POST', '/api/tokens', { cookie }, { name })).body as { id: string; token: string };

describe('sockets and credentials', () => {
  it('CLOSE-2: revoking a token closes its /sync and /ws sockets with 4401, and only those', async () => {
    const p = await person();
    const [revoked, kept] = [await createToken(p.cookie, 'revoked'), await createToken(p.cookie, 'kept')];
    const gone = [await open(syncUrl(p), revoked), await open(wsUrl(p), revoked)];
    const stay = { sync: await open(syncUrl(p), kept), ws: await open(wsUrl(p), kept), cookieWs: await open(wsUrl(p), { cookie: p.cookie }) };

    expect((await http('DELETE', `/api/tokens/${revoked.id}`, { cookie: p.cookie })).status).toBe(204);
    expect(await Promise.all(gone.map((o) => o.closed))).toEqual([4401, 4401]);
    expect(await answers(stay.sync, 'sync')).toBe(true);
    expect(await answers(stay.ws, 'ws')).toBe(true);
    expect(await answers(stay.cookieWs, 'ws')).toBe(true);
    // And the revoked token is refused from now on.
    expect(await open(wsUrl(p), revoked).catch((err: Error) => err.message)).toBe('closed 4401 before admission');
    for (const o of Object.values(stay)) o.socket.close();
  });

  it("CLOSE-2: changing the password closes the other sessions' sockets and keeps this session's and the tokens'", async () => {
    const p = await person();
    const other = (await http('POST', '/api/auth/login', {}, { username: p.username, password: PASSWORD })).cookie!;
    const token = await createToken(p.cookie, 'script');
    const ended = [await open(syncUrl(p), { cookie: other }), await open(wsUrl(p), { cookie: other })];
    const mine = { sync: await open(syncUrl(p), { cookie: p.cookie }), ws: await open(wsUrl(p), { cookie: p.cookie }), token: await open(wsUrl(p), token) };

    expect((await http('POST', '/api/users/me/password', { cookie: p.cookie }, { currentPassword: PASSWORD, newPassword: 'a brand new password' })).status).toBe(204);
    expect(await Promise.all(ended.map((o) => o.closed))).toEqual([4401, 4401]);
    expect(await answers(mine.sync, 'sync')).toBe(true);
    expect(await answers(mine.ws, 'ws')).toBe(true);
    expect(await answers(mine.token, 'ws')).toBe(true);
    for (const o of Object.values(mine)) o.socket.close();
  });

  it("CLOSE-2: a wrong current password closes nothing; signing out closes that session's sockets", async () => {
    const p = await person();
    const other = (await http('POST', '/api/auth/login', {}, { username: p.username, password: PASSWORD })).cookie!;
    const otherWs = await open(wsUrl(p), { cookie: other });
    const mine = await open(wsUrl(p), { cookie: p.cookie });
    expect((await http('POST', '/api/users/me/password', { cookie: p.cookie }, { currentPassword: 'wrong one!', newPassword: 'a brand new password' })).status).toBe(403);
    expect(await answers(otherWs, 'ws')).toBe(true);

    expect((await http('POST', '/api/auth/logout', { cookie: other })).status).toBe(204);
    expect(await otherWs.closed).toBe(4401);
    expect(await answers(mine, 'ws')).toBe(true);
    mine.socket.close();
  });
});
