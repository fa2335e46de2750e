/**
 * Starts a real Tandem server for integration tests: a fresh database on the test
 * run's PostgreSQL, an ephemeral port on loopback, quiet logs.
 */
import { makeDataDir, removeDataDir } from '@tandem/executor/testing';
import { createTestDatabase, type TestDatabase } from '@tandem/persistence/testing';
import { startServer, type RunningServer } from '../app';
import { loadConfig, type Config } from '../config';

export interface TestServer extends RunningServer {
  database: TestDatabase;
  wsUrl: string;
  /** Stops the server and drops its database. */
  stop(): Promise<void>;
}

export async function startTestServer(overrides: Partial<Config> = {}, database?: TestDatabase): Promise<TestServer> {
  const db = database ?? (await createTestDatabase());
  const dataDir = await makeDataDir('tandem-test-data');
  const config: Config = {
    // An external database, as replicas share one: fan-out is on (see TANDEM_REPLICA_FANOUT).
    ...loadConfig({ PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', TANDEM_DATA_DIR: dataDir, DATABASE_URL: db.url }),
    ...overrides,
  };
  const server = await startServer(config);
  return {
    ...server,
    database: db,
    wsUrl: server.url.replace(/^http/, 'ws'),
    async stop() {
      await server.close();
      if (!database) await db.drop();
      await removeDataDir(dataDir);
    },
  };
}
