// Runs one load point against one target: connect, measure, drain, disconnect.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { SyncClient, now } from './client';
import { type LoadPoint, generatorWasLimit, totalClients, writersPerDoc } from './load-point';
import { treeUsage, type TreeUsage } from './proc-stats';
import { Samples, type Summary } from './stats';
import type { Target } from './target';
import { wireFor } from './wire';
import { seedDocument } from './seed';

export interface PointResult {
  server: string;
  point: LoadPoint;
  clients: number;
  synced: number;
  /** Never synced, plus closed by the server during the run. */
  failed: number;
  failureSample: string[];
  timeToSynced: Summary;
  latency: Summary;
  sent: number;
  expectedDeliveries: number;
  delivered: number;
  deliveredPerSec: number;
  /** Cores (1.0 = one full core) over the send window. NaN when not measured. */
  serverCpu: number;
  treeCpu: number;
  /** Microseconds of server-tree CPU per delivered update. */
  cpuPerDeliveryUs: number;
  rssBaseline: number;
  rssPeak: number;
  treeRssPeak: number;
  /** Server RSS growth per connected client, bytes. */
  rssPerConnection: number;
  generatorCpu: number;
  generatorLagP99Ms: number;
  generatorLimited: boolean;
}

export interface RunOptions {
  connectTimeoutMs?: number;
  /** Connections opened at once (unless the point joins at once). */
  connectConcurrency?: number;
  log?: (line: string) => void;
}

export async function runPoint(target: Target, point: LoadPoint, options: RunOptions = {}): Promise<PointResult> {
  const log = options.log ?? (() => {});
  const usage = (): TreeUsage | null => (target.pid === null ? null : treeUsage(target.pid));
  await target.prepare(point.docs);
  const seeder = point.seedBytes ? await seedDocument(target, point.seedBytes, options.connectTimeoutMs ?? 60_000) : null;
  const baseline = usage();
  const baselineAt = now();

  // Measurement window, set once every client is connected.
  let windowStart = Infinity;
  let windowEnd = Infinity;
  const latency = new Samples();
  let delivered = 0;
  const inWindow = (sentAt: number) => sentAt >= windowStart && sentAt <= windowEnd;
  const failures: string[] = [];
  let lost = 0;

  const clients: Array<{ client: SyncClient; doc: number; writer: boolean }> = [];
  for (let doc = 0; doc < point.docs; doc++) {
    for (let c = 0; c < point.clientsPerDoc; c++) {
      const { url, documentName } = target.endpoint(doc, c);
      const client = new SyncClient({
        url,
        wire: wireFor(target.wire, documentName),
        tag: `${doc.toString(36)}_${c.toString(36)}`,
        connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
        onDelivery(sentAt, receivedAt) {
          if (!inWindow(sentAt)) return;
          delivered++;
          latency.add(receivedAt - sentAt);
          if (process.env.BENCH_DEBUG_LATENCY) debugLatency(sentAt, receivedAt - sentAt);
        },
        onLost(reason) {
          lost++;
          if (failures.length < 5) failures.push(reason);
        },
      });
      clients.push({ client, doc, writer: c < writersPerDoc(point) });
    }
  }

  const timeToSynced = new Samples();
  const connectOne = async (entry: (typeof clients)[number]) => {
    try {
      timeToSynced.add(await entry.client.connect());
    } catch (err) {
      if (failures.length < 5) failures.push((err as Error).message);
    }
  };
  const concurrency = point.joinAtOnce ? clients.length : (options.connectConcurrency ?? 100);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, clients.length) }, async () => {
      while (next < clients.length) await connectOne(clients[next++]!);
    }),
  );
  const synced = timeToSynced.count;
  log(`  ${target.name} ${point.name}: ${synced}/${clients.length} synced`);

  // Let the server settle before the window: joins can leave work queued.
  await sleep(point.rate > 0 ? 500 : 2000);
  const openPerDoc = new Array<number>(point.docs).fill(0);
  for (const e of clients) if (e.client.isOpen) openPerDoc[e.doc]!++;

  let sent = 0;
  let expectedDeliveries = 0;
  const timers: NodeJS.Timeout[] = [];
  // Nothing counts until the writers have run for a warm-up: the first round of updates
  // meets cold code paths (JIT) and fresh TCP connections on every side, relay included
  // (measured: 100-300 ms in the first second, ~10 ms after). The figures are for the
  // steady state.
  windowStart = Number.POSITIVE_INFINITY;
  if (point.rate > 0) {
    const interval = 1000 / point.rate;
    for (const e of clients) {
      if (!e.writer || !e.client.isOpen) continue;
      // Spread writers over the interval so the load is even, not in bursts.
      const start = setTimeout(() => {
        const tick = () => {
          if (e.client.sendUpdate() > 0) {
            sent++;
            expectedDeliveries += openPerDoc[e.doc]! - 1;
          }
        };
        tick();
        timers.push(setInterval(tick, interval));
      }, Math.random() * interval);
      timers.push(start);
    }
  }
  if (point.rate > 0) await sleep(WARMUP_MS);
  const eld = monitorEventLoopDelay({ resolution: 1 });
  eld.enable();
  const gen0 = process.cpuUsage();
  // Without updates, the work worth measuring is the joining itself: count from before it.
  const cpu0 = point.rate > 0 ? usage() : baseline;
  let rssPeak = cpu0?.rootRss ?? NaN;
  let treeRssPeak = cpu0?.treeRss ?? NaN;
  windowStart = now();
  const sentBeforeWindow = sent;
  const expectedBeforeWindow = expectedDeliveries;
  const durationMs = point.durationS * 1000;
  for (let t = 0; t < durationMs; t += 1000) {
    await sleep(Math.min(1000, durationMs - t));
    const u = usage();
    if (u) {
      rssPeak = Math.max(rssPeak, u.rootRss);
      treeRssPeak = Math.max(treeRssPeak, u.treeRss);
    }
  }
  windowEnd = now();
  for (const t of timers) clearTimeout(t);
  const cpu1 = usage();
  const gen = process.cpuUsage(gen0);
  eld.disable();
  const windowS = (windowEnd - windowStart) / 1000;
  const cpuWindowS = point.rate > 0 ? windowS : (windowEnd - baselineAt) / 1000;

  // Drain: updates sent near the end of the window are still in flight.
  const drainUntil = now() + 5000;
  const expectedInWindow = expectedDeliveries - expectedBeforeWindow;
  while (delivered < expectedInWindow && now() < drainUntil) await sleep(100);

  if (process.env.BENCH_DEBUG_LATENCY) printDebugLatency();
  await Promise.all(clients.map((e) => e.client.close()));
  await seeder?.close();

  const serverCpu = cpu0 && cpu1 ? (cpu1.rootCpu - cpu0.rootCpu) / cpuWindowS : NaN;
  const treeCpu = cpu0 && cpu1 ? (cpu1.treeCpu - cpu0.treeCpu) / cpuWindowS : NaN;
  const generatorCpu = (gen.user + gen.system) / 1e6 / windowS;
  const lagP99 = eld.percentile(99) / 1e6;
  return {
    server: target.name,
    point,
    clients: totalClients(point),
    synced,
    failed: totalClients(point) - synced + lost,
    failureSample: failures,
    timeToSynced: timeToSynced.summary(),
    latency: latency.summary(),
    sent: sent - sentBeforeWindow,
    expectedDeliveries: expectedInWindow,
    delivered,
    deliveredPerSec: delivered / windowS,
    serverCpu,
    treeCpu,
    cpuPerDeliveryUs: delivered > 0 ? ((treeCpu * cpuWindowS) / delivered) * 1e6 : NaN,
    rssBaseline: baseline?.rootRss ?? NaN,
    rssPeak,
    treeRssPeak,
    rssPerConnection: baseline && synced > 0 ? (rssPeak - baseline.rootRss) / synced : NaN,
    generatorCpu,
    generatorLagP99Ms: lagP99,
    generatorLimited: generatorWasLimit(generatorCpu, lagP99),
  };
}

const WARMUP_MS = 2000;

// BENCH_DEBUG_LATENCY=1: the worst latency per 100 ms of send time, to see whether slow
// deliveries are spread out or come in stalls.
const worst = new Map<number, number>();
function debugLatency(sentAt: number, ms: number): void {
  const slot = Math.floor(sentAt / 100);
  worst.set(slot, Math.max(worst.get(slot) ?? 0, ms));
}
function printDebugLatency(): void {
  const slots = [...worst.keys()].sort((a, b) => a - b);
  const first = slots[0] ?? 0;
  console.error('worst latency per 100 ms:', slots.map((s) => `${((s - first) / 10).toFixed(1)}s:${worst.get(s)!.toFixed(0)}`).join(' '));
  worst.clear();
}
