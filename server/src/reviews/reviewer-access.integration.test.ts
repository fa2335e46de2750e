/**
 * The assigned reviewer's live read-only access, against a real server, PostgreSQL and
 * stock y-websocket clients: granted on assignment though they are no member (the
 * workspace, its tree and files over HTTP, `/sync` as a viewer, `/ws` watch-only),
 * refused to a reviewer who is not assigned, and cut within a second when the review
 * closes or is handed to someone else (their open sockets receive 4403), while a
 * member who reviewed keeps their member role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { READ_ONLY_REASON } from '../auth/policy';
import { connectProvider, connectRaw, eventually, rawStep1, synced, syncUrl, type ProviderClient } from '../sync/sync-test-clients';
import { insertSharedWorkspace, insertUser, type FixtureUser, type SharedWorkspace } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client } from '../workspace/test-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const open: ProviderClient[] = [];
const sockets: WebSocket[] = [];
afterAll(() => {
  for (const c of open) c.destroy();
  for (const s of sockets) s.close();
});

async function reviewerOf(level: number): Promise<FixtureUser> {
  const user = await insertUser(server.context.db);
  const res = await client(server.url, user.token)('PATCH', '/api/users/me', { reviewerLevel: level });
  expect(res.status).toBe(200);
  return user;
}

/** A workspace whose main.py says hello, submitted by its editor to `reviewer`. */
async function reviewed(reviewer: FixtureUser): Promise<{ f: SharedWorkspace; reviewId: string }> {
  const f = await insertSharedWorkspace(server.context.db);
  const put = await client(server.url, f.editor.token)('PUT', `/api/workspaces/${f.workspaceId}/files/main.py`, 'print("hello")\n');
  expect(put.status).toBe(200);
  const res = await client(server.url, f.editor.token)('POST', `/api/workspaces/${f.workspaceId}/reviews`, {
    title: 'Greeting',
    priority: 'low',
    reviewer: reviewer.username,
  });
  expect(res.status).toBe(201);
  return { f, reviewId: res.body.review.id };
}

const act = (user: FixtureUser, reviewId: string, action: string) =>
  client(server.url, user.token)('POST', `/api/reviews/${reviewId}/transitions`, { action });

function provider(f: SharedWorkspace, user: FixtureUser): ProviderClient {
  const c = connectProvider(server.wsUrl, f.workspaceId, f.file.id, user.token);
  open.push(c);
  return c;
}

/** The `/ws` socket's first message (hello), and the socket. */
function workspaceSocket(f: SharedWorkspace, user: FixtureUser): Promise<{ socket: WebSocket; hello: any; next: () => Promise<any>; closed: Promise<number> }> {
  const socket = new WebSocket(`${server.wsUrl}/ws/${f.workspaceId}?token=${user.token}`);
  sockets.push(socket);
  const queue: any[] = [];
  const waiting: Array<(m: any) => void> = [];
  socket.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    const w = waiting.shift();
    if (w) w(msg);
    else queue.push(msg);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  const next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise<any>((r) => waiting.push(r)));
  return new Promise((resolve, reject) => {
    socket.once('close', (code) => reject(new Error(`closed ${code}`)));
    void next().then((hello) => resolve({ socket, hello, next, closed }));
  });
}

describe('the assigned reviewer reads the workspace live', () => {
  it('opens the workspace, its tree and files, sees the author type, and can change nothing', async () => {
    const rita = await reviewerOf(1);
    const { f } = await reviewed(rita);
    const as = client(server.url, rita.token);
    const ws = `/api/workspaces/${f.workspaceId}`;

    const workspace = await as('GET', ws);
    expect(workspace.status).toBe(200);
    expect(workspace.body.workspace.role).toBe('reviewer');
    expect((await as('GET', `${ws}/items`)).body.items.map((i: { path: string }) => i.path)).toEqual(['main.py', 'src']);
    expect((await as('GET', `${ws}/files/main.py`)).text).toBe('print("hello")\n');
    expect((await as('GET', `${ws}/members`)).status).toBe(200);
    // Not a member: nothing in their own list, nothing to write, nothing to leave.
    expect(JSON.stringify((await as('GET', '/api/workspaces')).body)).not.toContain(f.workspaceId);
    const refusals = [
      await as('PUT', `${ws}/files/main.py`, 'stolen\n'),
      await as('POST', `${ws}/items`, { name: 'x.py', type: 'file' }),
      await as('PATCH', ws, { name: 'mine' }),
      await as('POST', `${ws}/run`, { command: 'id' }),
      await as('DELETE', `${ws}/members/${rita.id}`),
    ];
    expect(refusals.map((r) => [r.status, r.body.error.code])).toEqual(Array(5).fill([403, 'insufficient_role']));

    const author = provider(f, f.editor);
    const reader = provider(f, rita);
    await Promise.all([synced(author), synced(reader)]);
    expect(reader.text.toString()).toBe('print("hello")\n');
    author.text.insert(author.text.length, 'print("live")\n');
    await eventually(() => reader.text.toString().includes('live'), "the author's typing on the reviewer's screen");

    // Their own edit stays on their screen (stock clients keep it) and goes nowhere.
    reader.text.insert(0, '# reviewer was here\n');
    await eventually(() => reader.denied.length > 0, 'the permission-denied reply');
    expect(reader.denied[0]).toBe(READ_ONLY_REASON);
    await new Promise((r) => setTimeout(r, 200));
    expect(author.text.toString()).not.toContain('reviewer was here');
    expect((await as('GET', `${ws}/files/main.py`)).text).toBe('print("hello")\nprint("live")\n');

    // /ws: the hello says reviewer; watching is allowed, a terminal is not.
    const { socket, hello, next } = await workspaceSocket(f, rita);
    expect(hello).toMatchObject({ type: 'hello', role: 'reviewer' });
    socket.send(JSON.stringify({ type: 'term.open', id: 'r1', cols: 80, rows: 24 }));
    let reply = await next();
    while (reply.type !== 'error') reply = await next();
    expect(reply).toMatchObject({ type: 'error', code: 'forbidden' });
    socket.close();
  });

  it('admits the reviewer by API token on the /sync fast path, as a reader', async () => {
    const rita = await reviewerOf(1);
    const { f } = await reviewed(rita);
    const raw = connectRaw(syncUrl(server.wsUrl, f.workspaceId, f.file.id, { token: rita.token }));
    await raw.opened;
    rawStep1(raw);
    await eventually(() => raw.messages.length > 0, 'the sync reply');
    raw.ws.close();
  });

  it('refuses a reviewer who is not assigned, and everyone once the review is closed', async () => {
    const rita = await reviewerOf(1);
    const other = await reviewerOf(4);
    const { f, reviewId } = await reviewed(rita);
    expect((await client(server.url, other.token)('GET', `/api/workspaces/${f.workspaceId}`)).status).toBe(404);
    const refused = connectRaw(syncUrl(server.wsUrl, f.workspaceId, f.file.id, { token: other.token }));
    expect(await refused.closed).toBe(4403);

    expect((await act(f.editor, reviewId, 'withdraw')).status).toBe(200);
    expect((await client(server.url, rita.token)('GET', `/api/workspaces/${f.workspaceId}`)).status).toBe(404);
    const late = connectRaw(syncUrl(server.wsUrl, f.workspaceId, f.file.id, { token: rita.token }));
    expect(await late.closed).toBe(4403);
  });
});

describe('the access ends with the review', () => {
  const cutWithinASecond = async (c: ProviderClient, ws: { closed: Promise<number> }, change: () => Promise<unknown>) => {
    const started = Date.now();
    await change();
    await eventually(() => c.closeCodes.includes(4403), 'the 4403 on /sync', 1_000);
    expect(await Promise.race([ws.closed, new Promise((r) => setTimeout(() => r('still open'), 1_000))])).toBe(4403);
    return Date.now() - started;
  };

  it.each([
    ['approved', ['start', 'approve']],
    ['rejected', ['start', 'reject']],
  ])('closes their open sockets with 4403 within a second when %s', async (_status, actions) => {
    const rita = await reviewerOf(1);
    const { f, reviewId } = await reviewed(rita);
    const reader = provider(f, rita);
    await synced(reader);
    const ws = await workspaceSocket(f, rita);
    expect((await act(rita, reviewId, actions[0]!)).status).toBe(200);
    const took = await cutWithinASecond(reader, ws, () => act(rita, reviewId, actions[1]!));
    expect(took).toBeLessThan(1_000);
    expect((await client(server.url, rita.token)('GET', `/api/workspaces/${f.workspaceId}/files/main.py`)).status).toBe(404);
  });

  it('keeps access while changes are requested (the review is still open), ends it on withdrawal', async () => {
    const rita = await reviewerOf(1);
    const { f, reviewId } = await reviewed(rita);
    const reader = provider(f, rita);
    await synced(reader);
    const ws = await workspaceSocket(f, rita);
    await act(rita, reviewId, 'start');
    await act(rita, reviewId, 'request_changes');
    await new Promise((r) => setTimeout(r, 300));
    expect(reader.closeCodes).toEqual([]);
    expect((await client(server.url, rita.token)('GET', `/api/workspaces/${f.workspaceId}`)).status).toBe(200);
    await cutWithinASecond(reader, ws, () => act(f.editor, reviewId, 'withdraw'));
  });

  it('moves the access to the next reviewer on a hand-back', async () => {
    const rita = await reviewerOf(3);
    await reviewerOf(3); // at least one other who may take it
    const { f, reviewId } = await reviewed(rita);
    const reader = provider(f, rita);
    await synced(reader);
    const ws = await workspaceSocket(f, rita);
    const handed = await act(rita, reviewId, 'hand_back');
    expect(handed.status).toBe(200);
    await eventually(() => reader.closeCodes.includes(4403), 'the 4403 on /sync', 1_000);
    expect(await ws.closed).toBe(4403);
    expect((await client(server.url, rita.token)('GET', `/api/workspaces/${f.workspaceId}`)).status).toBe(404);

    const next = handed.body.review.reviewer as { id: string } | null;
    expect(next?.id).toBeDefined();
    expect(next!.id).not.toBe(rita.id);
    // The new reviewer's grant, as every route and socket asks for it.
    expect(await server.context.access.roleFor(f.workspaceId, next!.id)).toBe('reviewer');
  });

  it('a member who reviewed keeps their member role when the review closes', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    await client(server.url, f.viewer.token)('PATCH', '/api/users/me', { reviewerLevel: 1 });
    const res = await client(server.url, f.editor.token)('POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 't', priority: 'low', reviewer: f.viewer.username });
    expect(res.status).toBe(201);
    const reader = provider(f, f.viewer);
    await synced(reader);
    await act(f.viewer, res.body.review.id, 'start');
    await act(f.viewer, res.body.review.id, 'approve');
    await new Promise((r) => setTimeout(r, 300));
    expect(reader.closeCodes).toEqual([]);
    expect((await client(server.url, f.viewer.token)('GET', `/api/workspaces/${f.workspaceId}`)).body.workspace.role).toBe('viewer');
  });
});
