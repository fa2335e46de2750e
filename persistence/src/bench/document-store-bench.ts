/**
 * How much CPU the group-committed update log costs this process.
 *
 *   node --import tsx persistence/src/bench/document-store-bench.ts [--rate 3000] [--seconds 10] [--items 200] [--window 10] [--notify]
 *
 * Appends realistic Yjs updates (one keystroke each, ~25-40 bytes) at a steady rate
 * spread over many documents, and prints updates/s, CPU ms per 1,000 updates (user +
 * system of this process: the store, node-postgres and the load loop) and commit lag.
 * `--rate 0` appends as fast as the store commits (1,000 outstanding). Uses
 * DATABASE_URL if set, else an embedded PostgreSQL in a temporary folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as Y from 'yjs';
import { openDatabase } from '../database';
import { startEmbeddedPostgres } from '../embedded';
import { migrate } from '../migrate';
import { PgDocumentStore } from '../pg-document-store';
import type { DocumentStore } from '../document-store';

function nullStore(windowMs: number) {
  let pending: Array<(seq: bigint) => void> = [];
  let seq = 0n;
  let batches = 0;
  let timer: NodeJS.Timeout | null = null;
  const commit = () => {
    timer = null;
    const batch = pending;
    pending = [];
    batches++;
    for (const resolve of batch) resolve(++seq);
  };
  return {
    append: (_itemId: string, _update: Uint8Array) =>
      new Promise<bigint>((resolve) => {
        pending.push(resolve);
        timer ??= setTimeout(commit, windowMs);
      }),
    flush: async () => {
      if (timer) clearTimeout(timer);
      commit();
    },
    close: async () => {},
    stats: () => ({ pendingUpdates: pending.length, lastBatchSize: 0, lastCommitLagMs: 0, batches, failedContentWrites: 0 }),
  };
}

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '3000' },
    seconds: { type: 'string', default: '10' },
    items: { type: 'string', default: '200' },
    window: { type: 'string', default: '10' },
    // 'null': the same load loop against a store that does no I/O (resolves each batch
    // after the window) - the floor that the load loop itself costs.
    store: { type: 'string', default: 'pg' },
    // Announce each batch to other replicas (NOTIFY in the INSERT), as servers with TANDEM_REPLICA_FANOUT=on do.
    notify: { type: 'boolean', default: false },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const itemCount = Number(values.items);

const tmp = process.env.DATABASE_URL ? null : await mkdtemp(join(tmpdir(), 'tandem-bench-'));
const embedded = tmp ? await startEmbeddedPostgres({ dataDir: join(tmp, 'postgres') }) : null;
const db = await openDatabase(process.env.DATABASE_URL ?? embedded!.url);
await migrate(db);
const { rows } = await db.raw.query<{ id: string }>(
  `WITH u AS (INSERT INTO users (username, email, password_hash) VALUES ('bench-' || gen_random_uuid(), 'b@b', 'x') RETURNING id),
        w AS (INSERT INTO workspaces (owner_id, name) SELECT id, 'bench' FROM u RETURNING id)
   INSERT INTO workspace_items (workspace_id, name, type, path)
   SELECT w.id, 'f' || n, 'file', 'f' || n FROM w, generate_series(1, $1::int) AS n RETURNING id`,
  [itemCount],
);
const items = rows.map((r) => r.id);

// One keystroke per update, as a y-websocket client sends them.
const doc = new Y.Doc();
const updates: Uint8Array[] = [];
doc.on('update', (u: Uint8Array) => updates.push(u));
for (let i = 0; i < 5_000; i++) doc.getText('content').insert(i, String.fromCharCode(97 + (i % 26)));

const store: Pick<DocumentStore, 'append' | 'flush' | 'close' | 'stats'> =
  values.store === 'null' ? nullStore(Number(values.window)) : new PgDocumentStore(db, { groupCommitWindowMs: Number(values.window), notify: values.notify ? { replicaId: 'bench' } : undefined });
const lags: number[] = [];
let appended = 0;
let committed = 0;
let failed = 0;
function appendOne(): Promise<void> {
  const n = appended++;
  const started = performance.now();
  return store.append(items[n % items.length]!, updates[n % updates.length]!).then(
    () => {
      committed++;
      if (n % 16 === 0) lags.push(performance.now() - started);
    },
    () => {
      failed++;
    },
  );
}

async function run(durationMs: number): Promise<void> {
  const end = performance.now() + durationMs;
  if (rate === 0) {
    const worker = async () => {
      while (performance.now() < end) await appendOne();
    };
    await Promise.all(Array.from({ length: 1_000 }, worker));
    return;
  }
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const now = performance.now();
      const due = Math.floor(((now - start) / 1000) * rate);
      while (appended < due) void appendOne();
      if (now >= end) {
        clearInterval(tick);
        resolve();
      }
    }, 5);
  });
  await store.flush();
}

await run(1_000); // warm-up: JIT, prepared statements, connections
appended = committed = failed = 0;
lags.length = 0;
const batchesBefore = store.stats().batches;
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
await run(seconds * 1000);
const wallMs = performance.now() - wallBefore;
const cpu = process.cpuUsage(cpuBefore);
const batches = store.stats().batches - batchesBefore;
lags.sort((a, b) => a - b);
const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))]?.toFixed(1);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  JSON.stringify(
    {
      targetRate: rate || 'max',
      updatesPerSecond: Math.round(committed / (wallMs / 1000)),
      cpuMsPer1000Updates: Number(((cpuMs / committed) * 1000).toFixed(2)),
      cpuShareOfOneCore: Number((cpuMs / wallMs).toFixed(3)),
      batches,
      meanBatchSize: Number((committed / batches).toFixed(1)),
      commitLagMs: { p50: pct(50), p99: pct(99), max: lags.at(-1)?.toFixed(1) },
      failed,
    },
    null,
    2,
  ),
);

await store.close();
await db.close();
await embedded?.stop();
if (tmp) await rm(tmp, { recursive: true, force: true });
