import { sql } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database';
import { createTestDatabase, type TestDatabase } from './testing/test-database';
import { inTransaction } from './transaction';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url);
  await db.pool.query(sql.unsafe`CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)`);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const bodies = () => db.pool.anyFirst(sql.type(z.object({ body: z.string() }))`SELECT body FROM notes ORDER BY id`);

describe('inTransaction', () => {
  it('commits what the handler wrote when it resolves, and returns its result', async () => {
    const result = await inTransaction(db.pool, async (tx) => {
      await tx.query(sql.unsafe`INSERT INTO notes VALUES (1, 'kept')`);
      await tx.query(sql.unsafe`INSERT INTO notes VALUES (2, 'also kept')`);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await bodies()).toEqual(['kept', 'also kept']);
  });

  it('rolls everything back and rethrows when the handler throws, and the pool keeps working', async () => {
    const failure = inTransaction(db.pool, async (tx) => {
      await tx.query(sql.unsafe`INSERT INTO notes VALUES (3, 'lost')`);
      await tx.query(sql.unsafe`INSERT INTO notes VALUES (1, 'duplicate key')`);
    });
    await expect(failure).rejects.toThrow();
    const thrown = inTransaction(db.pool, async (tx) => {
      await tx.query(sql.unsafe`INSERT INTO notes VALUES (4, 'lost too')`);
      throw new Error('changed my mind');
    });
    await expect(thrown).rejects.toThrow('changed my mind');
    expect(await bodies()).toEqual(['kept', 'also kept']);
    // Ten more than the pool has connections: none was returned mid-transaction.
    await Promise.all(Array.from({ length: 20 }, (_, i) => inTransaction(db.pool, (tx) => tx.query(sql.unsafe`SELECT ${i}::int`))));
  });
});
