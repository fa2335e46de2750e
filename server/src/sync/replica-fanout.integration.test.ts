/**
 * Two real server processes' worth of Tandem (two `startServer`s) on ONE database,
 * as replicas behind an ingress, with a stock y-websocket client on each.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, PgDocumentStore } from '@tandem/persistence';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { startTestServer, type TestServer } from '../testing/test-server';
import { insertItem, insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';
import { connectProvider, eventually, synced, type ProviderClient } from './sync-test-clients';

let database: TestDatabase;
let one: TestServer;
let two: TestServer;
let ws: SharedWorkspace;
const clients: ProviderClient[] = [];

// Compaction every few updates, so both replicas compact the same document while the other appends.
const start = () => startTestServer({ unloadAfterMs: 100, contentFlushMs: 50, compactEvery: 4 }, database);

beforeAll(async () => {
  database = await createTestDatabase();
  one = await start();
  two = await start();
  ws = await insertSharedWorkspace(one.context.db);
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await one?.stop();
  await two?.stop();
  await database?.drop();
});

function client(server: TestServer, itemId: string, token = ws.editor.token): ProviderClient {
  const c = connectProvider(server.wsUrl, ws.workspaceId, itemId, token);
  clients.push(c);
  return c;
}

const newFile = (name: string) => insertItem(one.context.db, ws.workspaceId, { name });

/** What a fresh load of the document from PostgreSQL holds. */
async function storedText(itemId: string): Promise<string> {
  const db = await openDatabase(database.url);
  const store = new PgDocumentStore(db);
  try {
    const loaded = await store.load(itemId);
    const doc = new Y.Doc();
    if (loaded.state) Y.applyUpdate(doc, loaded.state);
    for (const update of loaded.updates) Y.applyUpdate(doc, update);
    return doc.getText('content').toString();
  } finally {
    await store.close();
    await db.close();
  }
}

async function metric(server: TestServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

const words = (who: string, n: number) => Array.from({ length: n }, (_, i) => `${who}${i} `);

describe('replicas on one PostgreSQL', () => {
  it('clients of the same file on two replicas see each other type live', async () => {
    const file = await newFile('live.py');
    const a = client(one, file.id);
    const b = client(two, file.id, ws.owner.token);
    await Promise.all([synced(a), synced(b)]);

    a.text.insert(0, 'from one\n');
    await eventually(() => b.text.toString() === 'from one\n', 'the edit on replica one reaching a client of replica two');
    b.text.insert(b.text.length, 'from two\n');
    await eventually(() => a.text.toString() === 'from one\nfrom two\n', 'the edit on replica two reaching a client of replica one');

    for (const w of words('a', 20)) a.text.insert(a.text.length, w);
    for (const w of words('b', 20)) b.text.insert(0, w);
    await eventually(() => a.text.toString() === b.text.toString() && a.text.length === b.text.length && a.text.toString().includes('a19 ') && a.text.toString().includes('b19 '), 'convergence');
    // Live: neither client had to reconnect to get there.
    expect([...a.closeCodes, ...b.closeCodes]).toEqual([]);
  });

  it("shows each replica's clients the others' cursors and names, and takes them away when a connection drops", async () => {
    const file = await newFile('presence.py');
    const ann = client(one, file.id);
    const bob = client(two, file.id, ws.owner.token);
    await Promise.all([synced(ann), synced(bob)]);
    ann.provider.awareness.setLocalStateField('user', { name: 'ann', color: '#f0a' });
    bob.provider.awareness.setLocalStateField('user', { name: 'bob', color: '#0af' });
    const names = (c: ProviderClient) => [...c.provider.awareness.getStates().values()].map((s) => (s.user as { name?: string } | undefined)?.name).sort();
    await eventually(() => names(bob).join() === 'ann,bob', 'bob, on the other replica, sees ann');
    await eventually(() => names(ann).join() === 'ann,bob', 'ann sees bob');
    // A dropped connection says no goodbye: the replica that held it announces the departure.
    ann.provider.shouldConnect = false;
    (ann.provider.ws as unknown as { terminate(): void }).terminate();
    await eventually(() => names(bob).join() === 'bob', 'ann is gone for bob too');
  });

  it('both replicas compacting the same document lose nothing: a later load has every edit', async () => {
    const file = await newFile('compact.py');
    const a = client(one, file.id);
    const b = client(two, file.id, ws.owner.token);
    await Promise.all([synced(a), synced(b)]);
    // Interleaved typing on both replicas; with compactEvery = 4 each compacts ~15 times.
    for (let i = 0; i < 60; i++) {
      a.text.insert(a.text.length, `a${i} `);
      b.text.insert(0, `b${i} `);
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 20));
    }
    await eventually(() => a.text.toString() === b.text.toString() && a.text.toString().includes('a59 ') && a.text.toString().includes('b59 '), 'convergence');
    const expected = a.text.toString();
    expect(await metric(one, 'tandem_sync_compactions_total')).toBeGreaterThan(0);
    expect(await metric(two, 'tandem_sync_compactions_total')).toBeGreaterThan(0);

    for (const c of clients.splice(0)) c.destroy();
    // Both stop (each compacts what it holds on the way out); a third load sees everything.
    await one.close();
    await two.close();
    const text = await storedText(file.id);
    for (let i = 0; i < 60; i++) {
      expect(text).toContain(`a${i} `);
      expect(text).toContain(`b${i} `);
    }
    expect(text).toBe(expected);
    one = await start();
    two = await start();
  });

  it('after its LISTEN connection is killed, a replica catches up on what it missed', async () => {
    const file = await newFile('reconnect.py');
    const a = client(one, file.id);
    const b = client(two, file.id, ws.owner.token);
    await Promise.all([synced(a), synced(b)]);
    a.text.insert(0, 'before. ');
    await eventually(() => b.text.toString() === 'before. ', 'the first edit');

    const catchUpsBefore = await metric(two, 'tandem_replica_catch_ups_total');
    const { rows } = await one.context.db.raw.query(
      'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1',
      [`tandem-feed-${two.context.config.replicaId}`],
    );
    expect(rows).toHaveLength(1);
    // Typed while replica two is not listening (it waits at least 125 ms before reconnecting).
    for (const w of words('while-down', 5)) a.text.insert(a.text.length, w);
    await eventually(() => b.text.toString() === a.text.toString() && b.text.toString().includes('while-down4 '), 'catch-up after the reconnect');
    await eventually(async () => (await metric(two, 'tandem_replica_catch_ups_total')) > catchUpsBefore, 'the catch-up being counted');
    expect(await metric(two, 'tandem_replica_feed_listening')).toBe(1);

    b.text.insert(0, 'after. ');
    await eventually(() => a.text.toString().startsWith('after. before. '), 'fan-out working again the other way');
    expect([...a.closeCodes, ...b.closeCodes]).toEqual([]);
  });
});
