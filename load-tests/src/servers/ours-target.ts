// Our server as a target: started from the checkout with a fresh data directory
// (so it starts its own embedded PostgreSQL), pinned to core 0, provisioned over HTTP.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import type { Target } from '../generator/target';
import { isDescendant, readProcessTable } from './process-table';
import { hasTaskset, spawnServer } from './spawn-server';
import { createFiles, createToken, createWorkspace } from './provision';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const oursEntry = join(repoRoot, 'server/src/main.ts');

/** Our server exists in this checkout (it is written in parallel with these tests). */
export const oursAvailable = (): boolean => existsSync(oursEntry);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** Our server process on a fresh data directory (its own embedded PostgreSQL), pinned to core 0. */
export async function spawnOurs(): Promise<{ origin: string; pid: number; dataDir: string; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // The flags of `npm start` (package.json): a 16 MB young generation, which cut the
  // server's CPU at 300x5x2 from 23% to 20% of a core (fewer scavenges, less promotion).
  const server = await spawnServer('ours', ['--max-semi-space-size=16', ...extra, '--import', 'tsx', oursEntry], {
    cwd: repoRoot,
    env: { PORT: String(port), HOST: '127.0.0.1', TANDEM_DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    startTimeoutMs: 180_000, // first start initialises PostgreSQL
    readyOrigin: `http://127.0.0.1:${port}`,
  });
  unpinDescendants(server.pid);
  return {
    origin: server.origin,
    pid: server.pid,
    dataDir,
    stop: () => server.stop(),
  };
}

/**
 * Our embedded PostgreSQL is a child of the server and inherits its pinning to core 0.
 * Left there, every commit preempts the server mid-send (measured: ~6% of the server's
 * wall time blocked in writes to PostgreSQL, and p99 spikes whenever PostgreSQL works
 * longer). In production the database never shares the application's core, so it may
 * run on either core here; its CPU is still reported (the "tree" column).
 */
function unpinDescendants(rootPid: number): void {
  if (!hasTaskset) return;
  const table = readProcessTable();
  for (const pid of table.parents.keys()) {
    if (isDescendant(table, pid, rootPid)) spawnSync('taskset', ['-a', '-cp', `0-${Math.max(1, cpus().length - 1)}`, String(pid)]);
  }
}

export async function startOurs(): Promise<Target> {
  const server = await spawnOurs();
  const origin = server.origin;
  const ws = origin.replace(/^http/, 'ws');
  const token = await createToken(origin);
  let workspaceId = '';
  let items: string[] = [];
  let generation = 0;
  return {
    name: 'ours',
    wire: 'yjs',
    pid: server.pid,
    endpoint(doc) {
      const itemId = items[doc];
      if (!itemId) throw new Error(`document ${doc} was not prepared`);
      return { url: `${ws}/sync/${workspaceId}/${itemId}?token=${encodeURIComponent(token)}`, documentName: itemId };
    },
    // Fresh files for every load point, like the peers' fresh document names.
    async prepare(docCount) {
      generation++;
      workspaceId = await createWorkspace(origin, token, `bench-${generation}`);
      items = await createFiles(origin, token, workspaceId, docCount, `doc${generation}`);
    },
    stop: () => server.stop(),
  };
}
