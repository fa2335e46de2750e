import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createServer, type Server } from 'node:net';
import { startEmbeddedPostgres } from './embedded';
import type { EmbeddedPostgresEvent } from './embedded-supervisor';

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Starts the embedded server in a child process and waits until it wrote a row; returns its SIGKILL (resolved once it is dead). */
async function startInChild(dataDir: string): Promise<() => Promise<void>> {
  const script = fileURLToPath(new URL('./testing/embedded-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('postgres://')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    child.kill('SIGKILL');
    // Until Node reaps it, the dead process still counts as the folder's live owner.
    await exited;
  };
}

/** SIGKILLs the postmaster itself (not our wrapper): what an OOM killer or an operator would do. */
async function killPostmaster(dataDir: string): Promise<number> {
  const pid = Number((await readFile(join(dataDir, 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  process.kill(pid, 'SIGKILL');
  return pid;
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Listens on 127.0.0.1:port as soon as it is free (within `timeoutMs`). */
async function squat(port: number, timeoutMs = 5_000): Promise<Server> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const server = createServer();
    const bound = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (bound) return server;
    if (Date.now() > deadline) throw new Error(`port ${port} never came free`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

describe('startEmbeddedPostgres', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-embedded-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps data across a SIGKILL of its process and across clean restarts, on the same port', async () => {
    const dataDir = join(dir, 'postgres');
    const kill = await startInChild(dataDir);
    // A live owner keeps its database: a second process is refused, not handed a stopped server.
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/in use by process/);
    await kill();
    // Straight away: the killed run's PostgreSQL may still be shutting down.
    const first = await startEmbeddedPostgres({ dataDir });
    expect(await query(first.url, 'SELECT name FROM survivors')).toEqual([{ name: 'written before SIGKILL' }]);
    await query(first.url, `INSERT INTO survivors VALUES ('written before stop')`);
    await first.stop();

    const second = await startEmbeddedPostgres({ dataDir });
    expect(second.port).toBe(first.port);
    expect((await query(second.url, 'SELECT name FROM survivors ORDER BY name')).map((r) => r.name)).toEqual([
      'written before SIGKILL',
      'written before stop',
    ]);
    await second.stop();
    await expect(query(second.url, 'SELECT 1')).rejects.toThrow();
  });

  it('starts over a postmaster.pid whose pid now belongs to another program', async () => {
    const dataDir = join(dir, 'postgres');
    const squatter = spawn('sleep', ['30']);
    await writeFile(join(dataDir, 'data', 'postmaster.pid'), `${squatter.pid}\n${join(dataDir, 'data')}\n`);
    try {
      const embedded = await startEmbeddedPostgres({ dataDir });
      expect(await query(embedded.url, 'SELECT count(*)::int AS n FROM survivors')).toEqual([{ n: 2 }]);
      const pid = (await readFile(join(dataDir, 'data', 'postmaster.pid'), 'utf8')).split('\n')[0];
      expect(Number(pid)).not.toBe(squatter.pid);
      await embedded.stop();
    } finally {
      squatter.kill();
    }
  });
  it('starts PostgreSQL again on the same port after a SIGKILL, and gives up when it cannot', async () => {
    const dataDir = join(dir, 'supervised');
    const events: EmbeddedPostgresEvent[] = [];
    const embedded = await startEmbeddedPostgres({ dataDir, onEvent: (e) => events.push(e), restartPolicy: { firstDelayMs: 50, maxFailures: 3 } });
    try {
      await query(embedded.url, `CREATE TABLE survivors (name text)`);
      await query(embedded.url, `INSERT INTO survivors VALUES ('committed before the kill')`);
      const killedAt = Date.now();
      const pid = await killPostmaster(dataDir);
      await waitFor(() => events.some((e) => e.kind === 'restarted'), 'the restart');
      expect(Date.now() - killedAt).toBeLessThan(5_000);
      // A first attempt may find the old server's last backends still exiting (shared memory in use): retried.
      expect(events[0]?.kind).toBe('exited');
      expect(events.filter((e) => e.kind !== 'restart-failed').map((e) => e.kind)).toEqual(['exited', 'restarted']);
      // Same URL (port), same data, a new postmaster.
      expect(await query(embedded.url, 'SELECT name FROM survivors')).toEqual([{ name: 'committed before the kill' }]);
      const newPid = Number((await readFile(join(dataDir, 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]);
      expect(newPid).not.toBe(pid);

      // Now the port is taken the moment PostgreSQL dies: every restart fails, and the supervisor gives up.
      await killPostmaster(dataDir);
      const squatter = await squat(embedded.port);
      try {
        await waitFor(() => events.some((e) => e.kind === 'gave-up'), 'giving up');
        expect(events.filter((e) => e.kind === 'restart-failed').length).toBeGreaterThanOrEqual(1);
        const gaveUp = events.find((e) => e.kind === 'gave-up') as Extract<EmbeddedPostgresEvent, { kind: 'gave-up' }>;
        expect(gaveUp.error.code).toBe('embedded_postgres_gave_up');
      } finally {
        squatter.close();
      }
    } finally {
      await embedded.stop();
    }
  });
});
