/**
 * The notification routes over real HTTP against a real server and PostgreSQL, the
 * notifications made by real review requests: who is told of what (never the actor),
 * marking read, another user's id (404, as none), bad ids and cursors (400), a cookie
 * POST from a foreign origin (403), and paging through 120 with no duplicate or gap.
 * Every answer is checked against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertSharedWorkspace, insertUser, type FixtureUser, type SharedWorkspace } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client, type Answer } from '../workspace/test-client';
import { buildOpenApiDocument } from './openapi';
import { documentValidator } from './openapi-test-validator';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const validator = documentValidator(buildOpenApiDocument() as unknown as Record<string, unknown>);

async function call(user: FixtureUser | null, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
  const res = await client(server.url, user?.token)(method, path, body, headers);
  const documented = path.replace(/\?.*$/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}').replace(/^\/api\/notifications\/[^/]+\/read$/, '/api/notifications/{id}/read');
  const schema = validator.responseSchema(method.toLowerCase(), documented, res.status);
  expect(validator.errors(schema, res.body), `${method} ${path} ${res.status}: ${res.text}`).toBeNull();
  return res;
}

async function reviewer(level: number): Promise<FixtureUser> {
  const user = await insertUser(server.context.db);
  expect((await call(user, 'PATCH', '/api/users/me', { reviewerLevel: level })).status).toBe(200);
  return user;
}

const submit = (f: SharedWorkspace, body: Record<string, unknown>) =>
  call(f.editor, 'POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'Add the parser', priority: 'low', ...body });
const act = (user: FixtureUser, id: string, action: string) => call(user, 'POST', `/api/reviews/${id}/transitions`, { action });
const inbox = (user: FixtureUser, query = '') => call(user, 'GET', `/api/notifications${query}`);

/** The inbox once it holds `count` (notifications are written just after the change commits). */
async function inboxOf(user: FixtureUser, count: number) {
  for (let i = 0; ; i++) {
    const res = await inbox(user);
    if (res.body.notifications.length >= count || i === 50) return res.body;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('who is told of what', () => {
  it('tells the reviewer of an automatic assignment and the author of the start and the verdict; never the actor', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const candidates = [await reviewer(1), await reviewer(1)];
    const { review } = (await submit(f, { reviewer: null })).body;
    const assignee = candidates.find((c) => c.id === review.reviewer.id)!;

    const assigned = await inboxOf(assignee, 1);
    expect(assigned.unreadCount).toBe(1);
    expect(assigned.notifications).toEqual([
      { id: expect.any(String), kind: 'review_assigned', reviewId: review.id, reviewTitle: 'Add the parser', actorUsername: f.editor.username, verdict: null, createdAt: expect.any(String), readAt: null },
    ]);

    await act(assignee, review.id, 'start');
    await act(assignee, review.id, 'approve');
    const author = await inboxOf(f.editor, 2);
    expect(author.notifications.map((n: any) => [n.kind, n.verdict, n.actorUsername])).toEqual([
      ['review_verdict', 'approved', assignee.username],
      ['review_started', null, assignee.username],
    ]);
    expect(author.unreadCount).toBe(2);
    // The reviewer's own start and verdict: nothing more for them; the author's submission: nothing for the author.
    expect((await inbox(assignee)).body.notifications).toHaveLength(1);
    const other = candidates.find((c) => c !== assignee)!;
    expect((await inbox(other)).body).toEqual({ notifications: [], nextCursor: null, unreadCount: 0 });
  });

  it('tells the author of a claim, and the reviewer of a withdrawal', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const { review } = (await submit(f, { priority: 'urgent', reviewer: null })).body; // nobody is level 4 yet: queued
    expect(review.reviewer).toBeNull();
    const claimer = await reviewer(4);
    await act(claimer, review.id, 'claim');
    await act(f.editor, review.id, 'withdraw');
    expect((await inboxOf(f.editor, 1)).notifications.map((n: any) => n.kind)).toEqual(['review_claimed']);
    expect((await inboxOf(claimer, 1)).notifications.map((n: any) => n.kind)).toEqual(['review_withdrawn']);
  });
});

describe('marking read', () => {
  it('marks one (again: no change) and then all, with the unread count each time', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer(1);
    for (const title of ['one', 'two', 'three']) await submit(f, { title, reviewer: named.username });
    const { notifications } = await inboxOf(named, 3);

    const first = await call(named, 'POST', `/api/notifications/${notifications[0].id}/read`);
    expect(first.status).toBe(200);
    expect(first.body.unreadCount).toBe(2);
    expect(first.body.notification).toMatchObject({ id: notifications[0].id, readAt: expect.any(String) });
    const again = await call(named, 'POST', `/api/notifications/${notifications[0].id}/read`);
    expect(again.body).toEqual(first.body);
    expect((await inbox(named, '?unread=true')).body.notifications.map((n: any) => n.reviewTitle)).toEqual(['two', 'one']);

    expect((await call(named, 'POST', '/api/notifications/read-all')).body).toEqual({ unreadCount: 0 });
    const after = (await inbox(named)).body;
    expect(after.unreadCount).toBe(0);
    expect(after.notifications.every((n: any) => n.readAt !== null)).toBe(true);
  });

  it("answers another user's notification exactly as one that does not exist, and leaves it unread", async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer(1);
    await submit(f, { reviewer: named.username });
    const [theirs] = (await inboxOf(named, 1)).notifications;
    for (const id of [theirs.id, '999999999999', '9223372036854775808']) {
      const res = await call(f.outsider, 'POST', `/api/notifications/${id}/read`);
      expect({ id, status: res.status, code: res.body.error.code }).toEqual({ id, status: 404, code: 'notification_not_found' });
    }
    expect((await inbox(named)).body.unreadCount).toBe(1);
  });

  it('refuses malformed ids, cursors, limits and filters with 400 `validation_failed`', async () => {
    const user = await insertUser(server.context.db);
    for (const [method, path] of [
      ['POST', '/api/notifications/abc/read'],
      ['POST', '/api/notifications/0/read'],
      ['POST', '/api/notifications/-1/read'],
      ['GET', '/api/notifications?cursor=not-a-cursor'],
      ['GET', `/api/notifications?cursor=${Buffer.from('["n","0"]').toString('base64url')}`],
      ['GET', '/api/notifications?limit=0'],
      ['GET', '/api/notifications?limit=101'],
      ['GET', '/api/notifications?unread=yes'],
    ] as const) {
      const res = await call(user, method, path);
      expect({ path, status: res.status, code: res.body.error.code }).toEqual({ path, status: 400, code: 'validation_failed' });
    }
  });

  it('needs a user, and refuses a cookie-authenticated POST from a foreign origin', async () => {
    expect((await call(null, 'GET', '/api/notifications')).status).toBe(401);
    const username = `cookie_${Date.now() % 100000}`;
    const registered = await fetch(`${server.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ username, email: `${username}@example.test`, password: 'correct horse battery' }),
    });
    const cookie = registered.headers.getSetCookie()[0]!.split(';')[0]!;
    const foreign = await call(null, 'POST', '/api/notifications/read-all', undefined, { cookie, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('csrf_origin_mismatch');
    expect((await call(null, 'POST', '/api/notifications/read-all', undefined, { cookie, origin: server.url })).body).toEqual({ unreadCount: 0 });
  });
});

describe('paging', () => {
  it('walks 120 notifications newest first, 50 at a time, with no duplicate or gap', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer(1);
    const titles = Array.from({ length: 120 }, (_, i) => `request ${i}`);
    for (let i = 0; i < titles.length; i += 10) await Promise.all(titles.slice(i, i + 10).map((title) => submit(f, { title, reviewer: named.username })));
    await inboxOf(named, 120);

    const pages: any[] = [];
    let cursor: string | null = null;
    do {
      const body: any = (await inbox(named, cursor ? `?cursor=${cursor}` : '')).body;
      pages.push(body);
      cursor = body.nextCursor;
    } while (cursor);
    expect(pages.map((p) => p.notifications.length)).toEqual([50, 50, 20]);
    expect(pages.map((p) => p.unreadCount)).toEqual([120, 120, 120]);
    const ids = pages.flatMap((p) => p.notifications.map((n: any) => BigInt(n.id)));
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1]!), 'newest first').toBe(true);
    expect(new Set(pages.flatMap((p) => p.notifications.map((n: any) => n.reviewTitle)))).toEqual(new Set(titles));

    const small = (await inbox(named, '?limit=7&unread=true')).body;
    expect(small.notifications).toHaveLength(7);
    expect(small.notifications[0].id).toBe(pages[0].notifications[0].id);
  });
});
