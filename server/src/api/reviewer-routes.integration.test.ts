/**
 * The reviewer directory and the dashboard list's workspace filter and tab counts,
 * over real HTTP against a real server and PostgreSQL: levels, a literal username
 * search, pages without duplicates, the figures of a small history whose times are
 * known (its events appended as the state machine writes them, with chosen times),
 * a reviewer stepping down keeping their open review, the workspace filter revealing
 * nothing of another workspace, and the counts. Every answer is checked against the
 * OpenAPI document.
 */
import { insertReview, updateReview, type ReviewPriorityValue, type ReviewStatusValue } from '@tandem/persistence';
import type { ReviewEventKind, ReviewStatus } from '@tandem/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendReviewEvent } from '../reviews/append-event';
import { insertSharedWorkspace, insertUser, insertWorkspace, type FixtureUser } from '../testing/sql-fixtures';
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

async function call(user: FixtureUser | null, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await client(server.url, user?.token)(method, path, body);
  const documented = path.replace(/\?.*$/, '').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}');
  const schema = validator.responseSchema(method.toLowerCase(), documented, res.status);
  expect(validator.errors(schema, res.body), `${method} ${path} ${res.status}: ${res.text}`).toBeNull();
  return res;
}

const sql = (text: string, values: unknown[] = []) => server.context.db.raw.query(text, values);
const setLevel = (user: FixtureUser, level: number) => sql('UPDATE users SET reviewer_level = $2 WHERE id = $1', [user.id, level]);
const directory = (user: FixtureUser, query: string) => call(user, 'GET', `/api/reviewers?${query}`);
const names = (res: Answer): string[] => res.body.reviewers.map((r: { username: string }) => r.username);

async function users(prefix: string, levels: number[]): Promise<FixtureUser[]> {
  const made: FixtureUser[] = [];
  for (const [i, level] of levels.entries()) {
    const user = await insertUser(server.context.db, `${prefix}${i}`);
    await setLevel(user, level);
    made.push(user);
  }
  return made;
}

describe('GET /api/reviewers', () => {
  it('lists reviewers (level 1 or more) by username, or exactly the level asked for', async () => {
    const [l0, l1, l2, l3, l4] = await users('lv', [0, 1, 2, 3, 4]);
    expect(names(await directory(l0!, 'q=lv'))).toEqual(['lv1', 'lv2', 'lv3', 'lv4']);
    const level2 = await directory(l0!, 'q=lv&level=2');
    expect(level2.body.reviewers).toEqual([
      { id: l2!.id, username: 'lv2', level: 2, openReviews: 0, completedReviews: 0, medianFirstResponseMs: null, medianVerdictMs: null },
    ]);
    expect(names(await directory(l1!, 'q=lv&level=0'))).toEqual(['lv0']);
    expect(names(await directory(l3!, 'q=lv&level=4'))).toEqual(['lv4']);
    for (const bad of ['level=5', 'level=', 'level=-1', 'level=1.5', 'level=two', 'limit=0', 'limit=101', 'cursor=garbage']) {
      const res = await directory(l4!, bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code, bad).toBe('validation_failed');
    }
  });

  it('matches `q` literally and case-insensitively: % and _ and \\ are characters, a long string matches nothing', async () => {
    const [viewer] = await users('qs', [1, 1, 1, 1, 1, 1]);
    // Fixtures may hold characters registration refuses, which is the point here.
    await sql(`UPDATE users SET username = u.name FROM (VALUES ('qs1', 'qs_a%b'), ('qs2', 'qsxaxb'), ('qs3', 'qs\\back'), ('qs4', 'QS_UPPER'), ('qs5', 'qsyyy')) AS u (old, name)
               WHERE username = u.old`);
    const search = async (q: string) => names(await directory(viewer!, `q=${encodeURIComponent(q)}`));
    expect(await search('s_a')).toEqual(['qs_a%b']);
    expect(await search('a%b')).toEqual(['qs_a%b']);
    expect(await search('%')).toEqual(['qs_a%b']);
    expect(await search('_')).toEqual(expect.arrayContaining(['qs_a%b', 'QS_UPPER']));
    expect(await search('qs_')).toEqual(['QS_UPPER', 'qs_a%b']);
    expect(await search('\\')).toEqual(['qs\\back']);
    expect(await search('_upper')).toEqual(['QS_UPPER']);
    expect(await search('x'.repeat(200))).toEqual([]);
    expect(await search('%'.repeat(200))).toEqual([]);
    expect((await directory(viewer!, `q=${'x'.repeat(201)}`)).body.error.code).toBe('validation_failed');
    // Empty: no filter.
    expect((await directory(viewer!, 'q=')).status).toBe(200);
  });

  it('pages by username without duplicates or gaps', async () => {
    const made = await users('pg', [1, 2, 3, 4, 1, 2, 3]);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Answer = await directory(made[0]!, `q=pg&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...names(res));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(made.map((u) => u.username));
  });

  it('needs a signed-in user', async () => {
    const res = await call(null, 'GET', '/api/reviewers');
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
  });
});

describe('the directory figures', () => {
  it('counts open and completed reviews and takes the medians of a known history, over the last 90 days', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const [r1, r2, r3] = await users('fig', [2, 2, 4]);
    const pool = server.context.db.pool;
    const DAY = 86_400_000;
    const now = Date.now();
    // The events the state machine writes (review-state-machine.ts), with chosen times.
    const request = async (at: number, priority: ReviewPriorityValue, reviewer: FixtureUser | null) =>
      (await insertReview(pool, { workspaceId: f.workspaceId, authorId: f.editor.id, reviewerId: reviewer?.id ?? null, title: 't', description: '', priority, at })).id;
    const record = (reviewId: string, actor: FixtureUser, kind: ReviewEventKind, fromStatus: ReviewStatus | null, toStatus: ReviewStatus, at: number) =>
      appendReviewEvent(pool, reviewId, { actorId: actor.id, kind, fromStatus, toStatus, note: '', at });
    const submitted = async (at: number, priority: ReviewPriorityValue, reviewer: FixtureUser | null) => {
      const id = await request(at, priority, reviewer);
      await record(id, f.editor, 'submitted', null, 'pending', at);
      if (reviewer) await record(id, f.editor, 'assigned', 'pending', 'pending', at);
      return id;
    };
    const settle = (id: string, status: ReviewStatusValue, reviewer: FixtureUser | null, at: number) =>
      updateReview(pool, id, { status, reviewerId: reviewer?.id ?? null, at, assigned: false });

    // 1: fig0 starts after 60 s and approves after 600 s.
    const t1 = now - 10 * DAY;
    const one = await submitted(t1, 'low', r1!);
    await record(one, r1!, 'started', 'pending', 'in_review', t1 + 60_000);
    await record(one, r1!, 'approved', 'in_review', 'approved', t1 + 600_000);
    await settle(one, 'approved', r1!, t1 + 600_000);
    // 2: starts after 120 s, asks for changes after 1,200 s (the first verdict); the second round does not count again.
    const t2 = now - 5 * DAY;
    const two = await submitted(t2, 'low', r1!);
    await record(two, r1!, 'started', 'pending', 'in_review', t2 + 120_000);
    await record(two, r1!, 'changes_requested', 'in_review', 'changes_requested', t2 + 1_200_000);
    await record(two, f.editor, 'rerequested', 'changes_requested', 'pending', t2 + 1_300_000);
    await record(two, r1!, 'started', 'pending', 'in_review', t2 + 1_400_000);
    await record(two, r1!, 'rejected', 'in_review', 'rejected', t2 + 2_000_000);
    await settle(two, 'rejected', r1!, t2 + 2_000_000);
    // 3: fig0 hands back after 30 s (a response, no verdict), which assigns fig1 (the
    // event's actor is fig0), who starts 70 s later.
    const t3 = now - 2 * DAY;
    const three = await submitted(t3, 'high', r1!);
    await record(three, r1!, 'handed_back', 'pending', 'pending', t3 + 30_000);
    await record(three, r1!, 'assigned', 'pending', 'pending', t3 + 30_000);
    await record(three, r2!, 'started', 'pending', 'in_review', t3 + 100_000);
    await settle(three, 'in_review', r2!, t3 + 100_000);
    // 4: 100 days ago, outside the window (and fast, so it would move the medians).
    const t4 = now - 100 * DAY;
    const four = await submitted(t4, 'low', r1!);
    await record(four, r1!, 'started', 'pending', 'in_review', t4 + 1_000);
    await record(four, r1!, 'approved', 'in_review', 'approved', t4 + 5_000);
    await settle(four, 'approved', r1!, t4 + 5_000);
    // 5: queued; fig2 claims it, starts 60 s after the claim and approves 120 s after it.
    const t5 = now - DAY;
    const five = await submitted(t5, 'urgent', null);
    await record(five, r3!, 'claimed', 'pending', 'pending', t5 + 40_000);
    await record(five, r3!, 'started', 'pending', 'in_review', t5 + 100_000);
    await record(five, r3!, 'approved', 'in_review', 'approved', t5 + 160_000);
    await settle(five, 'approved', r3!, t5 + 160_000);
    // 6: open, assigned to fig0, no response yet; 7: withdrawn before any response.
    await submitted(now - 1_000, 'low', r1!);
    const seven = await submitted(now - 3 * DAY, 'low', r2!);
    await record(seven, f.editor, 'withdrawn', 'pending', 'withdrawn', now - 2 * DAY);
    await settle(seven, 'withdrawn', r2!, now - 2 * DAY);

    const res = await directory(f.outsider, 'q=fig');
    expect(res.status).toBe(200);
    expect(res.body.reviewers).toEqual([
      // First responses 60, 120, 30 s; verdicts 600, 1,200 s; approved 1 and rejected 2.
      { id: r1!.id, username: 'fig0', level: 2, openReviews: 1, completedReviews: 2, medianFirstResponseMs: 60_000, medianVerdictMs: 900_000 },
      { id: r2!.id, username: 'fig1', level: 2, openReviews: 1, completedReviews: 0, medianFirstResponseMs: 70_000, medianVerdictMs: null },
      { id: r3!.id, username: 'fig2', level: 4, openReviews: 0, completedReviews: 1, medianFirstResponseMs: 60_000, medianVerdictMs: 120_000 },
    ]);
  });

  it('keeps an open review assigned when its reviewer steps down below its priority, until they hand it back', async () => {
    await sql('UPDATE users SET reviewer_level = 0');
    const f = await insertSharedWorkspace(server.context.db);
    const [expert, other] = await users('down', [3, 3]);
    const submitted = await call(f.editor, 'POST', `/api/workspaces/${f.workspaceId}/reviews`, { title: 'Urgent fix', priority: 'urgent', reviewer: expert!.username });
    expect(submitted.status).toBe(201);
    const id = submitted.body.review.id;

    const stepped = await call(expert!, 'PATCH', '/api/users/me', { reviewerLevel: 1 });
    expect(stepped.body.user.reviewerLevel).toBe(1);
    const read = await call(expert!, 'GET', `/api/reviews/${id}`);
    expect(read.body.review).toMatchObject({ reviewer: { id: expert!.id }, status: 'pending', allowedActions: ['start', 'hand_back'] });
    expect((await call(expert!, 'GET', '/api/reviews?role=reviewer')).body.reviews.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await directory(f.editor, 'q=down')).body.reviewers.map((r: { level: number; openReviews: number }) => [r.level, r.openReviews])).toEqual([[1, 1], [3, 0]]);

    // Handing back is what lets it go: to the other expert, never back to them.
    const handed = await call(expert!, 'POST', `/api/reviews/${id}/transitions`, { action: 'hand_back' });
    expect(handed.body.review.reviewer).toEqual({ id: other!.id, username: other!.username });
    const queued = await call(other!, 'POST', `/api/reviews/${id}/transitions`, { action: 'hand_back' });
    expect(queued.body.review.reviewer).toBeNull();
    // Level 1 may not claim an urgent request again.
    expect((await call(expert!, 'POST', `/api/reviews/${id}/transitions`, { action: 'claim' })).status).toBe(404);
  });
});

describe('GET /api/reviews: workspaceId and counts', () => {
  /** A request straight into the table (its events do not matter to the list). */
  const request = async (workspaceId: string, author: FixtureUser, title: string, priority: ReviewPriorityValue, reviewer: FixtureUser | null, status: ReviewStatusValue = 'pending') => {
    const pool = server.context.db.pool;
    const review = await insertReview(pool, { workspaceId, authorId: author.id, reviewerId: reviewer?.id ?? null, title, description: '', priority, at: Date.now() });
    if (status !== 'pending') await updateReview(pool, review.id, { status, reviewerId: review.reviewerId, at: Date.now(), assigned: false });
    return review.id;
  };

  it('shows a member every request of the workspace, anyone else only their own there, and nothing of other workspaces', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const [named] = await users('wsr', [1]);
    const otherOwner = await insertUser(server.context.db);
    const other = await insertWorkspace(server.context.db, otherOwner.id);
    await request(f.workspaceId, f.editor, 'Ours', 'low', named!);
    await request(other, otherOwner, 'Theirs', 'low', null);
    const list = async (user: FixtureUser, query: string) => (await call(user, 'GET', `/api/reviews?${query}`)).body.reviews.map((r: { title: string }) => r.title);

    expect(await list(f.viewer, `workspaceId=${f.workspaceId}`)).toEqual(['Ours']);
    expect(await list(f.viewer, `workspaceId=${f.workspaceId.toUpperCase()}`)).toEqual(['Ours']);
    expect(await list(f.owner, `workspaceId=${f.workspaceId}&status=pending`)).toEqual(['Ours']);
    // Without the filter, a member's list is still only their own.
    expect(await list(f.viewer, '')).toEqual([]);
    // Not a member: only what is theirs there (the assigned reviewer).
    expect(await list(named!, `workspaceId=${f.workspaceId}`)).toEqual(['Ours']);
    expect(await list(named!, `workspaceId=${f.workspaceId}&role=author`)).toEqual([]);
    for (const query of [`workspaceId=${f.workspaceId}`, `workspaceId=${other}`, `workspaceId=${other}&role=author`, `workspaceId=${other}&role=reviewer`]) {
      expect(await list(f.outsider, query), query).toEqual([]);
    }
    for (const query of [`workspaceId=${other}`, `workspaceId=${other}&role=author`, `workspaceId=${other}&role=queue`]) {
      expect(await list(f.viewer, query), query).toEqual([]);
    }
    expect(await list(f.owner, `workspaceId=${crypto.randomUUID()}`)).toEqual([]);
    expect((await call(f.owner, 'GET', '/api/reviews?workspaceId=nope')).body.error.code).toBe('validation_failed');
  });

  it('counts the open requests under each tab, whatever the page, within the workspace when one is given', async () => {
    const f = await insertSharedWorkspace(server.context.db);
    const [reviewer, claimer] = await users('cnt', [1, 2]);
    await request(f.workspaceId, f.editor, 'a', 'low', reviewer!, 'withdrawn');
    await request(f.workspaceId, f.editor, 'b', 'medium', reviewer!, 'in_review');
    await request(f.workspaceId, f.editor, 'c', 'high', null);
    await request(f.workspaceId, f.editor, 'd', 'urgent', null); // above the claimer's level
    await request(f.workspaceId, f.editor, 'e', 'low', reviewer!, 'changes_requested');
    await request(f.workspaceId, f.editor, 'f', 'low', reviewer!, 'approved');
    const elsewhere = await insertSharedWorkspace(server.context.db);
    await request(elsewhere.workspaceId, elsewhere.editor, 'g', 'low', null);

    const counts = async (user: FixtureUser, query = '') => (await call(user, 'GET', `/api/reviews?limit=1${query}`)).body.counts;
    const queued = async (user: FixtureUser, priorities: string[]) =>
      (await sql(`SELECT count(*)::int AS n FROM review_requests
                  WHERE reviewer_id IS NULL AND status = 'pending' AND priority::text = ANY($2) AND author_id <> $1`, [user.id, priorities])).rows[0].n;
    expect(await counts(f.editor)).toEqual({ author: 4, reviewer: 0, queue: 0 });
    expect(await counts(f.editor, '&role=author&status=withdrawn&q=zzz')).toEqual({ author: 4, reviewer: 0, queue: 0 });
    expect(await counts(reviewer!)).toEqual({ author: 0, reviewer: 2, queue: await queued(reviewer!, ['low', 'medium']) });
    expect(await counts(claimer!)).toEqual({ author: 0, reviewer: 0, queue: await queued(claimer!, ['low', 'medium', 'high']) });
    expect(await counts(claimer!, `&workspaceId=${f.workspaceId}`)).toEqual({ author: 0, reviewer: 0, queue: 1 });
    expect(await counts(reviewer!, `&workspaceId=${elsewhere.workspaceId}`)).toEqual({ author: 0, reviewer: 0, queue: 1 });
    expect(await counts(f.editor, `&workspaceId=${elsewhere.workspaceId}`)).toEqual({ author: 0, reviewer: 0, queue: 0 });
  });
});
