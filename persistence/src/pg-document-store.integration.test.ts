import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { openDatabase, type Database } from './database';
import { migrate } from './migrate';
import { PgDocumentStore } from './pg-document-store';
import { documentStoreContract, type DocumentStoreHarness } from './document-store.contract';
import { createTestDatabase, type TestDatabase } from './testing/test-database';

let testDb: TestDatabase;
let workspaceId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = await openDatabase(testDb.url);
  await migrate(db);
  const { rows } = await db.raw.query<{ id: string }>(
    `WITH u AS (INSERT INTO users (username, email, password_hash) VALUES ('ada', 'ada@example.com', 'x') RETURNING id)
     INSERT INTO workspaces (owner_id, name) SELECT id, 'ws' FROM u RETURNING id`,
  );
  workspaceId = rows[0]!.id;
  await db.close();
});

afterAll(async () => {
  await testDb.drop();
});

async function pgHarness(): Promise<DocumentStoreHarness> {
  let db: Database = await openDatabase(testDb.url);
  const others: Array<{ store: PgDocumentStore; db: Database }> = [];
  const harness: DocumentStoreHarness = {
    store: new PgDocumentStore(db, { groupCommitWindowMs: 2 }),
    async createItem() {
      const name = `${randomUUID()}.py`;
      const { rows } = await db.raw.query<{ id: string }>(
        `INSERT INTO workspace_items (workspace_id, name, type, path) VALUES ($1, $2, 'file', $2) RETURNING id`,
        [workspaceId, name],
      );
      return rows[0]!.id;
    },
    async deleteItem(itemId) {
      await db.raw.query('DELETE FROM workspace_items WHERE id = $1', [itemId]);
    },
    async readContent(itemId) {
      const { rows } = await db.raw.query<{ content: string }>('SELECT content FROM workspace_items WHERE id = $1', [itemId]);
      return rows[0]!.content;
    },
    unstorableItemId: 'not-a-uuid',
    async openAnother() {
      const otherDb = await openDatabase(testDb.url);
      const other = { db: otherDb, store: new PgDocumentStore(otherDb, { groupCommitWindowMs: 2 }) };
      others.push(other);
      return other.store;
    },
    async reopen() {
      await harness.store.close();
      await db.close();
      db = await openDatabase(testDb.url);
      harness.store = new PgDocumentStore(db, { groupCommitWindowMs: 2 });
      return harness.store;
    },
    async dispose() {
      for (const other of others) await other.store.close().then(() => other.db.close());
      await harness.store.close();
      await db.close();
    },
  };
  return harness;
}

documentStoreContract('PostgreSQL', pgHarness);

describe('PgDocumentStore specifics', () => {
  it('commits a burst of appends in few batches, not one round trip each', async () => {
    const h = await pgHarness();
    const itemId = await h.createItem();
    await Promise.all(Array.from({ length: 500 }, (_, i) => h.store.append(itemId, Uint8Array.of(i & 0xff))));
    expect(h.store.stats().batches).toBeLessThanOrEqual(2);
    expect((await h.store.load(itemId)).updates).toHaveLength(500);
    await h.dispose();
  });

  it('splits a batch at the byte cap and stores a 16 MiB update whole', async () => {
    const db = await openDatabase(testDb.url);
    const store = new PgDocumentStore(db, { maxBatchBytes: 1024 * 1024 });
    const h = await pgHarness();
    const itemId = await h.createItem();
    const big = randomBytes(16 * 1024 * 1024);
    const seqs = await Promise.all([store.append(itemId, Uint8Array.of(1)), store.append(itemId, big), store.append(itemId, Uint8Array.of(2))]);
    expect(store.stats().batches).toBe(3);
    const loaded = await store.load(itemId);
    expect(loaded.updates.map((u) => u.byteLength)).toEqual([1, big.byteLength, 1]);
    expect(Buffer.compare(loaded.updates[1]!, big)).toBe(0);
    expect(loaded.lastSeq).toBe(seqs[2]);
    await store.close();
    await db.close();
    await h.dispose();
  });

  it('maps seqs to updates when another writer interleaved with the batch', async () => {
    // Stand-in for a concurrent writer: seqs of one batch are no longer contiguous.
    const h = await pgHarness();
    const admin = await openDatabase(testDb.url);
    await admin.raw.query('ALTER SEQUENCE document_updates_seq_seq INCREMENT BY 3');
    try {
      const itemId = await h.createItem();
      const seqs = await Promise.all([7, 8, 9].map((n) => h.store.append(itemId, Uint8Array.of(n))));
      expect(seqs[1]! - seqs[0]!).toBe(3n);
      const { rows } = await admin.raw.query('SELECT seq::text, "update" FROM document_updates WHERE item_id = $1 ORDER BY seq', [itemId]);
      expect(rows.map((r) => [BigInt(r.seq), r.update[0]])).toEqual([[seqs[0], 7], [seqs[1], 8], [seqs[2], 9]]);
    } finally {
      await admin.raw.query('ALTER SEQUENCE document_updates_seq_seq INCREMENT BY 1');
      await admin.close();
      await h.dispose();
    }
  });

  it('deleting an item removes its log', async () => {
    const h = await pgHarness();
    const itemId = await h.createItem();
    await h.store.append(itemId, Uint8Array.of(1));
    await h.deleteItem(itemId);
    const db = await openDatabase(testDb.url);
    const { rows } = await db.raw.query('SELECT 1 FROM document_updates WHERE item_id = $1', [itemId]);
    expect(rows).toHaveLength(0);
    await db.close();
    await h.dispose();
  });
});
