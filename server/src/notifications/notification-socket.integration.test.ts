/**
 * The `/notifications` socket against real servers on one PostgreSQL: hello with the
 * unread count, a notification pushed within a second of the review change that made
 * it (on the same replica and on another), `unread` to every tab after marking read,
 * nothing for the actor, and the refusals and closes: credentials, Origin, Host,
 * a client frame, the per-user limit, and a session signed out while open.
 */
import { notificationServerMessageSchema } from '@tandem/protocol';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { insertSharedWorkspace, insertUser, type FixtureUser, type SharedWorkspace } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client } from '../workspace/test-client';
import { MAX_SOCKETS_PER_USER } from './start-notifications';

let database: TestDatabase;
let one: TestServer;
let two: TestServer;
beforeAll(async () => {
  database = await createTestDatabase();
  one = await startTestServer({}, database);
  two = await startTestServer({}, database);
});
afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await database?.drop();
});

type Msg = { type: string; [k: string]: any };

/** A socket whose messages queue up until a test asks for the next; each must be a protocol message. */
class TestSocket {
  readonly ws: WebSocket;
  readonly inbox: Msg[] = [];
  private readonly problems: string[] = [];
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  constructor(url: string, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(url, { headers });
    this.ws.on('message', (data) => {
      const message = JSON.parse(data.toString());
      const parsed = notificationServerMessageSchema.safeParse(message);
      if (!parsed.success) this.problems.push(`${data.toString()}: ${parsed.error.message}`);
      this.inbox.push(message);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => this.ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('error', () => {});
  }

  static as(user: FixtureUser, server: TestServer = one): TestSocket {
    return new TestSocket(`${server.wsUrl}/notifications?token=${user.token}`);
  }

  async next(pred: (m: Msg) => boolean, what: string, timeoutMs = 5000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.problems.length > 0) throw new Error(`the server sent ${this.problems[0]}`);
      const i = this.inbox.findIndex(pred);
      if (i >= 0) return this.inbox.splice(0, i + 1).pop()!;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.inbox)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  hello(): Promise<Msg> {
    return this.next((m) => m.type === 'hello', 'hello');
  }

  close(): void {
    this.ws.close();
  }
}

async function reviewer(level: number): Promise<FixtureUser> {
  const user = await insertUser(one.context.db);
  expect((await client(one.url, user.token)('PATCH', '/api/users/me', { reviewerLevel: level })).status).toBe(200);
  return user;
}

const submit = async (f: SharedWorkspace, reviewerName: string | null, server = one) => {
  const res = await client(server.url, f.editor.token)('POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'Add the parser', priority: 'medium', reviewer: reviewerName });
  expect(res.status).toBe(201);
  return res.body.review;
};
const act = async (user: FixtureUser, id: string, action: string) => expect((await client(one.url, user.token)('POST', `/api/reviews/${id}/transitions`, { action })).status).toBe(200);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function cookieUser(server: TestServer): Promise<{ id: string; cookie: string }> {
  const username = `cookie_${Math.random().toString(36).slice(2, 10)}`;
  const res = await fetch(`${server.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.url },
    body: JSON.stringify({ username, email: `${username}@example.test`, password: 'correct horse battery' }),
  });
  expect(res.status).toBe(201);
  return { id: (await res.json()).user.id, cookie: res.headers.getSetCookie()[0]!.split(';')[0]! };
}

describe('/notifications', () => {
  it('NOTIF-1, NOTIF-2: says hello, then pushes the assignment to the reviewer within a second, and the verdict to the author; never to the actor', async () => {
    const f = await insertSharedWorkspace(one.context.db);
    const candidates = [await reviewer(2), await reviewer(2)];
    const sockets = new Map(candidates.map((c) => [c.id, TestSocket.as(c)]));
    const author = TestSocket.as(f.editor);
    for (const s of [...sockets.values(), author]) expect(await s.hello()).toEqual({ type: 'hello', unreadCount: 0 });

    const started = Date.now();
    const review = await submit(f, null);
    const assignee = candidates.find((c) => c.id === review.reviewer.id)!;
    const pushed = await sockets.get(assignee.id)!.next((m) => m.type === 'notification', 'the assignment');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(pushed).toEqual({
      type: 'notification',
      unreadCount: 1,
      notification: { id: expect.any(String), kind: 'review_assigned', reviewId: review.id, reviewTitle: 'Add the parser', actorUsername: f.editor.username, verdict: null, createdAt: expect.any(String), readAt: null },
    });
    const listed = (await client(one.url, assignee.token)('GET', '/api/notifications')).body;
    expect(listed.unreadCount).toBe(1);
    expect(listed.notifications[0]).toEqual(pushed.notification);

    await act(assignee, review.id, 'start');
    await act(assignee, review.id, 'request_changes');
    expect((await author.next((m) => m.type === 'notification', 'the start')).notification.kind).toBe('review_started');
    const verdict = await author.next((m) => m.type === 'notification', 'the verdict');
    expect(verdict.notification).toMatchObject({ kind: 'review_verdict', verdict: 'changes_requested', actorUsername: assignee.username });
    expect(verdict.unreadCount).toBe(2);

    await sleep(300);
    // The author's submission, the reviewer's start and verdict: nothing back to whoever acted, nothing to the other candidate.
    expect(sockets.get(assignee.id)!.inbox).toEqual([]);
    expect(author.inbox).toEqual([]);
    expect(sockets.get(candidates.find((c) => c !== assignee)!.id)!.inbox).toEqual([]);
    for (const s of [...sockets.values(), author]) s.close();
  });

  it('NOTIF-3: tells every tab the new unread count when one marks read', async () => {
    const f = await insertSharedWorkspace(one.context.db);
    const named = await reviewer(2);
    await submit(f, named.username);
    await submit(f, named.username);
    // A review's notifications are written just after its transaction commits: wait for both.
    await expect.poll(async () => (await client(one.url, named.token)('GET', '/api/notifications')).body.unreadCount).toBe(2);
    const tabs = [TestSocket.as(named), TestSocket.as(named, two)];
    for (const tab of tabs) expect(await tab.hello()).toEqual({ type: 'hello', unreadCount: 2 });

    const { notifications } = (await client(one.url, named.token)('GET', '/api/notifications')).body;
    const read = await client(one.url, named.token)('POST', `/api/notifications/${notifications[0].id}/read`);
    expect(read.body.unreadCount).toBe(1);
    for (const tab of tabs) expect(await tab.next((m) => m.type === 'unread', 'unread')).toEqual({ type: 'unread', unreadCount: 1 });
    expect((await client(one.url, named.token)('POST', '/api/notifications/read-all')).body.unreadCount).toBe(0);
    for (const tab of tabs) expect(await tab.next((m) => m.type === 'unread', 'unread')).toEqual({ type: 'unread', unreadCount: 0 });
    for (const tab of tabs) tab.close();
  });

  it('NOTIF-2: delivers a notification made on one replica to a socket on another', async () => {
    const f = await insertSharedWorkspace(one.context.db);
    const named = await reviewer(2);
    const onTwo = TestSocket.as(named, two);
    await onTwo.hello();
    const started = Date.now();
    const review = await submit(f, named.username, one);
    const pushed = await onTwo.next((m) => m.type === 'notification', 'the assignment, on the other replica');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(pushed.notification).toMatchObject({ kind: 'review_assigned', reviewId: review.id });
    onTwo.close();
  });

  it('NOTIF-4: refuses what /ws refuses, with the same codes: no or bad credentials, a foreign Origin with a cookie, another Host', async () => {
    const f = await insertSharedWorkspace(one.context.db);
    for (const query of ['', '?token=tdm_not-a-real-token']) {
      const ours = new TestSocket(`${one.wsUrl}/notifications${query}`);
      const theirs = new TestSocket(`${one.wsUrl}/ws/${f.workspaceId}${query}`);
      const [a, b] = await Promise.all([ours.closed, theirs.closed]);
      expect({ query, code: a.code }).toEqual({ query, code: 4401 });
      expect(b.code).toBe(a.code);
    }
    const { cookie } = await cookieUser(one);
    expect((await new TestSocket(`${one.wsUrl}/notifications`, { cookie, origin: 'http://evil.example' }).closed).code).toBe(4403);
    expect((await new TestSocket(`${one.wsUrl}/notifications?token=${f.owner.token}`, { host: 'evil.example' }).closed).code).toBe(4421);
    const own = new TestSocket(`${one.wsUrl}/notifications`, { cookie, origin: one.url });
    expect(await own.hello()).toEqual({ type: 'hello', unreadCount: 0 });
    own.close();
  });

  it('NOTIF-5: closes a socket that sends anything with 4400', async () => {
    const user = await insertUser(one.context.db);
    const s = TestSocket.as(user);
    await s.hello();
    s.ws.send(JSON.stringify({ type: 'hello' }));
    expect((await s.closed).code).toBe(4400);
  });

  it(`NOTIF-6: refuses a user's socket beyond ${MAX_SOCKETS_PER_USER} on one replica with 4429`, async () => {
    const user = await insertUser(one.context.db);
    const open = Array.from({ length: MAX_SOCKETS_PER_USER }, () => TestSocket.as(user));
    await Promise.all(open.map((s) => s.hello()));
    expect((await TestSocket.as(user).closed).code).toBe(4429);
    const elsewhere = TestSocket.as(user, two);
    await elsewhere.hello();
    for (const s of [...open, elsewhere]) s.close();
  });

  it('NOTIF-7: closes a socket whose session was signed out with 4401 rather than deliver to it', async () => {
    const f = await insertSharedWorkspace(one.context.db);
    const me = await cookieUser(one);
    expect((await client(one.url)('PATCH', '/api/users/me', { reviewerLevel: 2 }, { cookie: me.cookie, origin: one.url })).status).toBe(200);
    const username = (await client(one.url)('GET', '/api/auth/me', undefined, { cookie: me.cookie })).body.user.username;
    const tab = new TestSocket(`${one.wsUrl}/notifications`, { cookie: me.cookie, origin: one.url });
    await tab.hello();
    expect((await client(one.url)('POST', '/api/auth/logout', undefined, { cookie: me.cookie, origin: one.url })).status).toBe(204);
    await submit(f, username);
    expect((await tab.closed).code).toBe(4401);
    expect(tab.inbox).toEqual([]);
  });
});
