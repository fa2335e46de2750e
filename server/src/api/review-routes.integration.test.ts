/**
 * The review routes over real HTTP against a real server and PostgreSQL: a request's
 * whole life with automatic assignment and its audit trail verified; refusals (409
 * with the allowed actions, 404 for whoever may not see it, the submission's own
 * errors); the queue, claim and hand-back; the dashboard's order and cursor; two
 * transitions at once (only one wins); and an event row altered with SQL, which
 * `?verify=1` reports. Every answer is checked against the OpenAPI document.
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

/** Calls as `user` and checks the answer against the documented response of `operation`. */
async function call(user: FixtureUser, method: string, path: string, body?: unknown, operation?: string): Promise<Answer> {
  const res = await client(server.url, user.token)(method, path, body);
  const documented = operation ?? path.replace(/\?.*$/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}');
  const schema = validator.responseSchema(method.toLowerCase(), documented, res.status);
  expect(validator.errors(schema, res.body), `${method} ${path} ${res.status}: ${res.text}`).toBeNull();
  return res;
}

async function reviewer(level: number): Promise<FixtureUser> {
  const user = await insertUser(server.context.db);
  const res = await call(user, 'PATCH', '/api/users/me', { reviewerLevel: level });
  expect(res.status).toBe(200);
  expect(res.body.user.reviewerLevel).toBe(level);
  return user;
}

const submit = (f: SharedWorkspace, body: Record<string, unknown>, as: FixtureUser = f.editor) =>
  call(as, 'POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'Add the parser', description: 'Please look at main.py', ...body });
const act = (user: FixtureUser, id: string, action: string, note?: string) => call(user, 'POST', `/api/reviews/${id}/transitions`, { action, note });
const events = (user: FixtureUser, id: string, verify = true) => call(user, 'GET', `/api/reviews/${id}/events${verify ? '?verify=1' : ''}`);

describe('a review request, start to approval', () => {
  it('submits with automatic assignment, starts, requests changes, re-requests and approves, every step an event of an intact chain', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const candidates = [await reviewer(2), await reviewer(3)];
    const created = await submit(f, { priority: 'high', reviewer: null });
    expect(created.status).toBe(201);
    const review = created.body.review;
    expect(review).toMatchObject({ status: 'pending', priority: 'high', minReviewerLevel: 2, author: { id: f.editor.id }, allowedActions: ['withdraw'] });
    const assignee = candidates.find((c) => c.id === review.reviewer?.id)!;
    expect(assignee, 'assigned to one of the eligible reviewers').toBeDefined();

    expect((await call(assignee, 'GET', `/api/reviews/${review.id}`)).body.review.allowedActions).toEqual(['start', 'hand_back']);
    expect((await act(assignee, review.id, 'start')).body.review.status).toBe('in_review');
    const changes = await act(assignee, review.id, 'request_changes', 'Handle empty input');
    expect(changes.body.review).toMatchObject({ status: 'changes_requested', allowedActions: [] });
    const again = await act(f.editor, review.id, 'rerequest', 'Done');
    expect(again.body.review).toMatchObject({ status: 'pending', reviewer: { id: assignee.id } });
    await act(assignee, review.id, 'start');
    const approved = await act(assignee, review.id, 'approve', 'LGTM');
    expect(approved.status).toBe(200);
    expect(approved.body.review.status).toBe('approved');

    const trail = await events(f.owner, review.id);
    expect(trail.status).toBe(200);
    expect(trail.body.verified).toBe(true);
    expect(trail.body.brokenAtSeq).toBeNull();
    expect(trail.body.events.map((e: any) => [e.seq, e.kind, e.from, e.to, e.actor.id])).toEqual([
      [1, 'submitted', null, 'pending', f.editor.id],
      [2, 'assigned', 'pending', 'pending', f.editor.id],
      [3, 'started', 'pending', 'in_review', assignee.id],
      [4, 'changes_requested', 'in_review', 'changes_requested', assignee.id],
      [5, 'rerequested', 'changes_requested', 'pending', f.editor.id],
      [6, 'started', 'pending', 'in_review', assignee.id],
      [7, 'approved', 'in_review', 'approved', assignee.id],
    ]);
    expect(trail.body.events[1].note).toBe(`assigned to ${assignee.username} (automatic)`);
    expect(trail.body.events[6].note).toBe('LGTM');
    expect((await events(f.owner, review.id, false)).body.verified).toBeNull();

    const { rows } = await server.context.db.raw.query('SELECT from_level, to_level FROM reviewer_level_events WHERE user_id = $1', [assignee.id]);
    expect(rows.map((r) => [r.from_level, r.to_level])).toEqual([[0, assignee === candidates[0] ? 2 : 3]]);
  });
});

describe('refusals', () => {
  it('answers 409 `invalid_transition` with the actions allowed', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer(1);
    const { review } = (await submit(f, { priority: 'low', reviewer: named.username })).body;
    expect(review.reviewer).toEqual({ id: named.id, username: named.username });

    const early = await act(named, review.id, 'approve');
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: 'invalid_transition', details: { allowed: ['start', 'hand_back'] } });
    const byAuthor = await act(f.editor, review.id, 'approve');
    expect(byAuthor.body.error).toMatchObject({ code: 'invalid_transition', details: { allowed: ['withdraw'] } });
    const byMember = await act(f.owner, review.id, 'withdraw');
    expect(byMember.body.error).toMatchObject({ code: 'invalid_transition', details: { allowed: [] } });
    expect((await act(f.editor, review.id, 'withdraw')).body.review.status).toBe('withdrawn');
    expect((await act(f.editor, review.id, 'withdraw')).body.error.details.allowed).toEqual([]);
  });

  it('answers 404 `review_not_found` to whoever may not see the request, as for one that does not exist', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const { review } = (await submit(f, { priority: 'low', reviewer: (await reviewer(1)).username })).body;
    const stranger = await reviewer(4); // eligible, but the request is assigned: not theirs to see
    for (const who of [f.outsider, stranger]) {
      for (const [method, path, body] of [
        ['GET', `/api/reviews/${review.id}`],
        ['GET', `/api/reviews/${review.id}/events?verify=1`],
        ['POST', `/api/reviews/${review.id}/transitions`, { action: 'claim' }],
        ['GET', '/api/reviews/00000000-0000-4000-8000-000000000000'],
      ] as const) {
        const res = await call(who, method, path, body);
        expect(res.status, `${method} ${path}`).toBe(404);
        expect(res.body.error.code).toBe('review_not_found');
      }
      const mine = await call(who, 'GET', '/api/reviews');
      expect(mine.body.reviews.map((r: any) => r.id)).not.toContain(review.id);
    }
    expect((await call(f.viewer, 'GET', `/api/reviews/${review.id}`)).status).toBe(200);
  });

  it('refuses a reviewer who does not exist, the author themselves, and a level below the priority', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const basic = await reviewer(1);
    expect((await submit(f, { priority: 'low', reviewer: 'nobody_by_that_name' })).body.error.code).toBe('reviewer_not_found');
    await call(f.editor, 'PATCH', '/api/users/me', { reviewerLevel: 4 });
    const own = await submit(f, { priority: 'low', reviewer: f.editor.username });
    expect([own.status, own.body.error.code]).toEqual([409, 'own_review']);
    const low = await submit(f, { priority: 'urgent', reviewer: basic.username });
    expect([low.status, low.body.error.code]).toEqual([409, 'not_eligible']);
    expect((await submit(f, { priority: 'low', reviewer: null }, f.viewer)).body.error.code).toBe('insufficient_role');
    expect((await call(f.editor, 'PATCH', '/api/users/me', { reviewerLevel: 5 })).body.error.code).toBe('validation_failed');
  });
});

describe('the queue', () => {
  it('holds a request nobody may take; an eligible reviewer sees and claims it, and handing it back queues it again', async () => {
    await server.context.db.raw.query('UPDATE users SET reviewer_level = 0');
    const f = await insertSharedWorkspace(server.context.db);
    const { review } = (await submit(f, { priority: 'urgent', reviewer: null })).body;
    expect(review.reviewer).toBeNull();
    const advanced = await reviewer(3);
    const queue = await call(advanced, 'GET', '/api/reviews?role=queue');
    expect(queue.body.reviews.map((r: any) => r.id)).toEqual([review.id]);
    expect(queue.body.reviews[0].allowedActions).toEqual(['claim']);
    expect((await call(await reviewer(2), 'GET', '/api/reviews?role=queue')).body.reviews).toEqual([]);

    const claimed = await act(advanced, review.id, 'claim');
    expect(claimed.body.review).toMatchObject({ status: 'pending', reviewer: { id: advanced.id } });
    expect((await call(advanced, 'GET', '/api/reviews?role=reviewer')).body.reviews.map((r: any) => r.id)).toEqual([review.id]);
    const back = await act(advanced, review.id, 'hand_back', 'No time this week');
    expect(back.body.review).toMatchObject({ status: 'pending', reviewer: null });
    const trail = await events(f.editor, review.id);
    expect(trail.body.events.map((e: any) => e.kind)).toEqual(['submitted', 'claimed', 'handed_back']);
    expect(trail.body.verified).toBe(true);
  });

  it('re-assigns a handed-back request to another eligible reviewer when there is one', async () => {
    await server.context.db.raw.query('UPDATE users SET reviewer_level = 0');
    const f = await insertSharedWorkspace(server.context.db);
    const first = await reviewer(2);
    const { review } = (await submit(f, { priority: 'high', reviewer: first.username })).body;
    const second = await reviewer(2);
    const back = await act(first, review.id, 'hand_back');
    expect(back.body.review.reviewer).toEqual({ id: second.id, username: second.username });
    expect((await events(f.editor, review.id)).body.events.map((e: any) => e.kind)).toEqual(['submitted', 'assigned', 'handed_back', 'assigned']);
  });
});

describe('the dashboard list', () => {
  it('sorts by priority, then age, and pages with a cursor; filters by status, priority and title', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const ids: Record<string, string> = {};
    const submissions: Array<[string, string]> = [['first low', 'low'], ['an urgent fix', 'urgent'], ['second low', 'low'], ['medium 100% done', 'medium']];
    for (const [title, priority] of submissions) {
      ids[title] = (await submit(f, { title, priority, reviewer: null })).body.review.id;
    }
    const page1 = await call(f.editor, 'GET', '/api/reviews?role=author&limit=3');
    expect(page1.body.reviews.map((r: any) => r.title)).toEqual(['an urgent fix', 'medium 100% done', 'first low']);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await call(f.editor, 'GET', `/api/reviews?role=author&limit=3&cursor=${page1.body.nextCursor}`);
    expect(page2.body).toMatchObject({ reviews: [{ title: 'second low' }], nextCursor: null });

    await act(f.editor, ids['first low']!, 'withdraw');
    expect((await call(f.editor, 'GET', '/api/reviews?role=author&status=withdrawn')).body.reviews.map((r: any) => r.title)).toEqual(['first low']);
    expect((await call(f.editor, 'GET', '/api/reviews?role=author&priority=low')).body.reviews).toHaveLength(2);
    expect((await call(f.editor, 'GET', `/api/reviews?role=author&q=${encodeURIComponent('100%')}`)).body.reviews.map((r: any) => r.title)).toEqual(['medium 100% done']);
    expect((await call(f.editor, 'GET', '/api/reviews?role=author&q=1%25d')).body.reviews).toHaveLength(0); // % is a character, not a wildcard
    expect((await call(f.editor, 'GET', '/api/reviews?cursor=garbage')).body.error.code).toBe('validation_failed');
    expect((await call(f.editor, 'GET', '/api/reviews?role=nobody')).body.error.code).toBe('validation_failed');
  });
});

describe('two transitions at once', () => {
  it('lets only one of `approve` and `withdraw` win, and the chain stays intact', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer(1);
    for (let round = 0; round < 8; round++) {
      const { review } = (await submit(f, { priority: 'low', reviewer: named.username })).body;
      await act(named, review.id, 'start');
      const [approve, withdraw] = await Promise.all([act(named, review.id, 'approve'), act(f.editor, review.id, 'withdraw')]);
      expect([approve.status, withdraw.status].sort()).toEqual([200, 409]);
      const winner = approve.status === 200 ? 'approved' : 'withdrawn';
      expect((await call(f.editor, 'GET', `/api/reviews/${review.id}`)).body.review.status).toBe(winner);
      const trail = await events(f.editor, review.id);
      expect(trail.body.verified).toBe(true);
      expect(trail.body.events.map((e: any) => e.kind)).toEqual(['submitted', 'assigned', 'started', winner]);
    }
  });
});

describe('the audit chain', () => {
  it('refuses UPDATE of an event, and `?verify=1` reports a row altered around that with SQL', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const named = await reviewer(1);
    const { review } = (await submit(f, { priority: 'low', reviewer: named.username })).body;
    await act(named, review.id, 'start');
    await act(named, review.id, 'approve', 'LGTM');
    const raw = server.context.db.raw;
    const forge = `UPDATE review_events SET note = 'rubber-stamped' WHERE review_id = $1 AND seq = 4`;
    await expect(raw.query(forge, [review.id])).rejects.toThrow(/append-only/);
    expect((await events(f.editor, review.id)).body.verified).toBe(true);

    const connection = await raw.connect();
    try {
      await connection.query('BEGIN');
      await connection.query('ALTER TABLE review_events DISABLE TRIGGER review_events_append_only');
      await connection.query(forge, [review.id]);
      await connection.query('ALTER TABLE review_events ENABLE TRIGGER review_events_append_only');
      await connection.query('COMMIT');
    } finally {
      connection.release();
    }
    const trail = await events(f.editor, review.id);
    expect(trail.body.events[3].note).toBe('rubber-stamped');
    expect(trail.body).toMatchObject({ verified: false, brokenAtSeq: 4 });
  });
});
