/**
 * Readiness detail for /api/health/detailed. The database probe is `SELECT 1`
 * raced against a timeout: a hung pool must turn into "unreachable", not into a
 * health check that never answers.
 */
import { sql } from 'slonik';
import type { ServerContext } from '../context';
import { memorySnapshot } from './process-metrics';

export const DB_PROBE_TIMEOUT_MS = 2_000;

export interface DatabaseProbe {
  reachable: boolean;
  latencyMs: number;
  error?: string;
}

export async function probeDatabase(ctx: ServerContext, timeoutMs = DB_PROBE_TIMEOUT_MS): Promise<DatabaseProbe> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([ctx.db.pool.query(sql.unsafe`SELECT 1`), timeout]);
    return { reachable: true, latencyMs: round(performance.now() - started) };
  } catch (err) {
    return { reachable: false, latencyMs: round(performance.now() - started), error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export async function detailedHealth(ctx: ServerContext) {
  const database = await probeDatabase(ctx);
  return {
    status: database.reachable ? ('ok' as const) : ('unavailable' as const),
    uptimeSeconds: round(process.uptime()),
    database,
    documents: { loaded: ctx.documents.loadedCount(), connections: ctx.documents.connectionCount() },
    persistence: ctx.store.stats(),
    memory: memorySnapshot(),
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
