/**
 * The thread and draft queries on a real PostgreSQL (migration 008): a file's deletion
 * leaves its threads (no cascade from the item), a review's deletion only unlinks them,
 * anchors come back as the bytes stored, a deleted comment keeps its place with its text
 * cleared, the NOTIFY of a change is delivered only if it commits, and drafts are keyed by
 * their user.
 */
import pg from 'pg';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../database';
import { migrate } from '../migrate';
import { THREAD_CHANNEL } from '../thread-notice';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { inTransaction } from '../transaction';
import { deleteDraft, listDrafts, upsertDraft } from './comment-drafts';
import { insertComment, listComments, markCommentDeleted } from './thread-comments';
import { findThread, insertThread, listThreads, notifyChannel } from './threads';

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
  await listener.query(`LISTEN ${THREAD_CHANNEL}`);
});
afterAll(async () => {
  await listener?.end();
  await db?.close();
  await testDb?.drop();
});

const idRow = z.object({ id: z.string() });
let n = 0;
const user = () => db.pool.oneFirst(sql.type(idRow)`INSERT INTO users (username, email, password_hash) VALUES (${`t${++n}`}, ${`t${n}@x`}, 'h') RETURNING id`);
const workspace = (ownerId: string) => db.pool.oneFirst(sql.type(idRow)`INSERT INTO workspaces (owner_id, name) VALUES (${ownerId}, 'w') RETURNING id`);
const file = (workspaceId: string) =>
  db.pool.oneFirst(sql.type(idRow)`INSERT INTO workspace_items (workspace_id, name, type, path, content) VALUES (${workspaceId}, 'a.py', 'file', 'a.py', '') RETURNING id`);

const anchor = { start: new Uint8Array([1, 2, 3]), end: new Uint8Array([4, 5]), quote: 'q', prefix: 'p', suffix: 's', startLine: 2, startColumn: 1, endLine: 2, endColumn: 2 };

describe('threads', () => {
  it("outlive their file (shown at the stored path) and their review (unlinked); anchors come back as stored", async () => {
    const author = await user();
    const ws = await workspace(author);
    const item = await file(ws);
    const review = await db.pool.oneFirst(sql.type(idRow)`INSERT INTO review_requests (workspace_id, author_id, title, priority) VALUES (${ws}, ${author}, 't', 'low') RETURNING id`);
    const id = await insertThread(db.pool, { workspaceId: ws, itemId: item, path: 'a.py', reviewId: review, authorId: author, anchor, at: 1_000 });
    expect(await findThread(db.pool, ws, id)).toMatchObject({ itemExists: true, reviewId: review, anchorStart: Buffer.from(anchor.start), anchorEnd: Buffer.from(anchor.end), quote: 'q', startLine: 2, createdAt: 1_000 });
    await db.pool.query(sql.unsafe`UPDATE workspace_items SET path = 'b.py', name = 'b.py' WHERE id = ${item}`);
    expect((await findThread(db.pool, ws, id))?.path).toBe('b.py');
    await db.pool.query(sql.unsafe`DELETE FROM workspace_items WHERE id = ${item}`);
    await db.pool.query(sql.unsafe`DELETE FROM review_requests WHERE id = ${review}`);
    expect(await findThread(db.pool, ws, id)).toMatchObject({ itemExists: false, path: 'a.py', reviewId: null, quote: 'q' });
    expect(await listThreads(db.pool, { workspaceId: ws, limit: 10 })).toHaveLength(1);
  });

  it('keep a deleted comment in its place, its text cleared; refuse a deleted comment with text', async () => {
    const author = await user();
    const ws = await workspace(author);
    const id = await insertThread(db.pool, { workspaceId: ws, itemId: await file(ws), path: 'a.py', reviewId: null, authorId: author, anchor: null, at: 1 });
    const first = await insertComment(db.pool, { threadId: id, authorId: author, body: 'one', suggestion: 'x', at: 1 });
    await insertComment(db.pool, { threadId: id, authorId: author, body: 'two', suggestion: null, at: 2 });
    await markCommentDeleted(db.pool, first, 3);
    expect((await listComments(db.pool, [id])).map((c) => [c.body, c.suggestion, c.deletedAt])).toEqual([['', null, 3], ['two', null, null]]);
    await expect(db.pool.query(sql.unsafe`UPDATE thread_comments SET body = 'back' WHERE id = ${first}`)).rejects.toThrow();
  });

  it('announce a change only when its transaction commits', async () => {
    heard.length = 0;
    await inTransaction(db.pool, (tx) => notifyChannel(tx, THREAD_CHANNEL, 'committed')).catch(() => {});
    await inTransaction(db.pool, async (tx) => {
      await notifyChannel(tx, THREAD_CHANNEL, 'rolled back');
      throw new Error('no');
    }).catch(() => {});
    await new Promise((r) => setTimeout(r, 100));
    expect(heard).toEqual(['committed']);
  });
});

describe('drafts', () => {
  it("are their user's alone, replaced by key, limited per user", async () => {
    const [a, b] = [await user(), await user()];
    const ws = await workspace(a);
    const save = (userId: string, key: string, body: string, limit = 2) =>
      inTransaction(db.pool, (tx) => upsertDraft(tx, { userId, workspaceId: ws, key, itemId: null, threadId: null, range: { line: 3 }, body, suggestion: null, at: 5 }, limit));
    expect(await save(a, 'k1', 'v1')).toMatchObject({ kind: 'saved', created: true, draft: { key: 'k1', range: { line: 3 }, body: 'v1', updatedAt: 5 } });
    expect(await save(a, 'k1', 'v2')).toMatchObject({ kind: 'saved', created: false, draft: { body: 'v2' } });
    await save(a, 'k2', 'v');
    expect(await save(a, 'k3', 'v')).toEqual({ kind: 'limit' });
    expect(await save(b, 'k1', 'b')).toMatchObject({ kind: 'saved', created: true });
    expect((await listDrafts(db.pool, a, ws)).map((d) => [d.key, d.body])).toEqual([['k1', 'v2'], ['k2', 'v']]);
    expect((await listDrafts(db.pool, b, ws)).map((d) => d.body)).toEqual(['b']);
    expect(await deleteDraft(db.pool, b, ws, 'k2')).toBe(false);
    expect(await deleteDraft(db.pool, a, ws, 'k2')).toBe(true);
  });
});
