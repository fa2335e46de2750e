/**
 * Readiness for /api/health/ready (from the database watch and the lifecycle, no
 * query of its own: probes are cheap and answer at once) and its detail for
 * /api/health/detailed. The database probe is `SELECT 1` raced against a timeout: a
 * hung pool must turn into "unreachable", not into a health check that never answers.
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

export async function probeDatabase(ctx: Pick<ServerContext, 'db'>, timeoutMs = DB_PROBE_TIMEOUT_MS): Promise<DatabaseProbe> {
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

export type Readiness =
  | { ready: true; status: 'ready' }
  | { ready: false; status: 'unavailable'; reason: 'database_unavailable' | 'shutting_down'; message: string };

/** Ready to take traffic: not stopping, and the database answered its last probe. */
export function readiness(ctx: Pick<ServerContext, 'database' | 'lifecycle'>): Readiness {
  if (ctx.lifecycle.stopping) return { ready: false, status: 'unavailable', reason: 'shutting_down', message: 'the server is stopping' };
  if (!ctx.database.available) return { ready: false, status: 'unavailable', reason: 'database_unavailable', message: 'the database cannot be reached' };
  return { ready: true, status: 'ready' };
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
    replicas: ctx.replicaHealth?.() ?? { replicaId: ctx.config.replicaId, address: null, leasesHeld: 0, sessions: { local: 0, forwarded: 0, unavailable: 0 }, adopted: 0 },
  };
}

const round = (ms: number) => Math.round(ms * 100) / 100;
