/**
 * One document's text or failure never holds back another's (security hardening):
 *
 * - A NUL typed into a document (valid Yjs, valid JavaScript, refused by PostgreSQL
 *   `text`) is kept in the document; its `content` column holds U+FFFD there; its
 *   compaction succeeds; a document of another workspace keeps catching up; the NUL
 *   is still there after a restart, and reaches readers of the file (`GET /files`).
 * - A document whose writes PostgreSQL refuses outright (a trigger, standing in for
 *   any per-row failure) does not stop the shared content flush for the others, is
 *   counted and unloads after a few failed compactions, with its log kept whole.
 *
 * Real y-websocket clients, a real server, real PostgreSQL.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { insertItem, insertSharedWorkspace, type FixtureItem, type SharedWorkspace } from '../testing/sql-fixtures';
import { startTestServer, type TestServer } from '../testing/test-server';
import { client } from '../workspace/test-client';
import { connectProvider, eventually, synced, type ProviderClient } from './sync-test-clients';

let database: TestDatabase;
let server: TestServer;
let mine: SharedWorkspace;
let theirs: SharedWorkspace;
const clients: ProviderClient[] = [];

const start = () => startTestServer({ unloadAfterMs: 100, contentFlushMs: 50, compactEvery: 20 }, database);

beforeAll(async () => {
  database = await createTestDatabase();
  server = await start();
  mine = await insertSharedWorkspace(server.context.db);
  theirs = await insertSharedWorkspace(server.context.db);
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

function open(ws: SharedWorkspace, item: FixtureItem): ProviderClient {
  const c = connectProvider(server.wsUrl, ws.workspaceId, item.id, ws.editor.token);
  clients.push(c);
  return c;
}

async function row(itemId: string): Promise<{ content: string; hasState: boolean; logRows: number }> {
  const { rows } = await server.context.db.raw.query<{ content: string; has_state: boolean; log_rows: number }>(
    `SELECT content, yjs_state IS NOT NULL AS has_state,
       (SELECT count(*)::int FROM document_updates WHERE item_id = $1) AS log_rows
     FROM workspace_items WHERE id = $1`,
    [itemId],
  );
  return { content: rows[0]!.content, hasState: rows[0]!.has_state, logRows: rows[0]!.log_rows };
}

function metric(name: string): number {
  const line = server.context.metrics.render().split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

function errorCount(kind: string): number {
  const line = server.context.metrics.render().split('\n').find((l) => l.startsWith(`tandem_sync_errors_total{kind="${kind}"}`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

const closeAll = () => {
  for (const c of clients.splice(0)) c.destroy();
};

describe('one document never holds back another', () => {
  it('SYNC-9, SYNC-10, SYNC-11: keeps a NUL typed into a document, stores U+FFFD in its content column, and the other documents catch up', async () => {
    const nul = await insertItem(server.context.db, mine.workspaceId, { name: 'nul.txt' });
    const victim = await insertItem(server.context.db, theirs.workspaceId, { name: 'victim.txt' });
    const writer = open(mine, nul);
    const other = open(theirs, victim);
    await Promise.all([synced(writer), synced(other)]);

    writer.text.insert(0, 'before\0after');
    other.text.insert(0, 'victim 1');
    await eventually(async () => (await row(victim.id)).content === 'victim 1', 'the victim content column');
    await eventually(async () => (await row(nul.id)).content === 'before\uFFFDafter', 'the NUL document content column, with U+FFFD');

    // Both keep going, past several compactions (every 20 updates) and content flushes.
    for (let i = 0; i < 50; i++) {
      writer.text.insert(writer.text.length, `\0${i}`);
      other.text.insert(other.text.length, ` ${i}`);
      await new Promise((r) => setTimeout(r, 2));
    }
    const expectedNul = writer.text.toString();
    const expectedVictim = other.text.toString();
    expect(expectedNul.split('\0')).toHaveLength(52);
    await eventually(async () => (await row(victim.id)).content === expectedVictim, 'the victim content column after the burst');
    await eventually(async () => (await row(nul.id)).content === expectedNul.replaceAll('\0', '\uFFFD'), 'the NUL document content column after the burst');

    // Both unload, compacted: state stored, log folded.
    closeAll();
    await eventually(() => server.context.documents.loadedCount() === 0, 'both documents unloaded');
    for (const id of [nul.id, victim.id]) expect(await row(id)).toMatchObject({ hasState: true, logRows: 0 });
    expect(errorCount('compact')).toBe(0);
    expect(metric('tandem_sync_content_write_failures_total')).toBe(0);

    // Readers of the file get the real text, NUL included (the document, not the column).
    const asEditor = client(server.url, mine.editor.token);
    expect((await asEditor('GET', `/api/workspaces/${mine.workspaceId}/files/nul.txt`)).text).toBe(expectedNul);

    // And it survives a restart.
    await server.close();
    server = await start();
    const reader = open(mine, nul);
    await synced(reader);
    await eventually(() => reader.text.toString() === expectedNul, 'the NUL text after a restart');
  });

  it('writes the other documents one by one when one item makes the shared content write fail, and unloads the failing one with its log kept', async () => {
    const poison = await insertItem(server.context.db, mine.workspaceId, { name: 'poison.txt' });
    const victim = await insertItem(server.context.db, theirs.workspaceId, { name: 'victim-2.txt' });
    // Any UPDATE of this one row fails, as a row PostgreSQL cannot store would: both the batched content write and its compaction.
    await server.context.db.raw.query(`
      CREATE FUNCTION tandem_test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '22023'; END $$`);
    await server.context.db.raw.query(
      `CREATE TRIGGER tandem_test_refuse BEFORE UPDATE ON workspace_items FOR EACH ROW WHEN (OLD.id = '${poison.id}') EXECUTE FUNCTION tandem_test_refuse()`,
    );
    try {
      const failuresBefore = metric('tandem_sync_content_write_failures_total');
      const writer = open(mine, poison);
      const other = open(theirs, victim);
      await Promise.all([synced(writer), synced(other)]);
      // Typed together, so their texts share content flushes.
      for (let i = 0; i < 10; i++) {
        writer.text.insert(writer.text.length, `p${i} `);
        other.text.insert(other.text.length, `v${i} `);
        await new Promise((r) => setTimeout(r, 20));
      }
      const expectedPoison = writer.text.toString();
      const expectedVictim = other.text.toString();
      await eventually(async () => (await row(victim.id)).content === expectedVictim, 'the victim content column');
      expect(metric('tandem_sync_content_write_failures_total')).toBeGreaterThan(failuresBefore);
      expect((await row(poison.id)).content).toBe('');

      // Idle: the victim unloads compacted; the poisoned one after a few failed compactions, its log intact.
      const compactErrorsBefore = errorCount('compact');
      closeAll();
      await eventually(() => server.context.documents.loadedCount() === 0, 'both documents unloaded', 10_000);
      expect(await row(victim.id)).toMatchObject({ hasState: true, logRows: 0 });
      expect(errorCount('compact')).toBeGreaterThanOrEqual(compactErrorsBefore + 3);
      expect(errorCount('unload-uncompacted')).toBeGreaterThanOrEqual(1);
      expect((await row(poison.id)).logRows).toBeGreaterThan(0);

      // Everything acknowledged is there: the log is read back whole.
      const reader = open(mine, poison);
      await synced(reader);
      await eventually(() => reader.text.toString() === expectedPoison, 'the refused document read back from its log');
    } finally {
      await server.context.db.raw.query(`DROP TRIGGER IF EXISTS tandem_test_refuse ON workspace_items`);
      await server.context.db.raw.query(`DROP FUNCTION IF EXISTS tandem_test_refuse()`);
    }
  });
});
