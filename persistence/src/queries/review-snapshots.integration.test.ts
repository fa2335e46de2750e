/**
 * Review snapshots on a real PostgreSQL: one copy per distinct state; the copies nobody
 * refers to any more go with the last snapshot that did (the trigger of migration 005);
 * and a snapshot being written while the last other reference to its state is deleted
 * keeps that state (the upsert's lock makes the collection skip it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'slonik';
import { openDatabase, type Database } from '../database';
import { migrate } from '../migrate';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { inTransaction } from '../transaction';
import { findSnapshotEvent, insertSnapshot, listSnapshotFiles, loadSnapshotStates } from './review-snapshots';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url);
  await migrate(db);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

let n = 0;
/** A review with one event of each kind given, in order; answers their ids. */
async function review(kinds: readonly string[]): Promise<{ reviewId: string; events: string[] }> {
  n++;
  const { rows: [user] } = await db.raw.query(`INSERT INTO users (username, email, password_hash) VALUES ($1, $2, 'h') RETURNING id`, [`snap${n}`, `snap${n}@x`]);
  const { rows: [ws] } = await db.raw.query(`INSERT INTO workspaces (owner_id, name) VALUES ($1, 'w') RETURNING id`, [user.id]);
  const { rows: [r] } = await db.raw.query(`INSERT INTO review_requests (workspace_id, author_id, title, priority) VALUES ($1, $2, 't', 'low') RETURNING id`, [ws.id, user.id]);
  const events: string[] = [];
  for (const [i, kind] of kinds.entries()) {
    const { rows: [e] } = await db.raw.query(
      `INSERT INTO review_events (review_id, seq, actor_id, kind, to_status, created_at, hash) VALUES ($1, $2, $3, $4, 'pending', now(), 'h') RETURNING id`,
      [r.id, i + 1, user.id, kind],
    );
    events.push(e.id);
  }
  return { reviewId: r.id, events };
}

const file = (itemId: string, path: string, state: string) => ({ itemId, path, state: Buffer.from(state), yjsSnapshot: Buffer.from(`v:${state}`) });
const ITEM_A = '00000000-0000-4000-8000-00000000000a';
const ITEM_B = '00000000-0000-4000-8000-00000000000b';
const blobCount = async (state: string) => Number((await db.raw.query(`SELECT count(*) FROM review_blobs WHERE state = $1`, [Buffer.from(state)])).rows[0].count);

describe('review snapshots', () => {
  it('stores each distinct state once and reads a snapshot back by path', async () => {
    const { reviewId, events } = await review(['submitted', 'started', 'approved']);
    await insertSnapshot(db.pool, events[0]!, [file(ITEM_B, 'b.py', 'same-1'), file(ITEM_A, 'a.py', 'same-1')]);
    await insertSnapshot(db.pool, events[2]!, [file(ITEM_A, 'a.py', 'same-1'), file(ITEM_B, 'src/b.py', 'other-1')]);
    expect(await blobCount('same-1')).toBe(1);
    const rows = await listSnapshotFiles(db.pool, events[2]!);
    expect(rows.map((r) => [r.itemId, r.path, r.yjsSnapshot.toString()])).toEqual([[ITEM_A, 'a.py', 'v:same-1'], [ITEM_B, 'src/b.py', 'v:other-1']]);
    const states = await loadSnapshotStates(db.pool, rows.map((r) => r.blobHash));
    expect(rows.map((r) => Buffer.from(states.get(r.blobHash.toString('hex'))!).toString())).toEqual(['same-1', 'other-1']);

    expect((await findSnapshotEvent(db.pool, reviewId, 'submission'))?.id).toBe(events[0]);
    expect((await findSnapshotEvent(db.pool, reviewId, 'last-verdict'))?.id).toBe(events[2]);
    expect(await findSnapshotEvent(db.pool, reviewId, { eventId: events[1]! }), 'no snapshot').toBeNull();
    const other = await review(['submitted']);
    await insertSnapshot(db.pool, other.events[0]!, []);
    expect((await findSnapshotEvent(db.pool, other.reviewId, 'last-verdict'))?.id, 'no verdict: the submission, with no files').toBe(other.events[0]);
    expect(await findSnapshotEvent(db.pool, reviewId, { eventId: other.events[0]! }), "another review's").toBeNull();
  });

  it('deletes a state with the last snapshot that refers to it', async () => {
    const one = await review(['submitted']);
    const two = await review(['submitted']);
    await insertSnapshot(db.pool, one.events[0]!, [file(ITEM_A, 'a.py', 'shared-2'), file(ITEM_B, 'b.py', 'own-2')]);
    await insertSnapshot(db.pool, two.events[0]!, [file(ITEM_A, 'a.py', 'shared-2')]);
    await db.pool.query(sql.unsafe`DELETE FROM review_requests WHERE id = ${one.reviewId}`);
    expect([await blobCount('shared-2'), await blobCount('own-2')]).toEqual([1, 0]);
    await db.pool.query(sql.unsafe`DELETE FROM review_requests WHERE id = ${two.reviewId}`);
    expect(await blobCount('shared-2')).toBe(0);
  });

  it('keeps a state that a snapshot still being written refers to, when the last other reference goes', async () => {
    const old = await review(['submitted']);
    const fresh = await review(['submitted']);
    await insertSnapshot(db.pool, old.events[0]!, [file(ITEM_A, 'a.py', 'raced-3')]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let written!: () => void;
    const inserted = new Promise<void>((resolve) => (written = resolve));
    const writer = inTransaction(db.pool, async (tx) => {
      await insertSnapshot(tx, fresh.events[0]!, [file(ITEM_A, 'a.py', 'raced-3')]);
      written();
      await held; // not committed yet while the other reference is deleted
    });
    await inserted;
    await db.pool.query(sql.unsafe`DELETE FROM review_requests WHERE id = ${old.reviewId}`);
    release();
    await writer;
    expect(await blobCount('raced-3')).toBe(1);
    const [row] = await listSnapshotFiles(db.pool, fresh.events[0]!);
    expect((await loadSnapshotStates(db.pool, [row!.blobHash])).size).toBe(1);
  });
});
