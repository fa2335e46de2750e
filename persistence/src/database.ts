/**
 * The database handle every package shares: a slonik pool for typed queries, and a
 * small raw node-postgres pool for the document store's hot path (group-committed
 * appends, loads, compaction), where slonik's per-query work (query tokens, zod,
 * interceptors, logging) would be paid thousands of times a second for nothing.
 *
 * Slonik's default type parsers apply to `pool`: int8 → bigint, timestamptz →
 * epoch milliseconds (number), numeric → number.
 */
import pg from 'pg';
import { createPool, type DatabasePool, type Interceptor } from 'slonik';
import { DatabaseUnavailableError, translateDatabaseError } from './errors';

export interface Database {
  readonly url: string;
  /** Typed queries (`sql.type(zodSchema)\`...\``). Errors arrive translated (see errors.ts). */
  readonly pool: DatabasePool;
  /** Raw pool for the document store's hot path. Translate errors with `translateDatabaseError`. */
  readonly raw: pg.Pool;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Connections of the slonik pool (default 10). */
  maxConnections?: number;
  /** Connections of the raw hot-path pool (default 4: appends are one flush at a time). */
  rawConnections?: number;
  /** Server-side statement timeout for the slonik pool, ms (default 30 s; 0 = none). */
  statementTimeoutMs?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** Called with errors of idle connections (server restart, network); default: ignored. */
  onIdleError?: (error: unknown) => void;
}

/** Translate driver errors once, where slonik raises them. */
const translateErrors: Interceptor = {
  queryExecutionError: (_context, _query, error) => {
    throw translateDatabaseError(error);
  },
};

export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  const applicationName = options.applicationName ?? 'tandem';
  const onIdleError = options.onIdleError ?? (() => {});
  const raw = new pg.Pool({
    connectionString: url,
    max: options.rawConnections ?? 4,
    application_name: `${applicationName}-hot`,
    idleTimeoutMillis: 30_000,
    // A database behind a black hole must fail a checkout, not hang it (slonik's pool has the same 5 s).
    connectionTimeoutMillis: 5_000,
  });
  // An idle client's error (the server restarted) is emitted on the pool; unhandled, it would crash the process.
  raw.on('error', onIdleError);
  try {
    // Fail at start-up with a clear error rather than on the first request.
    await raw.query('SELECT 1');
  } catch (error) {
    await raw.end().catch(() => {});
    const translated = translateDatabaseError(error);
    if (translated instanceof DatabaseUnavailableError) throw translated;
    throw new DatabaseUnavailableError('database_unavailable', `cannot connect to PostgreSQL: ${(error as Error).message}`, { cause: error });
  }
  const pool = await createPool(url, {
    maximumPoolSize: options.maxConnections ?? 10,
    statementTimeout: options.statementTimeoutMs === 0 ? 'DISABLE_TIMEOUT' : (options.statementTimeoutMs ?? 30_000),
    captureStackTrace: false,
    interceptors: [translateErrors],
    // slonik's default sends `DISCARD ALL` each time a connection goes back to the pool:
    // a second round trip for every query. Nothing here leaves session state on a pooled
    // connection (settings are startup parameters, locks are transaction-scoped, LISTEN
    // and the migration lock use their own connections), so there is nothing to discard.
    // An async no-op rather than none: slonik 46 needs its release to await something, or
    // the client stays "pending release" for good and the next checkout of it throws.
    resetConnection: async () => {},
  });
  let closing: Promise<void> | null = null;
  return {
    url,
    pool,
    raw,
    close() {
      closing ??= Promise.all([pool.end(), raw.end()]).then(() => {});
      return closing;
    },
  };
}
