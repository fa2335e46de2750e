/**
 * One replica of the server for the multi-replica tests: a real server process on the
 * shared database and data folder, with an internal port of its own and the replicas'
 * secret, reached by users through the round-robin proxy (whose address it must
 * accept as its host), and registered there under its name.
 */
import { freePort } from '@tandem/persistence/free-port';
import { startServerProcess, type ServerProcess } from '../chaos/server-process';
import type { RoundRobinProxy } from './round-robin-proxy';

export interface ReplicaSetup {
  databaseUrl: string;
  dataDir: string;
  secret: string;
  proxy: RoundRobinProxy;
}

export interface StartedReplica {
  server: ServerProcess;
  internalPort: number;
}

/** `replicaId` defaults to `name`; `env` adds to (or overrides) the replica's environment. */
export async function startReplicaProcess(name: string, setup: ReplicaSetup, options: { replicaId?: string; env?: Record<string, string> } = {}): Promise<StartedReplica> {
  const internalPort = await freePort();
  const server = await startServerProcess({
    DATABASE_URL: setup.databaseUrl,
    TANDEM_DATA_DIR: setup.dataDir,
    TANDEM_REPLICA_ID: options.replicaId ?? name,
    TANDEM_INTERNAL_PORT: String(internalPort),
    TANDEM_REPLICA_SECRET: setup.secret,
    TANDEM_ALLOWED_HOSTS: `127.0.0.1:${setup.proxy.port}`,
    ...options.env,
  });
  setup.proxy.setBackend(name, Number(new URL(server.url).port));
  return { server, internalPort };
}
