/** The attempt counters on a real PostgreSQL: counting, windows, refunds, pruning, concurrency. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'slonik';
import { openDatabase, type Database } from '../database';
import { migrate } from '../migrate';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { countAttempts, pruneAttempts, refundAttempts } from './auth-attempts';

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

const MINUTE = 60_000;
const attemptsOf = (key: string) => db.pool.maybeOneFirst(sql.unsafe`SELECT attempts FROM auth_attempts WHERE key = ${key}`);
/** Moves a key's window into the past, as if its time had run out. */
const expire = (key: string) => db.pool.query(sql.unsafe`UPDATE auth_attempts SET window_ends_at = now() - interval '1 second' WHERE key = ${key}`);

describe('countAttempts', () => {
  it('counts every key of an attempt in one statement and says how long each window has left', async () => {
    const first = await countAttempts(db.pool, [{ key: 'u:ada', windowMs: 15 * MINUTE }, { key: 'a:1.2.3.4', windowMs: MINUTE }]);
    expect(first.map((r) => [r.key, r.attempts]).sort()).toEqual([['a:1.2.3.4', 1], ['u:ada', 1]]);
    const byKey = Object.fromEntries(first.map((r) => [r.key, r.retryAfterMs]));
    expect(byKey['u:ada']).toBeGreaterThan(14 * MINUTE);
    expect(byKey['u:ada']).toBeLessThanOrEqual(15 * MINUTE);
    expect(byKey['a:1.2.3.4']).toBeLessThanOrEqual(MINUTE);
    const second = await countAttempts(db.pool, [{ key: 'u:ada', windowMs: 15 * MINUTE }]);
    expect(second).toEqual([{ key: 'u:ada', attempts: 2, retryAfterMs: expect.any(Number) }]);
  });

  it('starts a new window in place once the old one has ended', async () => {
    await countAttempts(db.pool, [{ key: 'u:grace', windowMs: MINUTE }]);
    await countAttempts(db.pool, [{ key: 'u:grace', windowMs: MINUTE }]);
    await expire('u:grace');
    const [row] = await countAttempts(db.pool, [{ key: 'u:grace', windowMs: MINUTE }]);
    expect(row).toMatchObject({ attempts: 1 });
    expect(row!.retryAfterMs).toBeGreaterThan(MINUTE - 5_000);
  });

  it('gives concurrent attempts distinct counts (no two see the same number)', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, () => countAttempts(db.pool, [{ key: 'u:race', windowMs: MINUTE }, { key: 'a:race', windowMs: MINUTE }])),
    );
    const counts = results.map((rows) => rows.find((r) => r.key === 'u:race')!.attempts).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

describe('refundAttempts', () => {
  it('takes back one attempt of a running window, never below zero, never of an ended one', async () => {
    await countAttempts(db.pool, [{ key: 'u:linus', windowMs: MINUTE }]);
    await countAttempts(db.pool, [{ key: 'u:linus', windowMs: MINUTE }]);
    await refundAttempts(db.pool, ['u:linus', 'u:nobody']);
    expect(await attemptsOf('u:linus')).toBe(1);
    await refundAttempts(db.pool, ['u:linus']);
    await refundAttempts(db.pool, ['u:linus']);
    expect(await attemptsOf('u:linus')).toBe(0);
    await countAttempts(db.pool, [{ key: 'u:linus', windowMs: MINUTE }]);
    await expire('u:linus');
    await refundAttempts(db.pool, ['u:linus']);
    expect(await attemptsOf('u:linus')).toBe(1);
  });
});

describe('pruneAttempts', () => {
  it('deletes the rows of ended windows only', async () => {
    await countAttempts(db.pool, [{ key: 'u:old', windowMs: MINUTE }, { key: 'u:live', windowMs: MINUTE }]);
    await expire('u:old');
    expect(await pruneAttempts(db.pool)).toBeGreaterThanOrEqual(1);
    expect(await attemptsOf('u:old')).toBeNull();
    expect(await attemptsOf('u:live')).toBe(1);
  });
});
