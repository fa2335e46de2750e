/**
 * Chaos: every round trip to PostgreSQL takes 200 ms longer (a TCP proxy in front of
 * it). Acks come late, and nothing is lost; relaying to the other editors does not
 * wait for the database; the group commit's queue stays near "what arrives in one
 * round trip" instead of growing; and past TANDEM_MAX_UNSAVED_BYTES the sender is
 * closed with 4504, keeps its edits, and has them saved when it reconnects.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '@tandem/persistence';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { CloseCode } from '@tandem/protocol';
import { connectRaw, eventually, rawStep1, syncUrl } from '../sync/sync-test-clients';
import { insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';
import { startDelayProxy, type DelayProxy } from './delay-proxy';
import { NumberedEditor } from './numbered-editor';
import { killServer, metric, startServerProcess, type ServerProcess } from './server-process';
import { missing, storedDocument, tokens } from './stored-document';
import { removeDataDir } from '@tandem/executor/testing';

const DELAY_MS = 200;
const UNSAVED_LIMIT = 64 * 1024;

let database: TestDatabase;
let direct: Database;
let proxy: DelayProxy;
let dir: string;
let server: ServerProcess;
let ws: SharedWorkspace;

beforeAll(async () => {
  database = await createTestDatabase();
  // Schema and fixtures straight to PostgreSQL: only the server goes through the proxy.
  direct = await openDatabase(database.url);
  await migrate(direct);
  ws = await insertSharedWorkspace(direct);
  const target = new URL(database.url);
  proxy = await startDelayProxy({ host: target.hostname, port: Number(target.port) }, DELAY_MS);
  const slow = new URL(database.url);
  slow.port = String(proxy.port);
  dir = await mkdtemp(join(tmpdir(), 'tandem-chaos-slow-'));
  server = await startServerProcess({
    DATABASE_URL: slow.toString(),
    TANDEM_DATA_DIR: dir,
    TANDEM_REPLICA_FANOUT: 'off',
    TANDEM_MAX_UNSAVED_BYTES: String(UNSAVED_LIMIT),
  });
});

afterAll(async () => {
  if (server) await killServer(server);
  await proxy?.close();
  await direct?.close();
  await database?.drop();
  if (dir) await removeDataDir(dir);
});

/** A second editor that only watches: when each token reached it. */
async function watcher() {
  const doc = new Y.Doc();
  const raw = connectRaw(syncUrl(server.wsUrl, ws.workspaceId, ws.file.id, { token: ws.owner.token }));
  const arrivals = new Map<number, number>();
  doc.getText('content').observe((event) => {
    const now = performance.now();
    for (const d of event.delta) if (typeof d.insert === 'string') for (const m of d.insert.matchAll(/<(\d+)>/g)) arrivals.set(Number(m[1]), now);
  });
  raw.ws.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(new Uint8Array(data));
    if (decoding.readVarUint(decoder) === 0) syncProtocol.readSyncMessage(decoder, encoding.createEncoder(), doc, 'remote');
  });
  await raw.opened;
  rawStep1(raw, doc);
  // Attached once the server's step 1 arrived (the load went through the slow proxy too).
  await eventually(() => raw.messages.length > 0, 'the watcher attached', 15_000);
  return { raw, arrivals };
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

/** Samples a metric every 25 ms until stopped; resolves with the highest value seen. */
function sampleMax(name: string): { stop(): Promise<number> } {
  let running = true;
  let max = 0;
  const loop = (async () => {
    while (running) {
      max = Math.max(max, await metric(server.url, name));
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return max;
    },
  };
}

describe('a slow database (every round trip 200 ms longer)', () => {
  it('CLOSE-11, FAULT-7: acks late, relays at once, keeps the group-commit queue bounded, and refuses past the unsaved limit without losing anything', async () => {
    const other = await watcher();
    const editor = await NumberedEditor.open(server.wsUrl, ws.workspaceId, ws.file.id, ws.editor.token);
    await eventually(() => editor.raw.messages.length > 0, 'the editor attached', 15_000);

    // 300 updates at about 200 per second.
    const pending = sampleMax('tandem_sync_persist_pending_updates');
    const sentAt: number[] = [];
    for (let i = 0; i < 300; i++) {
      sentAt.push(performance.now());
      editor.type(1);
      await new Promise((r) => setTimeout(r, 5));
    }
    await eventually(() => editor.acked() === 300, 'every update acknowledged', 30_000);
    const maxPending = await pending.stop();

    // Nothing lost: every update reached the other editor and the database.
    expect(missing(new Set(other.arrivals.keys()), 300)).toEqual([]);
    expect(missing(tokens((await storedDocument(database.url, ws.file.id)).text), 300)).toEqual([]);

    const ackAt = (i: number) => editor.acks.find(([count]) => count > i)![1];
    const ackLatency = sentAt.map((at, i) => ackAt(i) - at);
    const relayLatency = sentAt.map((at, i) => other.arrivals.get(i)! - at);
    // Every ack waited for at least one delayed round trip...
    expect(Math.min(...ackLatency)).toBeGreaterThanOrEqual(DELAY_MS - 10);
    // ...relaying waited for none: most updates reached the other editor before even the quickest ack.
    expect(quantile(relayLatency, 0.5)).toBeLessThan(50);
    expect(quantile(relayLatency, 0.9)).toBeLessThan(quantile(ackLatency, 0.1));
    // The queue holds about one round trip's worth of updates (~50 at this rate), never the whole burst.
    expect(maxPending).toBeGreaterThan(0);
    expect(maxPending).toBeLessThan(200);

    // A burst of large updates, more than the server may hold unsaved: the sender is
    // refused (4504) past the limit and keeps its edits.
    const unsaved = sampleMax('tandem_sync_unsaved_bytes');
    editor.type(100, 2_000);
    expect(await editor.raw.closed).toBe(CloseCode.UNSAVED_LIMIT);
    expect(await metric(server.url, 'tandem_sync_closes_total{code="UNSAVED_LIMIT"}')).toBeGreaterThanOrEqual(1);

    // Reconnected, its step 2 carries what was refused; it is saved once the queue has drained.
    const reconnected = editor.reconnect(server.wsUrl, ws.workspaceId);
    try {
      await eventually(async () => missing(tokens((await storedDocument(database.url, ws.file.id)).text), editor.typed).length === 0, 'every edit saved', 30_000);
      await eventually(() => reconnected.acked() >= 1, 'the reconnected editor acknowledged', 15_000);
    } finally {
      reconnected.destroy();
    }
    // Bounded all along: by the limit (plus the one update that found room under it),
    // or by one update larger than the whole limit, which goes alone: the reconnected
    // editor's step 2 (the ~70 refused updates in one message).
    expect(await unsaved.stop()).toBeLessThanOrEqual(Math.max(UNSAVED_LIMIT + 2_100, 100 * 2_100));
    other.raw.ws.close();
  }, 120_000);
});
