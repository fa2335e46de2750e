/**
 * Chaos: the server is SIGKILLed in the middle of writing, once during a compaction
 * (its transaction has locked the item and is deleting the folded log rows) and once
 * during a group-commit flush (its INSERT is under way). Loading the document
 * afterwards gives exactly the acknowledged state: the compaction is wholly undone
 * (the log still holds every update), and the flush committed nothing it did not ack.
 *
 * To catch the server mid-write, the test holds a row lock the statement needs and
 * waits until PostgreSQL shows the server's session waiting for it. PostgreSQL notices
 * that a client died only when it next talks to it, so a statement waiting on a lock
 * would run on once the lock is released (an INSERT would even commit: harmless,
 * nothing unacknowledged was promised, but not "exactly" what was acknowledged). So the
 * dead server's sessions are ended before the lock is released, as they end when the
 * server's host goes away with it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { connectProvider, eventually, synced } from '../sync/sync-test-clients';
import { insertItem, insertSharedWorkspace, type FixtureItem, type SharedWorkspace } from '../testing/sql-fixtures';
import { NumberedEditor } from './numbered-editor';
import { killServer, startServerProcess, type ServerProcess } from './server-process';
import { storedDocument } from './stored-document';
import { removeDataDir } from '@tandem/executor/testing';

const TEST_APP = 'tandem-chaos-test';

let database: TestDatabase;
let dir: string;
let server: ServerProcess | undefined;
let pool: pg.Pool;
let ws: SharedWorkspace;
let flushFile: FixtureItem;

const start = () =>
  startServerProcess({
    DATABASE_URL: database.url,
    TANDEM_DATA_DIR: dir,
    TANDEM_COMPACT_EVERY: '100',
    TANDEM_REPLICA_FANOUT: 'off',
  });

beforeAll(async () => {
  database = await createTestDatabase();
  dir = await mkdtemp(join(tmpdir(), 'tandem-chaos-kill-'));
  server = await start(); // applies the migrations
  pool = new pg.Pool({ connectionString: database.url, max: 2, application_name: TEST_APP });
  pool.on('error', () => {});
  ws = await insertSharedWorkspace({ raw: pool });
  flushFile = await insertItem({ raw: pool }, ws.workspaceId, { name: 'flush.py' });
});

afterAll(async () => {
  if (server) await killServer(server);
  await pool?.end();
  await database?.drop();
  if (dir) await removeDataDir(dir);
});

/** A session of the test's own that holds a row lock until released. */
async function holdLock(sql: string, params: unknown[]): Promise<{ pid: number; release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: database.url, application_name: TEST_APP });
  await client.connect();
  await client.query('BEGIN');
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await client.query(sql, params);
  return {
    pid: rows[0]!.pid,
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** The statements of other sessions waiting for the lock `pid` holds. */
async function waitingOn(pid: number): Promise<string[]> {
  const { rows } = await pool.query<{ query: string }>('SELECT query FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))', [pid]);
  return rows.map((r) => r.query);
}

/** SIGKILL the server, end what its sessions were doing, then let go of the lock. */
async function killMidWrite(lock: { release(): Promise<void> }): Promise<void> {
  await killServer(server!);
  server = undefined;
  await pool.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> $1 AND backend_type = 'client backend'`,
    [TEST_APP],
  );
  await eventually(
    async () => {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name <> $1 AND backend_type = 'client backend'`,
        [TEST_APP],
      );
      return rows[0]!.n === 0;
    },
    "the dead server's sessions gone",
    15_000,
  );
  await lock.release();
}

const numbered = (count: number) => Array.from({ length: count }, (_, i) => `<${i}>`).join('');

describe('the server SIGKILLed mid-write', () => {
  it('during a compaction: loading gives exactly the acknowledged state, the log intact', async () => {
    const editor = await NumberedEditor.open(server!.wsUrl, ws.workspaceId, ws.file.id, ws.editor.token);
    editor.type(60);
    await eventually(() => editor.acked() === 60, '60 acknowledged', 15_000);

    // The compaction (at TANDEM_COMPACT_EVERY = 100) will want to delete this row, and wait.
    const lock = await holdLock('SELECT seq FROM document_updates WHERE item_id = $1 ORDER BY seq LIMIT 1 FOR UPDATE', [ws.file.id]);
    editor.type(40);
    await eventually(() => editor.acked() === 100, '100 acknowledged', 15_000);
    await eventually(async () => (await waitingOn(lock.pid)).some((q) => /DELETE FROM document_updates/.test(q)), 'the compaction waiting mid-transaction', 15_000);
    await killMidWrite(lock);

    const stored = await storedDocument(database.url, ws.file.id);
    expect(stored.text).toBe(numbered(100));
    expect(stored.compacted).toBe(false);
    expect(stored.logRows).toBe(100);

    // A new server loads it the same, and its clients see exactly that.
    server = await start();
    const reader = connectProvider(server.wsUrl, ws.workspaceId, ws.file.id, ws.owner.token);
    try {
      await synced(reader);
      expect(reader.text.toString()).toBe(numbered(100));
    } finally {
      reader.destroy();
    }
  }, 120_000);

  it('ACK-1: during a group-commit flush: loading gives exactly the acknowledged updates, none of the batch in flight', async () => {
    server ??= await start();
    const editor = await NumberedEditor.open(server.wsUrl, ws.workspaceId, flushFile.id, ws.editor.token);
    editor.type(40);
    await eventually(() => editor.acked() === 40, '40 acknowledged', 15_000);

    // The INSERT's foreign-key check needs a share lock on the item row: it waits.
    const lock = await holdLock('SELECT 1 FROM workspace_items WHERE id = $1 FOR UPDATE', [flushFile.id]);
    editor.type(30);
    await eventually(async () => (await waitingOn(lock.pid)).some((q) => /INSERT INTO document_updates/.test(q)), 'the flush waiting on its INSERT', 15_000);
    expect(editor.acked()).toBe(40);
    await killMidWrite(lock);

    const stored = await storedDocument(database.url, flushFile.id);
    expect(stored.text).toBe(numbered(40));
    expect(stored.logRows).toBe(40);
  }, 120_000);
});
