import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded';

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Starts the embedded server in a child process and waits until it wrote a row; returns its SIGKILL. */
async function startInChild(dataDir: string): Promise<() => void> {
  const script = fileURLToPath(new URL('./testing/embedded-child.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('postgres://')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
  return () => child.kill('SIGKILL');
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
    kill();
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
});
