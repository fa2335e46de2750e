/**
 * Applies the SQL migrations in `persistence/migrations/` at start-up.
 *
 * Several processes may start at once (one per core, several replicas), so the
 * whole run holds a session-level advisory lock: the first process migrates, the
 * others wait and then find nothing to do. Each migration runs in its own
 * transaction together with its `schema_migrations` row, so a failed migration
 * leaves no trace and the next start retries it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type pg from 'pg';
import type { Database } from './database';
import type { PersistenceLogger } from './logger';
import { MigrationError, translateDatabaseError } from './errors';
import { parseMigrations, pendingMigrations, type AppliedMigration, type Migration } from './migration-files';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** Arbitrary but fixed: every Tandem process contends for this one lock. */
const MIGRATION_LOCK_KEY = 7_265_301_001;

export interface MigrateOptions {
  migrationsDir?: string;
  log?: PersistenceLogger;
}

export interface MigrateResult {
  /** Versions applied by this call, in order (empty when the schema was current). */
  applied: number[];
}

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).sort();
  const files = await Promise.all(names.map(async (fileName) => ({ fileName, sql: await readFile(join(dir, fileName), 'utf8') })));
  try {
    return parseMigrations(files);
  } catch (error) {
    throw new MigrationError('migration_invalid', (error as Error).message, { cause: error });
  }
}

export async function migrate(db: Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(options.migrationsDir);
  const client = await db.raw.connect();
  let lockHeld = false;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    lockHeld = true;
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<AppliedMigration>('SELECT version, checksum FROM schema_migrations ORDER BY version');
    let pending: Migration[];
    try {
      pending = pendingMigrations(migrations, rows);
    } catch (error) {
      throw new MigrationError('migration_mismatch', (error as Error).message, { cause: error });
    }
    const applied: number[] = [];
    for (const migration of pending) {
      await applyOne(client, migration);
      applied.push(migration.version);
      options.log?.info({ version: migration.version, name: migration.name }, 'migration applied');
    }
    return { applied };
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw translateDatabaseError(error);
  } finally {
    if (lockHeld) await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
}

async function applyOne(client: pg.PoolClient, migration: Migration): Promise<void> {
  const label = `${String(migration.version).padStart(3, '0')}_${migration.name}`;
  await client.query('BEGIN');
  try {
    // No parameters: the simple query protocol runs a file of several statements.
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
      migration.version,
      migration.name,
      migration.checksum,
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw new MigrationError('migration_failed', `migration ${label} failed: ${(error as Error).message}`, { cause: translateDatabaseError(error) });
  }
}
