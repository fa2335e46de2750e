import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from './database';
import { loadMigrations, migrate } from './migrate';
import { MigrationError } from './errors';
import { createTestDatabase, type TestDatabase } from './testing/test-database';

describe('migrate', () => {
  let testDb: TestDatabase;
  const opened: Database[] = [];
  const open = async () => {
    const db = await openDatabase(testDb.url);
    opened.push(db);
    return db;
  };

  beforeEach(async () => {
    testDb = await createTestDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()));
    await testDb.drop();
  });

  it('applies every migration once; a second start applies nothing', async () => {
    const all = (await loadMigrations()).map((m) => m.version);
    const db = await open();
    expect((await migrate(db)).applied).toEqual(all);
    expect((await migrate(db)).applied).toEqual([]);
    const { rows } = await db.raw.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(all);
  });

  it('lets several processes start at once: exactly one applies each migration', async () => {
    const dbs = await Promise.all([open(), open(), open(), open()]);
    const results = await Promise.all(dbs.map((db) => migrate(db)));
    const applied = results.flatMap((r) => r.applied);
    expect(applied.sort()).toEqual((await loadMigrations()).map((m) => m.version).sort());
  });

  it('rolls back a failing migration entirely, and retries it on the next start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tandem-migrations-'));
    try {
      await writeFile(join(dir, '001_ok.sql'), 'CREATE TABLE a (x int);');
      await writeFile(join(dir, '002_broken.sql'), 'CREATE TABLE b (x int); SELECT no_such_function();');
      const db = await open();
      await expect(migrate(db, { migrationsDir: dir })).rejects.toBeInstanceOf(MigrationError);
      const { rows } = await db.raw.query("SELECT tablename FROM pg_tables WHERE tablename IN ('a', 'b') ORDER BY 1");
      expect(rows.map((r) => r.tablename)).toEqual(['a']);
      await writeFile(join(dir, '002_broken.sql'), 'CREATE TABLE b (x int);');
      expect((await migrate(db, { migrationsDir: dir })).applied).toEqual([2]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
