/**
 * The notification queries on a real PostgreSQL: each write's NOTIFY comes with it
 * (payloads as notification-notice.ts encodes them), a retried write adds nothing and
 * announces nothing, the inbox is trimmed to the newest `keep`, and marking read
 * announces only a change.
 */
import pg from 'pg';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../database';
import { migrate } from '../migrate';
import { encodeNotificationNotice, NOTIFICATION_CHANNEL } from '../notification-notice';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { countUnread, findUserNotification, insertNotifications, listNotifications, markNotificationsRead, type NewNotification } from './notifications';

let testDb: TestDatabase;
let db: Database;
let listener: pg.Client;
const heard: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url);
  await migrate(db);
  listener = new pg.Client({ connectionString: testDb.url });
  await listener.connect();
  listener.on('notification', (m) => heard.push(m.payload ?? ''));
  await listener.query(`LISTEN ${NOTIFICATION_CHANNEL}`);
});
afterAll(async () => {
  await listener?.end();
  await db?.close();
  await testDb?.drop();
});

const idRow = z.object({ id: z.string() });
let n = 0;
const user = () => db.pool.oneFirst(sql.type(idRow)`INSERT INTO users (username, email, password_hash) VALUES (${`u${++n}`}, ${`u${n}@x`}, 'h') RETURNING id`);

async function review(authorId: string): Promise<{ reviewId: string; eventId: string }> {
  const workspaceId = await db.pool.oneFirst(sql.type(idRow)`INSERT INTO workspaces (owner_id, name) VALUES (${authorId}, 'w') RETURNING id`);
  const reviewId = await db.pool.oneFirst(sql.type(idRow)`
    INSERT INTO review_requests (workspace_id, author_id, title, priority) VALUES (${workspaceId}, ${authorId}, 'Add the parser', 'low') RETURNING id`);
  const eventId = await db.pool.oneFirst(sql.type(idRow)`
    INSERT INTO review_events (review_id, seq, actor_id, kind, to_status, created_at, hash)
    VALUES (${reviewId}, 1, ${authorId}, 'submitted', 'pending', now(), 'h') RETURNING id`);
  return { reviewId, eventId };
}

const heardSoon = async (count: number) => {
  for (let i = 0; i < 50 && heard.length < count; i++) await new Promise((r) => setTimeout(r, 20));
  return heard.splice(0);
};

describe('insertNotifications', () => {
  it('announces each row it wrote in the same statement, and a retry writes and announces nothing', async () => {
    const [author, reviewer] = [await user(), await user()];
    const { reviewId, eventId } = await review(author);
    const row: NewNotification = { userId: reviewer, kind: 'review_verdict', reviewId, actorId: author, eventId, data: { verdict: 'approved' }, at: 1_700_000_000_123 };
    const inserted = await insertNotifications(db.pool, [row], 1000);
    expect(inserted).toEqual([{ id: expect.stringMatching(/^\d+$/), userId: reviewer }]);
    expect(await heardSoon(1)).toEqual([encodeNotificationNotice({ kind: 'new', userId: reviewer, id: inserted[0]!.id })]);
    expect(await findUserNotification(db.pool, reviewer, inserted[0]!.id)).toMatchObject({
      kind: 'review_verdict', reviewTitle: 'Add the parser', verdict: 'approved', createdAt: 1_700_000_000_123, readAt: null,
    });
    expect(await findUserNotification(db.pool, author, inserted[0]!.id), "not the author's").toBeNull();

    expect(await insertNotifications(db.pool, [row], 1000)).toEqual([]);
    expect(await heardSoon(1)).toEqual([]);
  });

  it('keeps the newest `keep` of each recipient', async () => {
    const [author, reviewer] = [await user(), await user()];
    const { reviewId } = await review(author);
    const one = (i: number): NewNotification => ({ userId: reviewer, kind: 'review_assigned', reviewId, actorId: author, eventId: null, data: {}, at: i });
    for (let i = 0; i < 7; i++) await insertNotifications(db.pool, [one(i)], 5);
    await insertNotifications(db.pool, [one(7), one(8)], 5);
    heard.splice(0);
    const kept = await listNotifications(db.pool, { userId: reviewer, unreadOnly: false, limit: 100 });
    expect(kept.map((r) => r.createdAt)).toEqual([8, 7, 6, 5, 4]);
  });
});

describe('markNotificationsRead', () => {
  it('announces a change once, and nothing when all were read already', async () => {
    const [author, reviewer] = [await user(), await user()];
    const { reviewId } = await review(author);
    const rows = [0, 1, 2].map((i): NewNotification => ({ userId: reviewer, kind: 'review_assigned', reviewId, actorId: author, eventId: null, data: {}, at: i }));
    const ids = await insertNotifications(db.pool, rows, 1000);
    await heardSoon(3);
    expect(await countUnread(db.pool, reviewer)).toBe(3);

    expect(await markNotificationsRead(db.pool, reviewer, ids[0]!.id, 10)).toBe(1);
    expect(await markNotificationsRead(db.pool, author, ids[1]!.id, 10), "another user's: no change").toBe(0);
    expect(await markNotificationsRead(db.pool, reviewer, ids[0]!.id, 10), 'already read').toBe(0);
    expect(await countUnread(db.pool, reviewer)).toBe(2);
    expect(await markNotificationsRead(db.pool, reviewer, null, 11)).toBe(2);
    expect(await markNotificationsRead(db.pool, reviewer, null, 12)).toBe(0);
    expect(await countUnread(db.pool, reviewer)).toBe(0);
    expect(await heardSoon(2)).toEqual([encodeNotificationNotice({ kind: 'read', userId: reviewer }), encodeNotificationNotice({ kind: 'read', userId: reviewer })]);
  });
});
