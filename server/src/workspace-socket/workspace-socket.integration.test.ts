/**
 * The workspace socket against a real server: hello first, presence when a second
 * user joins and focuses a file, tree changes pushed from HTTP, error replies, the
 * close codes for bad frames, credentials, membership and deletion.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { insertMember, insertUser, type FixtureUser } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { serverMessageProblem } from '../testing/ws-message-check';
import { client } from '../workspace/test-client';

let server: TestServer;
let owner: FixtureUser;
let editor: FixtureUser;
let outsider: FixtureUser;
beforeAll(async () => {
  server = await startTestServer();
  owner = await insertUser(server.context.db);
  editor = await insertUser(server.context.db);
  outsider = await insertUser(server.context.db);
});
afterAll(async () => {
  await server?.stop();
});

interface Msg {
  type: string;
  [k: string]: any;
}

/** A socket whose messages queue up until a test asks for the next of a type; each must be a protocol message. */
class TestSocket {
  readonly ws: WebSocket;
  private readonly inbox: Msg[] = [];
  private readonly problems: string[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        const message = JSON.parse(data.toString());
        const problem = serverMessageProblem(message);
        if (problem) this.problems.push(problem);
        this.inbox.push(message);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('error', () => {});
  }

  static as(user: FixtureUser, workspaceId: string): TestSocket {
    return new TestSocket(`${server.wsUrl}/ws/${workspaceId}?token=${user.token}`);
  }

  /** The next message matching `pred` (earlier non-matching ones are skipped). */
  async next(pred: (m: Msg) => boolean, what = 'message'): Promise<Msg> {
    const deadline = Date.now() + 5000;
    for (;;) {
      if (this.problems.length > 0) throw new Error(`the server sent ${this.problems[0]}`);
      const i = this.inbox.findIndex(pred);
      if (i >= 0) return this.inbox.splice(0, i + 1).pop()!;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.inbox)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }

  first(): Promise<Msg> {
    return this.next(() => true, 'the first message');
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  close(): void {
    this.ws.close();
  }
}

async function newWorkspace() {
  const res = await client(server.url, owner.token)('POST', '/api/workspaces', { name: 'socket' });
  const workspaceId: string = res.body.workspace.id;
  await insertMember(server.context.db, workspaceId, editor.id, 'editor');
  const items = await client(server.url, owner.token)('GET', `/api/workspaces/${workspaceId}/items`);
  return { workspaceId, mainId: items.body.items[0].id as string };
}

describe('/ws/:workspaceId', () => {
  it('WS-5, PRES-1, PRES-2, TREE-1, TREE-5: says hello first, then shows presence and focus of a second user, and pushes tree changes naming who made them', async () => {
    const { workspaceId, mainId } = await newWorkspace();
    const a = TestSocket.as(owner, workspaceId);
    expect(await a.first()).toEqual({ type: 'hello', user: { id: owner.id, username: owner.username }, role: 'owner' });
    const alone = await a.next((m) => m.type === 'presence', 'presence');
    expect(alone.users).toEqual([{ userId: owner.id, username: owner.username, connections: 1, itemId: null }]);

    const b = TestSocket.as(editor, workspaceId);
    expect(await b.first()).toMatchObject({ type: 'hello', role: 'editor' });
    await a.next((m) => m.type === 'presence' && m.users.length === 2, 'presence with two users');
    b.send({ type: 'presence.focus', itemId: mainId });
    const focused = await a.next((m) => m.type === 'presence' && m.users.some((u: Msg) => u.itemId === mainId), 'focus');
    expect(focused.users).toContainEqual({ userId: editor.id, username: editor.username, connections: 1, itemId: mainId });

    const created = await client(server.url, editor.token)('PUT', `/api/workspaces/${workspaceId}/files/notes.md`, '# notes');
    const tree = await a.next((m) => m.type === 'tree', 'tree change');
    expect(tree.change).toEqual({
      kind: 'created',
      item: { id: created.body.item.id, parentId: null, name: 'notes.md', type: 'file', path: 'notes.md' },
      by: { id: editor.id, username: editor.username },
    });
    await b.next((m) => m.type === 'tree', 'tree change on the second socket');

    b.close();
    const left = await a.next((m) => m.type === 'presence' && m.users.length === 1, 'presence after leaving');
    expect(left.users[0].userId).toBe(owner.id);
    a.close();
  });

  it('WS-2, WS-6, WS-7, PRES-3: answers unknown types and bad focus with errors and keeps the socket open', async () => {
    const { workspaceId } = await newWorkspace();
    const s = TestSocket.as(owner, workspaceId);
    await s.first();
    s.send({ type: 'no.such.thing', ref: 7 });
    expect(await s.next((m) => m.type === 'error')).toEqual({ type: 'error', code: 'unknown_type', message: expect.any(String), ref: 7 });
    s.send({ type: 'presence.focus', itemId: '00000000-0000-4000-8000-000000000000' });
    expect((await s.next((m) => m.type === 'error')).code).toBe('item_not_found');
    s.send({ type: 'presence.focus', itemId: 42 });
    expect((await s.next((m) => m.type === 'error')).code).toBe('invalid_message');
    expect(s.ws.readyState).toBe(WebSocket.OPEN);
    s.close();
  });

  it.each([
    ['malformed JSON', (s: TestSocket) => s.send('{"type":'), 4400],
    ['a JSON value without a type', (s: TestSocket) => s.send('[1,2]'), 4400],
    ['a binary frame', (s: TestSocket) => s.ws.send(Buffer.from([1, 2, 3])), 4400],
    ['a message over 1 MiB', (s: TestSocket) => s.send({ type: 'x', pad: 'x'.repeat(1024 * 1024 + 10) }), 4413],
  ])('WS-3, LIMIT-4: closes the sender on %s and no one else', async (_name, act, code) => {
    const { workspaceId } = await newWorkspace();
    const bad = TestSocket.as(owner, workspaceId);
    const good = TestSocket.as(editor, workspaceId);
    await bad.first();
    await good.first();
    act(bad);
    expect((await bad.closed).code).toBe(code);
    good.send({ type: 'still.there' });
    expect((await good.next((m) => m.type === 'error')).code).toBe('unknown_type');
    good.close();
  });

  it('CLOSE-2, CLOSE-3, ADMIT-5: refuses anonymous, bad tokens, non-members and unknown workspaces', async () => {
    const { workspaceId } = await newWorkspace();
    const cases: Array<[string, number]> = [
      [`${server.wsUrl}/ws/${workspaceId}`, 4401],
      [`${server.wsUrl}/ws/${workspaceId}?token=tdm_bogus`, 4401],
      [`${server.wsUrl}/ws/${workspaceId}?token=${outsider.token}`, 4403],
      [`${server.wsUrl}/ws/00000000-0000-4000-8000-000000000000?token=${owner.token}`, 4403],
      [`${server.wsUrl}/ws/not-a-uuid?token=${owner.token}`, 4403],
    ];
    for (const [url, code] of cases) {
      const s = new TestSocket(url);
      expect({ url, code: (await s.closed).code }).toEqual({ url, code });
    }
  });

  it('ADMIT-1: refuses a cookie-authenticated upgrade from a foreign origin', async () => {
    const { workspaceId } = await newWorkspace();
    const username = `cookie_${Date.now() % 100000}`;
    const res = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username, email: `${username}@example.test`, password: 'correct horse battery' }),
    });
    expect(res.status).toBe(201);
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    const user = (await res.json()).user;
    await insertMember(server.context.db, workspaceId, user.id, 'viewer');
    const foreign = new TestSocket(`${server.wsUrl}/ws/${workspaceId}`, { cookie, origin: 'http://evil.example' });
    expect((await foreign.closed).code).toBe(4403);
    const own = new TestSocket(`${server.wsUrl}/ws/${workspaceId}`, { cookie, origin: server.url });
    expect(await own.first()).toMatchObject({ type: 'hello', role: 'viewer' });
    own.close();
  });

  it('WS-4: re-sends hello on a role change, closes 4403 on removal and 4404 on deletion', async () => {
    const { workspaceId } = await newWorkspace();
    const asOwner = client(server.url, owner.token);
    const ed = TestSocket.as(editor, workspaceId);
    const own = TestSocket.as(owner, workspaceId);
    await ed.first();
    await own.first();
    expect((await asOwner('PATCH', `/api/workspaces/${workspaceId}/members/${editor.id}`, { role: 'viewer' })).status).toBe(200);
    expect(await ed.next((m) => m.type === 'hello', 'a new hello')).toMatchObject({ role: 'viewer' });
    expect((await asOwner('DELETE', `/api/workspaces/${workspaceId}/members/${editor.id}`)).status).toBe(204);
    expect((await ed.closed).code).toBe(4403);
    expect((await asOwner('DELETE', `/api/workspaces/${workspaceId}`)).status).toBe(204);
    expect((await own.closed).code).toBe(4404);
  });
});
