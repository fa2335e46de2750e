/**
 * Durability: the server process is SIGKILLed during a burst of updates; after a
 * restart on the same database, every update that was acknowledged (message 100,
 * sent only once its group commit is durable) is there. Unacknowledged ones may or
 * may not be: nothing promised them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import { createTestDatabase, freePort, type TestDatabase } from '@tandem/persistence/testing';
import { insertSharedWorkspace, type SharedWorkspace } from './testing/sql-fixtures';
import { connectProvider, connectRaw, eventually, rawStep1, synced, syncUrl } from './sync/sync-test-clients';
import { removeDataDir } from '@tandem/executor/testing';

const repoRoot = resolve(import.meta.dirname, '..', '..');


interface ServerProcess {
  child: ChildProcess;
  wsUrl: string;
  exited: Promise<void>;
}

/** `node --import tsx server/src/main.ts`; resolves once it logs that it is listening. */
async function startServerProcess(databaseUrl: string, dataDir: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, TANDEM_DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  let output = '';
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Tandem listening on/.test(output)) {
        clearTimeout(timer);
        ok();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, wsUrl: `ws://127.0.0.1:${port}`, exited };
}

let database: TestDatabase;
let pool: pg.Pool;
let dataDir: string;
let current: ServerProcess | undefined;
let ws: SharedWorkspace;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(join(tmpdir(), 'tandem-durability-'));
  current = await startServerProcess(database.url, dataDir); // applies the migrations
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  ws = await insertSharedWorkspace({ raw: pool });
});

afterAll(async () => {
  if (current && current.child.exitCode === null) {
    current.child.kill('SIGKILL');
    await current.exited;
  }
  await pool?.end();
  await database?.drop();
  await removeDataDir(dataDir);
});

describe('durability', () => {
  it('ACK-1: keeps every acknowledged update when the server is SIGKILLed mid-burst', async () => {
    const raw = connectRaw(syncUrl(current!.wsUrl, ws.workspaceId, ws.file.id, { token: ws.editor.token, ack: '1' }));
    await raw.opened;
    const doc = new Y.Doc();
    const text = doc.getText('content');
    rawStep1(raw, doc);
    doc.on('update', (u: Uint8Array) => {
      if (raw.ws.readyState === raw.ws.OPEN) raw.sendUpdate(u);
    });

    // Each update appends one numbered token; token i is update i (0-based).
    let sent = 0;
    let killedAtAck = -1;
    const burst = new Promise<void>((done) => {
      const tick = () => {
        if (raw.ws.readyState !== raw.ws.OPEN) return done();
        for (let k = 0; k < 20; k++) text.insert(text.length, `<${sent++}>`);
        if (killedAtAck < 0 && raw.acked() >= 300) {
          killedAtAck = raw.acked();
          current!.child.kill('SIGKILL');
        }
        setTimeout(tick, 1);
      };
      tick();
    });
    await burst;
    await raw.closed;
    await current!.exited;
    const acked = raw.acked();
    expect(killedAtAck).toBeGreaterThanOrEqual(300);
    // Updates were still being sent when the process died.
    expect(sent).toBeGreaterThan(acked);

    current = await startServerProcess(database.url, dataDir);
    const reader = connectProvider(current.wsUrl, ws.workspaceId, ws.file.id, ws.owner.token);
    try {
      await synced(reader);
      const restored = (await eventually(() => reader.text.toString() || null, 'restored text'))!;
      const present = new Set([...restored.matchAll(/<(\d+)>/g)].map((m) => Number(m[1])));
      const missing: number[] = [];
      for (let i = 0; i < acked; i++) if (!present.has(i)) missing.push(i);
      expect(missing).toEqual([]);
      // What survived is a prefix of what was sent, in order (one socket, one log, commits in order).
      expect(restored).toBe(Array.from({ length: present.size }, (_, i) => `<${i}>`).join(''));
    } finally {
      reader.destroy();
    }
  });
});
