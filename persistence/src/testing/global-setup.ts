/**
 * Vitest global setup: one embedded PostgreSQL for the whole test run.
 * Test files create their own database on it (see test-database.ts), so they
 * never see each other's rows. Started like the server's own (embedded.ts), so a
 * test run that is killed does not leave PostgreSQL running.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../embedded';

export default async function setup(): Promise<() => Promise<void>> {
  if (process.env.TANDEM_TEST_DATABASE_URL) return async () => {};
  const dir = await mkdtemp(join(tmpdir(), 'tandem-test-pg-'));
  const pg = await startEmbeddedPostgres({
    dataDir: dir,
    // fsync stays on: commit latency in tests is what the server sees in production.
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=on'],
  });
  // Read by test-database.ts in every worker.
  process.env.TANDEM_TEST_DATABASE_URL = pg.url;
  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
