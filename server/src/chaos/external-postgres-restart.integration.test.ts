/**
 * Chaos: the server runs on an external PostgreSQL (DATABASE_URL), which goes away and
 * comes back on the same address, as a managed database does when it restarts. The
 * server does not supervise it, but keeps working: while it is away readiness answers
 * 503, HTTP reads and writes answer 503 `database_unavailable` with Retry-After (not
 * 500), an editor's socket closes with 4502 and its edits stay with it; once it is
 * back, everything answers again by itself and the edits made meanwhile are saved.
 *
 * The "external" PostgreSQL is one the test starts (the embedded binaries, in the test
 * process): the suite's shared server must not be stopped under the other test files.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@tandem/persistence';
import { CloseCode } from '@tandem/protocol';
import { eventually } from '../sync/sync-test-clients';
import { insertSharedWorkspace, type SharedWorkspace } from '../testing/sql-fixtures';
import { NumberedEditor } from './numbered-editor';
import { killServer, metric, readyStatus, startServerProcess, type ServerProcess } from './server-process';
import { missing, storedDocument, tokens } from './stored-document';
import { removeDataDir } from '@tandem/executor/testing';

let dir: string;
let postgres: EmbeddedPostgres;
let server: ServerProcess;
let pool: pg.Pool;
let ws: SharedWorkspace;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tandem-chaos-external-'));
  postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'postgres') });
  server = await startServerProcess({ DATABASE_URL: postgres.url, TANDEM_DATA_DIR: join(dir, 'data'), TANDEM_DB_PROBE_MS: '100' });
  pool = new pg.Pool({ connectionString: postgres.url, max: 2 });
  pool.on('error', () => {});
  ws = await insertSharedWorkspace({ raw: pool });
});

afterAll(async () => {
  if (server) await killServer(server);
  await pool?.end().catch(() => {});
  await postgres?.stop();
  if (dir) await removeDataDir(dir);
});

const fileUrl = () => `${server.url}/api/workspaces/${ws.workspaceId}/files/${ws.file.path}`;
const auth = () => ({ authorization: `Bearer ${ws.editor.token}` });

describe('an external PostgreSQL that restarts', () => {
  it('CLOSE-9, FAULT-4: answers 503 with Retry-After and 4502 while it is away, and works again by itself once it is back', async () => {
    const editor = await NumberedEditor.open(server.wsUrl, ws.workspaceId, ws.file.id, ws.editor.token);
    editor.type(10);
    await eventually(() => editor.acked() === 10, 'the first edits acknowledged');
    expect(await readyStatus(server.url)).toBe(200);

    await postgres.stop();
    const stoppedAt = Date.now();
    await eventually(async () => (await readyStatus(server.url)) === 503, 'readiness 503');
    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', reason: 'database_unavailable' });
    // Liveness stays: restarting the process would not bring the database back.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);

    // HTTP: a read and a write that need the database.
    for (const res of [await fetch(fileUrl(), { headers: auth() }), await fetch(fileUrl(), { method: 'PUT', headers: auth(), body: 'replaced' })]) {
      expect(res.status).toBe(503);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await res.json()).error.code).toBe('database_unavailable');
    }

    // The editor types on: the server refuses what it cannot save, and the edits stay in the editor.
    editor.type(5);
    expect(await editor.raw.closed).toBe(CloseCode.DATABASE_UNAVAILABLE);
    expect(editor.acked()).toBe(10);
    editor.type(5); // offline, after the close
    expect(await metric(server.url, 'tandem_database_up')).toBe(0);

    // Back on the same address, as a managed database comes back.
    const restartedAt = Date.now();
    const address = postgres.url;
    postgres = await startEmbeddedPostgres({ dataDir: join(dir, 'postgres') });
    expect(postgres.url).toBe(address);
    await eventually(async () => (await readyStatus(server.url)) === 200, 'readiness 200 again', 15_000);

    const reconnected = editor.reconnect(server.wsUrl, ws.workspaceId);
    try {
      await eventually(() => reconnected.acked() >= 1, 'the edits made meanwhile acknowledged', 15_000);
      const stored = await storedDocument(postgres.url, ws.file.id);
      expect(missing(tokens(stored.text), editor.typed)).toEqual([]);
      expect(reconnected.closeCodes.every((code) => code === CloseCode.DATABASE_UNAVAILABLE)).toBe(true);
    } finally {
      reconnected.destroy();
    }

    const read = await fetch(fileUrl(), { headers: auth() });
    expect(read.status).toBe(200);
    expect(missing(tokens(await read.text()), editor.typed)).toEqual([]);
    const write = await fetch(fileUrl(), { method: 'PUT', headers: auth(), body: 'after the restart' });
    expect(write.status).toBe(200);

    expect(await metric(server.url, 'tandem_database_outages_total')).toBe(1);
    // Its length, as the probes saw it: at least most of the time PostgreSQL was down.
    expect(await metric(server.url, 'tandem_database_outage_seconds_total')).toBeGreaterThan((restartedAt - stoppedAt) / 2000);
  }, 90_000);
});
