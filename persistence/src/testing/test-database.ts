/**
 * A fresh, empty database per caller on the test run's PostgreSQL server.
 * Migrations are not applied here: callers run them (or start the server, which does).
 */
import pg from 'pg';
import { randomUUID } from 'node:crypto';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  const url = process.env.TANDEM_TEST_DATABASE_URL;
  if (!url) throw new Error('TANDEM_TEST_DATABASE_URL is not set: run tests through vitest (global setup starts PostgreSQL)');
  return url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testServerUrl();
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
