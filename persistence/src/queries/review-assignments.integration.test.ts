/**
 * `review_assignments` (migration 007) on a real PostgreSQL: the rows its trigger keeps
 * as events are appended are exactly the rows its backfill computes from the events
 * afterwards, over a seeded history of 400 requests with hand-backs, claims, rounds of
 * changes and open requests (the bench's generator); and the directory reads them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHistory } from '../bench/review-history';
import { seedReviewHistory, type Seeded } from '../bench/review-seed';
import { openDatabase, type Database } from '../database';
import { migrate, MIGRATIONS_DIR } from '../migrate';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { listReviewerDirectory } from './reviewer-directory';

let testDb: TestDatabase;
let db: Database;
let seeded: Seeded;
const now = Date.now();
const history = makeHistory({ requests: 400, reviewers: 20, authors: 30, events: 4_000, now, seed: 7 });

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url);
  await migrate(db);
  seeded = await seedReviewHistory(db, history);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

/** The backfill's SELECT, as migration 007 has it. */
function backfill(): string {
  const text = readFileSync(join(MIGRATIONS_DIR, '007_review_indexes.sql'), 'utf8');
  const start = text.indexOf('INSERT INTO review_assignments');
  const statement = text.slice(start, text.indexOf(';', start));
  return statement.slice(statement.indexOf('SELECT'));
}

const COLUMNS = 'review_id, seq, assigned_at, reviewer_id, first_response_at, first_verdict_at, completed_at';

describe('review_assignments', () => {
  it('holds, as the trigger keeps it, what the backfill computes from the events', async () => {
    // Arrays: the backfill's columns share names (created_at).
    const kept = await db.raw.query<unknown[]>({ text: `SELECT ${COLUMNS} FROM review_assignments ORDER BY review_id, seq`, rowMode: 'array' });
    const computed = await db.raw.query<unknown[]>({ text: `SELECT * FROM (${backfill()}) b ORDER BY 1, 2`, rowMode: 'array' });
    expect(kept.rows.length).toBeGreaterThan(400);
    expect(kept.rows.some((r) => r[3] === null), 'some assignments await their first response').toBe(true);
    expect(kept.rows.some((r) => r[5] !== null && r[6] === null), 'some verdicts asked for changes only').toBe(true);
    expect(computed.rows).toEqual(kept.rows);
  });

  it('is what the directory counts: completed reviews are the final verdicts of the last 90 days', async () => {
    const since = now - 90 * 86_400_000;
    const rows = await listReviewerDirectory(db.pool, { limit: 100, since });
    expect(rows).toHaveLength(history.users.filter((u) => u.level >= 1).length);
    const completed = new Map<string, number>();
    for (const request of history.requests) {
      for (const event of request.events) {
        if ((event.kind === 'approved' || event.kind === 'rejected') && event.at >= since) {
          const id = seeded.userIds[event.actor]!;
          completed.set(id, (completed.get(id) ?? 0) + 1);
        }
      }
    }
    for (const row of rows) expect(row.completedReviews, row.username).toBe(completed.get(row.id) ?? 0);
    expect(rows.some((r) => r.medianFirstResponseMs !== null && r.medianVerdictMs !== null)).toBe(true);
  });
});
