// The generator against real servers in child processes, at a tiny load: every
// client syncs, and every update reaches every other client of its document.
import { afterAll, describe, expect, it } from 'vitest';
import { startPeer } from '../servers/peer-targets';
import type { Target } from './target';
import { runPoint } from './run-point';

const started: Target[] = [];
afterAll(async () => {
  await Promise.all(started.map((t) => t.stop()));
});

const tiny = { name: 'tiny', docs: 2, clientsPerDoc: 3, rate: 4, durationS: 2 };

describe.each(['y-websocket', 'hocuspocus'])('generator against %s', (server) => {
  it('syncs every client and delivers every update to the other clients of its document', async () => {
    const target = await startPeer(server);
    started.push(target);
    const r = await runPoint(target, tiny);
    expect(r.synced).toBe(6);
    expect(r.failed).toBe(0);
    expect(r.sent).toBeGreaterThan(0);
    // Each update reaches the 2 other clients of its document, none are lost or doubled.
    expect(r.expectedDeliveries).toBe(r.sent * 2);
    expect(r.delivered).toBe(r.expectedDeliveries);
    expect(r.latency.count).toBe(r.delivered);
    expect(r.serverCpu).toBeGreaterThan(0);
    expect(r.rssPeak).toBeGreaterThan(0);
  });
});

it('counts clients a server never syncs as failed instead of hanging', async () => {
  // Hocuspocus framing against the classic server: it cannot parse it, so no client syncs.
  const target = await startPeer('y-websocket');
  started.push(target);
  const r = await runPoint({ ...target, wire: 'hocuspocus' }, { ...tiny, docs: 1, clientsPerDoc: 2, durationS: 0.5 }, { connectTimeoutMs: 2000 });
  expect(r.synced).toBe(0);
  expect(r.failed).toBe(2);
  expect(r.failureSample.length).toBeGreaterThan(0);
});
