import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDatabase, type Database } from './database';
import { migrate } from './migrate';
import { decodeUpdateNotice, encodeUpdateNotices, isNoticeError, UPDATE_CHANNEL, type UpdateNotice } from './notify-payload';
import { PgDocumentStore } from './pg-document-store';
import { UpdateFeed, type FeedGap } from './update-feed';
import { createTestDatabase, type TestDatabase } from './testing/test-database';

let testDb: TestDatabase;
let db: Database;
let workspaceId: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.url);
  await migrate(db);
  const { rows } = await db.raw.query<{ id: string }>(
    `WITH u AS (INSERT INTO users (username, email, password_hash) VALUES ('ada', 'ada@example.com', 'x') RETURNING id)
     INSERT INTO workspaces (owner_id, name) SELECT id, 'ws' FROM u RETURNING id`,
  );
  workspaceId = rows[0]!.id;
});

afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

async function createItems(count: number): Promise<string[]> {
  const { rows } = await db.raw.query<{ id: string }>(
    `INSERT INTO workspace_items (workspace_id, name, type, path)
     SELECT $1, 'f' || n || '-' || gen_random_uuid(), 'file', 'f' || n || '-' || gen_random_uuid() FROM generate_series(1, $2::int) AS n RETURNING id`,
    [workspaceId, count],
  );
  return rows.map((r) => r.id);
}

function until<T>(check: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() > deadline) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

function recorder() {
  const notices: UpdateNotice[] = [];
  const gaps: FeedGap[] = [];
  return { notices, gaps, handlers: { onNotices: (burst: UpdateNotice[]) => notices.push(...burst), onGap: (reason: FeedGap) => gaps.push(reason) } };
}

const announced = (notices: UpdateNotice[], replicaId: string) =>
  notices.filter((n) => n.replicaId === replicaId).flatMap((n) => n.items.flatMap((i) => i.seqs.map((s) => `${i.itemId}:${s}`)));

describe('the notifying INSERT', () => {
  it('announces exactly the committed rows, split below 8,000 bytes, as the reference encoder writes them', async () => {
    const listener = new pg.Client({ connectionString: testDb.url });
    await listener.connect();
    const payloads: string[] = [];
    listener.on('notification', (m) => payloads.push(m.payload!));
    await listener.query(`LISTEN ${UPDATE_CHANNEL}`);
    const store = new PgDocumentStore(db, { groupCommitWindowMs: 50, maxBatchUpdates: 5_000, notify: { replicaId: 'replica-a' } });
    try {
      // Two documents typed into in alternation (no runs), then 150 documents with one update each.
      const [x, y, ...many] = await createItems(152);
      const targets = [...Array.from({ length: 2_000 }, (_, i) => (i % 2 ? x! : y!)), ...many];
      const seqs = await Promise.all(targets.map((itemId, i) => store.append(itemId, Uint8Array.of(i & 0xff))));
      expect(store.stats().batches).toBe(1);
      const committed = targets.map((itemId, i) => ({ itemId, seq: seqs[i]! }));
      const decodedSoFar = () => payloads.map(decodeUpdateNotice).filter((n) => !isNoticeError(n)) as UpdateNotice[];
      await until(() => (announced(decodedSoFar(), 'replica-a').length >= committed.length ? true : undefined), 'every notification');
      expect([...payloads].sort()).toEqual(encodeUpdateNotices('replica-a', committed).sort());
      for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThan(8_000);
      expect(announced(decodedSoFar(), 'replica-a').sort()).toEqual(committed.map((r) => `${r.itemId}:${r.seq}`).sort());
    } finally {
      await store.close();
      await listener.end();
    }
  });
});

describe('UpdateFeed', () => {
  it("delivers another replica's commits, and after its connection is killed reconnects and reports the gap", async () => {
    const [itemId] = await createItems(1);
    const rec = recorder();
    const feed = await UpdateFeed.start({ url: testDb.url, applicationName: 'tandem-feed-test', backoff: { initialMs: 20, maxMs: 100 } }, rec.handlers);
    const store = new PgDocumentStore(db, { groupCommitWindowMs: 2, notify: { replicaId: 'replica-b' } });
    try {
      const first = await store.append(itemId!, Uint8Array.of(1));
      await until(() => (announced(rec.notices, 'replica-b').length === 1 ? true : undefined), 'the first notice');
      expect(announced(rec.notices, 'replica-b')).toEqual([`${itemId}:${first}`]);

      await db.raw.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tandem-feed-test'`);
      await until(() => (rec.gaps.includes('reconnected') ? true : undefined), 'the reconnect');
      expect(feed.listening).toBe(true);

      const second = await store.append(itemId!, Uint8Array.of(2));
      await until(() => (announced(rec.notices, 'replica-b').includes(`${itemId}:${second}`) ? true : undefined), 'a notice after the reconnect');
    } finally {
      await store.close();
      await feed.close();
    }
  });

  it('reports an unreadable notification as a gap instead of guessing', async () => {
    const rec = recorder();
    const feed = await UpdateFeed.start({ url: testDb.url }, rec.handlers);
    try {
      await db.raw.query(`SELECT pg_notify($1, '9;from-the-future')`, [UPDATE_CHANNEL]);
      await until(() => (rec.gaps.length > 0 ? true : undefined), 'the gap');
      expect(rec.gaps).toEqual(['unreadable']);
      expect(rec.notices).toEqual([]);
    } finally {
      await feed.close();
    }
  });
});
